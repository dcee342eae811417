#!/usr/bin/env bash
# Time from process start to a served /fhir/metadata, resident memory and heap after start, for the
# packaged server on the embedded store (first start on an empty directory, then a second start on
# the same data) and on Debian's PostgreSQL 15 (own cluster on a free port, dropped afterwards).
#
#   bench/startup.sh [runs]              starts README's run command (bin/run) each time
#   JAVA_OPTS="..." bench/startup.sh 5    other JVM options than bin/run's defaults
#
# Prints one line per start and the medians; paste them into BENCHMARKS.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
root=$PWD
mvn -B -q -DskipTests package   # so that bin/run does not build inside a timed start
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_once LABEL DIR [ENV...]: prints "label seconds rss_mb heap_mb"
start_once() {
  local label=$1 dir=$2; shift 2
  local port; port=$(free_port)
  mkdir -p "$dir"
  local t0; t0=$(date +%s.%N)
  (cd "$dir" && exec env PORT="$port" SSKDT_LOG_FORMAT= "$@" "$root/bin/run" >>"$dir/server.log" 2>&1) &
  local pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
    kill -0 $pid 2>/dev/null || { echo "server died, see $dir/server.log" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  local t1; t1=$(date +%s.%N)
  local jpid=$pid   # bin/run execs java
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$jpid/status)
  local heap; heap=$(curl -s "http://127.0.0.1:$port/actuator/prometheus" |
    awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {print int(s/1048576)}')
  kill $pid; wait $pid 2>/dev/null || true
  printf '%s %.1f %s %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$rss" "$heap"
}

results=$work/results
for i in $(seq "$runs"); do
  start_once embedded-first "$work/embedded-$i" | tee -a "$results"
  start_once embedded-second "$work/embedded-$i" | tee -a "$results"
done
if command -v pg_createcluster >/dev/null; then
  port=$(free_port); name=sskdt_bench_$$
  pg_createcluster 15 "$name" -p "$port" -- --auth-host=trust --auth-local=trust >/dev/null
  pg_ctlcluster --skip-systemctl-redirect 15 "$name" start
  trap 'pg_dropcluster --stop 15 '"$name"'; rm -rf "$work"' EXIT
  for i in $(seq "$runs"); do
    start_once postgresql-15 "$work/pg15-$i" SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$port/postgres" \
      SPRING_DATASOURCE_USERNAME=postgres | tee -a "$results"
  done
fi

echo
echo "median over $runs run(s), JAVA_OPTS='${JAVA_OPTS:-bin/run default}', $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB:"
echo "| store | ready (s) | RSS (MB) | heap used (MB) |"
echo "|---|---|---|---|"
for label in embedded-first embedded-second postgresql-15; do
  grep -q "^$label " "$results" || continue
  med() { grep "^$label " "$results" | awk -v c="$1" '{print $c}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "| $label | $(med 2) | $(med 3) | $(med 4) |"
done
