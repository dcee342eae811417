#!/usr/bin/env bash
# Our fact-table indicators against HAPI's standard, CQL-per-person $evaluate-measure, on the same data:
#   bench/cql.sh [RESIDENTS] [RUNS] [WARM-UPS]
# 1. writes a synthetic province (bin/generate --seed 42 --province 31, three communes, 2025);
# 2. starts a plain HAPI FHIR JPA 8.8.0 server with clinical reasoning (bench/cql/, port 18380, its own
#    embedded PostgreSQL) and README's run command of ours (port 18381), both on fresh stores;
# 3. loads the same bundles into both (demo.ProvinceLoader; ours with a service account's token and
#    profile validation off: writing is not what is measured here, and it would triple the load time);
# 4. stores the CQL versions of our Measures (bench/cql/measures/*.cql) in the CQL server;
# 5. asks each server Measure/<id>/$evaluate-measure for 2025 (reportType population; ours for
#    province 31, which holds everybody loaded), WARM-UPS times untimed (the CQL engine's code needs
#    several whole evaluations before the JIT has compiled it: its first ones took 3-6 times longer) and
#    RUNS times timed;
# 6. prints the times, the medians, their ratio, and both servers' numerator/denominator beside the
#    generator's truth.json.
# BENCH_DIR=<dir of an earlier run> reuses its data and both stores (no generation, no load).
set -euo pipefail
residents=${1:-1000}
runs=${2:-5}
warmups=${3:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$(mktemp -d /tmp/sskdt-bench-cql.XXXXXX)}
cql_port=18380 cql_dbport=55780
our_port=18381 our_dbport=55781
measures=(checkup-annual:CheckupAnnual bhyt-active:BhytActive fully-immunized-1y:FullyImmunized1y)
query="periodStart=2025-01-01&periodEnd=2025-12-31&reportType=population"
secret=bench-$RANDOM$RANDOM
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

if [ ! -f "$dir/data/bundles.ndjson" ]; then
  "$root/bin/generate" --seed 42 --residents "$residents" --province 31 --communes 10507,10525,10532 \
    --year 2025 --out "$dir/data"
fi
jar=$root/bench/cql/target/cql-server.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/cql/src" "$root/bench/cql/pom.xml" -newer "$jar" -print -quit)" ]; then
  mvn -B -q -f "$root/bench/cql/pom.xml" -DskipTests package
fi

mkdir -p "$dir/cql" "$dir/ours"
# -Xmx1g: the CQL engine holds every person's evaluation state of a request (ours runs with 1 GB too)
(cd "$dir/cql" && exec java -XX:+UseSerialGC -Xmx1g -jar "$jar" --server.port=$cql_port \
   --bench.database-port=$cql_dbport --bench.data-directory="$dir/cql/postgres" >"$dir/cql/log" 2>&1) &
pids+=($!)
(cd "$dir/ours" && exec env PORT=$our_port SSKDT_LOG_FORMAT= SSKDT_DATABASE_EMBEDDED_PORT=$our_dbport \
   SSKDT_SECURITY_LOCAL_SYSTEMCLIENTSECRET="$secret" SSKDT_DEMO_DATA_ENABLED=false SSKDT_PROFILES_ENFORCED=false \
   "$root/bin/run" >"$dir/ours/log" 2>&1) &
pids+=($!)
for port in $cql_port $our_port; do
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a server did not start, see $dir/*/log" >&2; exit 1; }; done
    sleep 2
  done
done
token() {
  curl -sf -u "sskdt-system:$secret" -d grant_type=client_credentials -d 'scope=system/*.cruds' \
    "http://127.0.0.1:$our_port/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"

load() { # port failures-file [token]
  SSKDT_TOKEN=${3:-} java -Dloader.main=vn.sskdt.demo.ProvinceLoader -cp "$root/target/sskdt-server.jar" \
    org.springframework.boot.loader.launch.PropertiesLauncher --base "http://127.0.0.1:$1" \
    --in "$dir/data/bundles.ndjson" --concurrency 4 --failures "$2" 2>&1 | tail -1 || true
}
if [ ! -f "$dir/loaded" ]; then
  echo "loading $(wc -l < "$dir/data/bundles.ndjson") bundles into both servers..."
  load $cql_port "$dir/cql/failures.ndjson" | sed 's/^/CQL server: /' &
  loading=$!
  load $our_port "$dir/ours/failures.ndjson" "$(token)" | sed 's/^/our server: /'
  wait $loading
  touch "$dir/loaded"
fi
"$root/bench/cql/measures/bundle.sh" "${measures[@]}" >"$dir/measures.json"
curl -sf -o /dev/null -X POST -H 'Content-Type: application/fhir+json' --data-binary @"$dir/measures.json" \
  "http://127.0.0.1:$cql_port/fhir"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
count() { # report population-code
  jq -r --arg c "$2" '[.group[0].population[] | select(.code.coding[0].code == $c) | .count // 0][0]' "$1"
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
time_get() { # label server-pid url out [token]
  local times=() auth=() before
  [ -n "${5:-}" ] && auth=(-H "Authorization: Bearer $5")
  for _ in $(seq "$warmups"); do # JIT, caches, and for CQL the library's translation to ELM
    curl -sf -o "$4" "${auth[@]}" "$3"
  done
  before=$(cpu "$2")
  for _ in $(seq "$runs"); do
    times+=("$(curl -sf -o "$4" -w '%{time_total}' "${auth[@]}" "$3")")
  done
  local m; m=$(printf '%s\n' "${times[@]}" | median)
  # on a shared machine the server's own CPU time is steadier than the wall clock
  printf '%-40s %s  median %s s, server CPU %s s per request\n' "$1" "${times[*]}" "$m" \
    "$(echo "scale=3; ($(cpu "$2") - $before) / $(getconf CLK_TCK) / $runs" | bc)" >&2
  echo "$m"
}
people=$(curl -sf "http://127.0.0.1:$cql_port/fhir/Patient?_summary=count" | jq .total)
echo "$people Patients in each store; $runs timed runs after $warmups untimed; load now $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in "${measures[@]}"; do
  id=${pair%%:*}
  cql=$(time_get "$id, CQL (clinical reasoning)" "${pids[0]}" \
    "http://127.0.0.1:$cql_port/fhir/Measure/$id/\$evaluate-measure?$query" "$dir/cql-$id.json")
  ours=$(time_get "$id, ours (fact tables)" "${pids[1]}" \
    "http://127.0.0.1:$our_port/fhir/Measure/$id/\$evaluate-measure?$query&jurisdiction=31" "$dir/ours-$id.json" "$(token)")
  truth=$(jq -r --arg id "$id" '.rows[] | select(.indicator == $id and .level == "province" and .year == 2025)
    | "\(.numerator)/\(.denominator)"' "$dir/data/truth.json")
  echo "$id: CQL $(count "$dir/cql-$id.json" numerator)/$(count "$dir/cql-$id.json" denominator)," \
    "ours $(count "$dir/ours-$id.json" numerator)/$(count "$dir/ours-$id.json" denominator), truth.json $truth;" \
    "median CQL $cql s, ours $ours s: ratio $(echo "scale=1; $cql / $ours" | bc)x;" \
    "CQL $(echo "scale=1; 1000 * $cql / $people" | bc) ms per person"
done
echo "load now $(cut -d' ' -f1-3 /proc/loadavg); results and logs in $dir"
