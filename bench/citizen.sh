#!/usr/bin/env bash
# Latency of the citizen's operations, for BENCHMARKS.md:
#   bench/citizen.sh --store DIR [options]
# starts a server on the store in DIR (a loaded province, e.g. /work/bench-100k), picks citizens from
# its database, signs each of them in through the local sign-in, and times
#   GET /fhir/Patient/{id}/$summary         a resident opening their own book (IPS document)
#   GET /fhir/Patient/{id}/$immds-forecast  a parent opening a minor child's book (vaccination forecast)
# at each concurrency, then stops the server.
# options:
#   --jar JAR          the server jar to start (default: this checkout's target/sskdt-server.jar). Use the
#                      jar the store was loaded with: a newer build migrates the store in place
#   --port P           HTTP port of the server (default 18500; its embedded PostgreSQL: --db-port, 55900)
#   --citizens N       citizens picked per operation (default 200)
#   --warmup N         untimed requests before each timed series (default 200)
#   --requests "C:N …" concurrency:requests of the timed series (default "1:500 32:2000"). The server keeps
#                      each book's answer until a write to it commits, so a series is either warm or cold:
#                      C:N      warm: over the books opened earlier in the run (the first warm series takes
#                               --warm-books books never opened and opens them in its warm-up)
#                      C:N:cold N books never opened before in the run, each opened once, no warm-up: every
#                               request generates (the first opening of a book); needs enough --citizens
#                      C:N:prepared  the same, for books the server prepared beforehand: the script marks
#                               them changed in book_change, as a write to each does, waits until the server
#                               has stored both documents of each (the rate is printed), then opens them
#   --warm-books N     books of the first warm series (default 100)
#   --ops "…"          operations (default "summary immds-forecast")
#   --out DIR          where the citizens, raw latencies and results go (default target/citizen-bench)
#   --jfr "S …"        record a flight recording of the server during the series S (C for a warm series at
#                      concurrency C, C-cold for a cold one; sign-in and warm-up included) and sum it with
#                      bench/jfr-top.sh
# JAVA_OPTS: the server's JVM options (default bin/run's: -XX:+UseSerialGC -Xmx1g -XX:NewRatio=2); add
# -Dscheduling_disabled=true on a store whose bulk load was interrupted, or HAPI resumes its $import job
#   --pick-db-port P   pick the citizens from a PostgreSQL already serving the store on port P (e.g. the
#                      store's own server, still running) instead of starting a server to pick
#   --pick-only        pick the citizens (into --out) and stop there
#
# Citizens: the local sign-in knows only the users of its configuration (sskdt.security.local.users),
# so the script gives the server a configuration file with one citizen user per picked person (role
# citizen, claim cccd = their personal ID; password "bench-only"; it replaces the demo users). To pick
# them it needs the database first: the server is started once to pick (the picks are kept in --out and
# reused by later runs) and once more with the users. Each citizen then signs in as a browser does
# (authorization code + PKCE, app sskdt-citizen-app, scope patient/*.rs), so the requests carry real
# citizen tokens and go through the citizen's access rules (CitizenRecords' lookups) and the audit trail.
# The load driver is bench/CitizenLoad.java (Java 17 single-file program): one line per request in
# OUT/<op>-c<C>.tsv, percentiles and the 1-minute load average (sampled every 5 s) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
store= jar=$root/target/sskdt-server.jar port=18500 dbport=55900 citizens=200 warmup=200
series="1:500 32:2000" ops="summary immds-forecast" out=$root/target/citizen-bench jfr= pickport= pickonly=
warmbooks=100
while [ $# -gt 0 ]; do
  case $1 in
    --store) store=$(cd "$2" && pwd); shift 2 ;;
    --jar) jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --port) port=$2; shift 2 ;;
    --db-port) dbport=$2; shift 2 ;;
    --citizens) citizens=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --requests) series=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jfr) jfr=$2; shift 2 ;;
    --warm-books) warmbooks=$2; shift 2 ;;
    --pick-db-port) pickport=$2; shift 2 ;;
    --pick-only) pickonly=1; shift ;;
    *) sed -n '2,31p' "$0" >&2; exit 2 ;;
  esac
done
[ -n "$store" ] || { sed -n '2,31p' "$0" >&2; exit 2; }
[ -f "$jar" ] || { echo "no server jar $jar" >&2; exit 1; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
url=http://127.0.0.1:$port
if curl -s -o /dev/null "$url/fhir/metadata"; then
  echo "port $port is taken: another server? use --port" >&2; exit 1
fi

server=
stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    while kill -0 "$server" 2>/dev/null; do sleep 1; done
    server=
  fi
}
trap stop_server EXIT

start_server() { # extra arguments go to the server
  local log=$out/server.log started
  started=$(date +%s)
  echo "starting $jar on $store (port $port, database $dbport; log $log)"
  (cd "$store" && exec env PORT="$port" SSKDT_DATABASE_EMBEDDED_PORT="$dbport" SSKDT_LOG_FORMAT= \
     SSKDT_DEMO_DATA_ENABLED=false java -XX:-DontCompileHugeMethods ${JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -XX:NewRatio=2} -jar "$jar" "$@" \
     >>"$log" 2>&1) &
  server=$!
  until curl -sf -o /dev/null "$url/fhir/metadata"; do
    kill -0 "$server" 2>/dev/null || { echo "server did not start, see $log" >&2; exit 1; }
    sleep 2
  done
  echo "server ready in $(( $(date +%s) - started )) s (pid $server)"
}

sql() { psql -h 127.0.0.1 -p "${sqlport:-$dbport}" -U postgres -d postgres -At -F $'\t' -v ON_ERROR_STOP=1 "$@"; }

if [ ! -s "$out/users.yml" ]; then
  if [ -n "$pickport" ]; then sqlport=$pickport; else start_server; fi
  cccd="'http://fhir.hl7.org.vn/core/sid/cccd'"
  # residents with a personal ID, each signing in as themselves
  sql -c "select setseed(0.42)" -c "
    select 'c' || t.sp_value, 'bench-only', r.fhir_id, t.sp_value
    from hfj_resource r
    join hfj_spidx_token t on t.res_id = r.res_id and t.sp_name = 'identifier' and t.sp_system = $cccd
    where r.res_type = 'Patient' and r.res_deleted_at is null
    order by random() limit $citizens" | grep -P '\t' > "$out/summary.picks"
  # minor children, each opened by a parent or guardian (an active RelatedPerson of the child with the
  # parent's personal ID, what CitizenRecords looks for)
  sql -c "select setseed(0.43)" -c "
    select 'c' || pid.sp_value, 'bench-only', child.fhir_id, pid.sp_value
    from hfj_spidx_token pid
    join hfj_spidx_token rel on rel.res_id = pid.res_id and rel.sp_name = 'relationship'
      and rel.sp_value in ('MTH', 'FTH', 'PRN', 'GUARD')
    join hfj_spidx_token act on act.res_id = pid.res_id and act.sp_name = 'active' and act.sp_value = 'true'
    join hfj_res_link l on l.src_resource_id = pid.res_id and l.src_path = 'RelatedPerson.patient'
    join hfj_resource child on child.res_id = l.target_resource_id and child.res_deleted_at is null
    join hfj_spidx_date bd on bd.res_id = child.res_id and bd.sp_name = 'birthdate'
    where pid.res_type = 'RelatedPerson' and pid.sp_name = 'identifier' and pid.sp_system = $cccd
      and bd.sp_value_low > current_date - interval '18 years' + interval '2 days'
    order by random() limit $citizens" | grep -P '\t' > "$out/immds-forecast.picks"
  stop_server
  sqlport=
  {
    echo "# bench/citizen.sh: one citizen user per picked person (replaces the demo users; bench only)"
    echo "sskdt.security.local.users:"
    cat "$out"/*.picks | cut -f1,4 | sort -u | while IFS=$'\t' read -r user id; do
      echo "  - { username: \"$user\", role: citizen, cccd: \"$id\", password: \"{noop}bench-only\" }"
    done
  } > "$out/users.yml.tmp"
  mv "$out/users.yml.tmp" "$out/users.yml"
fi
[ -z "$pickonly" ] || { echo "picked: $(wc -l "$out"/*.picks | tail -1)"; exit 0; }
for op in $ops; do cut -f1-3 "$out/$op.picks" > "$out/$op.users.tsv"; done
echo "citizens: $(for op in $ops; do printf '%s %s; ' "$op" "$(wc -l < "$out/$op.users.tsv")"; done)users $(grep -c username "$out/users.yml")"

start_server --spring.config.additional-location="file:$out/users.yml"
sql -c "select res_type, count(*) from hfj_resource where res_deleted_at is null group by 1 order by 1" \
  > "$out/store-counts.txt"
echo "store: $(tr '\t\n' '= ' < "$out/store-counts.txt")"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$out/results.txt"
for op in $ops; do
  users=$out/$op.users.tsv opened=$out/$op.opened.tsv next=1
  : > "$opened"
  for s in $series; do
    IFS=: read -r c n kind <<< "$s"
    if [ "$kind" = cold ] || [ "$kind" = prepared ]; then
      # books never opened in this run: each request is the first opening of its book
      sed -n "${next},$((next + n - 1))p" "$users" > "$out/$op.$kind.tsv"
      [ "$(wc -l < "$out/$op.$kind.tsv")" -eq "$n" ] || { echo "too few citizens for $s: use --citizens" >&2; exit 1; }
      next=$((next + n))
      cat "$out/$op.$kind.tsv" >> "$opened"
      if [ "$kind" = prepared ]; then
        books=$(cut -f3 "$out/$op.$kind.tsv" | sed "s/.*/('Patient\/&', clock_timestamp())/" | paste -sd,)
        keys=$(cut -f3 "$out/$op.$kind.tsv" | sed "s/.*/'Patient\/&'/" | paste -sd,)
        t0=$(date +%s.%N)
        sql -c "insert into book_change (book, changed) values $books" >/dev/null
        waited=0
        until [ "$(sql -c "select count(*) from book_document d where book in ($keys)
                             and not exists (select 1 from book_change c where c.book = d.book)")" -ge $((2 * n)) ]; do
          sleep 0.5; waited=$((waited + 1))
          [ $waited -lt 1200 ] || { echo "the server did not prepare the books in 10 minutes" >&2; exit 1; }
        done
        echo "prepared $n books in $(echo "$(date +%s.%N) - $t0" | bc) s (server cpu $(ps -o cputime= -p "$server"))" | tee -a "$out/results.txt"
      fi
      set -- "$out/$op.$kind.tsv" 0 "$out/$op-c$c-$kind.tsv" "$c-$kind"
    else
      if [ ! -s "$opened" ]; then
        sed -n "${next},$((next + warmbooks - 1))p" "$users" > "$opened"
        next=$((next + warmbooks))
      fi
      set -- "$opened" "$warmup" "$out/$op-c$c.tsv" "$c"
    fi
    echo "== $op, $s: $(wc -l < "$1") books, $2 warm-up, $n timed ($(date -u +%H:%M:%S) UTC)"
    record=
    for j in $jfr; do [ "$j" = "$4" ] && record=$out/$op-$4.jfr; done
    if [ -n "$record" ]; then
      jcmd "$server" JFR.start name=citizen settings=profile filename="$record" >/dev/null
    fi
    SERVER_PID=$server DATABASE_PID=$(pgrep -f -- "bin/postgres -D .* -p $dbport " | head -1) java "$root/bench/CitizenLoad.java" "$url" "$1" "$op" "$c" "$n" "$2" "$3" | sed "s/^\(RESULT\|CPU\) /\1 series=$4 /" \
      | tee -a "$out/results.txt"
    if [ -n "$record" ]; then
      jcmd "$server" JFR.stop name=citizen >/dev/null
      "$root/bench/jfr-top.sh" "$record" | tee -a "$out/results.txt"
    fi
    echo "server: $(ps -o cputime=,rss= -p "$server" | awk '{print "cpu " $1 ", rss " int($2/1024) " MiB"}')" | tee -a "$out/results.txt"
  done
done
stop_server
echo "done; results in $out/results.txt"
grep RESULT "$out/results.txt"
