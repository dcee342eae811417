#!/usr/bin/env bash
# What profile validation costs: the same check-up transaction bundles posted to a fresh server with
# validation on and then off (sskdt.profiles.enforced), 4 clients at a time, after a warm-up.
#   bench/validation.sh [bundles=500] [clients=4]
# Prints bundles/s for each and the ratio; paste into BENCHMARKS.md with the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}; clients=${2:-4}; root=$PWD
mvn -B -q -DskipTests package
work=$(mktemp -d); pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"; true' EXIT
node bench/checkup-bundles.js fhir-profiles/target/package-staging/package "$((n + 20))" "$work/bundles"
bundles=( "$work"/bundles/checkup-*.json )
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
post() { curl -sf -o /dev/null -X POST -H 'Content-Type: application/fhir+json' --data-binary @"$2" "$1"; }
export -f post

for enforced in true false; do
  port=$(free_port); dir=$work/server-$enforced; mkdir -p "$dir"
  (cd "$dir" && exec env PORT="$port" SSKDT_LOG_FORMAT= SSKDT_PROFILES_ENFORCED=$enforced "$root/bin/run" >"$dir/log" 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do sleep 0.5; done
  base=http://127.0.0.1:$port/fhir
  post "$base" "$work/bundles/examples.json"
  # warm-up: the first 20 bundles (JIT, validator caches), not timed
  printf '%s\n' "${bundles[@]:0:20}" | xargs -P "$clients" -I{} bash -c 'post "$0" "$1"' "$base" {}
  start=$(date +%s.%N)
  printf '%s\n' "${bundles[@]:20}" | xargs -P "$clients" -I{} bash -c 'post "$0" "$1"' "$base" {}
  end=$(date +%s.%N)
  kill $pid; wait $pid 2>/dev/null || true
  rate=$(echo "scale=1; $n / ($end - $start)" | bc)
  echo "validation $enforced: $n bundles (11 resources each) in $(echo "$end - $start" | bc) s = $rate bundles/s"
  eval "rate_$enforced=$rate"
done
echo "ratio (off / on): $(echo "scale=2; $rate_false / $rate_true" | bc)x, $(nproc) cores, clients=$clients"
