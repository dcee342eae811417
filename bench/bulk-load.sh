#!/usr/bin/env bash
# Bulk initial load speed (docs/bulk-load.md): bench/bulk-load.sh [RESIDENTS] [PROVINCE] [YEAR] [YEARS]
# Generates a synthetic province (seed 42, bin/generate), starts the server on a fresh embedded store in
# BENCH_DIR (default: a new temporary directory; the jar is copied there so the store can be restarted
# later with the same build), loads the province with vn.sskdt.ingest.BulkLoad ($import by level, a
# system account's token), then checks the province's indicators against truth.json and reports time,
# resources/s, residents/s, the load average during the run and the database size. The store is kept;
# BENCH_DIR/README.txt says how to start a server on it.
# Resuming a load that stopped part-way in BENCH_DIR (same input, same bulk-id-key; docs/bulk-load.md,
# "An interrupted load"): BULK_FROM_LEVEL=N imports levels N and up only. BULK_REBUILD_FACTS=1 then
# rebuilds the indicator facts ($rebuild-indicator-facts), says which fact tables the rebuild changed
# and compares the indicators with truth.json again (needed when the store was partly loaded by an
# older build whose facts lacked a column).
set -euo pipefail
residents=${1:-100000}
province=${2:-46}
year=${3:-2025}
years=${4:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-$(mktemp -d /tmp/sskdt-bench-bulk.XXXXXX)}
port=${BENCH_PORT:-18140}
dbport=${BENCH_DB_PORT:-55540}
java_opts=${JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -XX:NewRatio=4}
from_level=${BULK_FROM_LEVEL:-}
mkdir -p "$dir"
[ -f "$dir/system-client-secret" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$dir/system-client-secret"
[ -f "$dir/bulk-id-key" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/bulk-id-key"
secret=$(cat "$dir/system-client-secret")
jar=$root/target/sskdt-server.jar
[ -f "$jar" ] || mvn -B -q -f "$root/pom.xml" -DskipTests package
cp "$jar" "$dir/sskdt-server.jar"

if [ ! -f "$dir/input/truth.json" ]; then
  start=$(date +%s)
  "$root/bin/generate" --seed 42 --residents "$residents" --province "$province" --year "$year" --years "$years" \
    --out "$dir/input" >"$dir/generate.log" 2>&1
  echo "generated in $(( $(date +%s) - start )) s: $(tail -2 "$dir/generate.log" | head -1)"
fi

loadavg_log=$dir/loadavg.log
: >"$loadavg_log"
trap '[ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT
(while true; do cut -d' ' -f1 /proc/loadavg >>"$loadavg_log"; sleep 10; done) &
sampler=$!

(cd "$dir" && exec env PORT="$port" SSKDT_LOG_FORMAT= SSKDT_DATABASE_EMBEDDED_PORT="$dbport" \
   SSKDT_SECURITY_LOCAL_SYSTEMCLIENTSECRET="$secret" SSKDT_DEMO_DATA_ENABLED=false \
   java $java_opts -jar "$dir/sskdt-server.jar" >"$dir/server.log" 2>&1) &
server=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
  kill -0 $server 2>/dev/null || { echo "server did not start, see $dir/server.log" >&2; exit 1; }
  sleep 2
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load before the run $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(date +%s.%N)
status=0
SSKDT_CLIENT_ID=sskdt-system SSKDT_CLIENT_SECRET="$secret" SSKDT_BULK_ID_KEY=$(cat "$dir/bulk-id-key") \
  java -Xmx2g -XX:+UseParallelGC -Dloader.main=vn.sskdt.ingest.BulkLoad -cp "$dir/sskdt-server.jar" \
  org.springframework.boot.loader.launch.PropertiesLauncher \
  --base "http://127.0.0.1:$port" --token-url "http://127.0.0.1:$port/oauth2/token" \
  --in "$dir/input/bundles.ndjson" --work "$dir/ndjson" ${from_level:+--from-level "$from_level"} \
  2>&1 >"$dir/bulk-load.out" | tee "$dir/bulk-load.log" || status=$?
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
kill "$sampler"; sampler=
cat "$dir/bulk-load.out"
# 1: some bundles were not loaded (listed above) and the rest was; 3 (or anything else): the load stopped
[ "$status" -le 1 ] || { echo "the load stopped (exit $status), see $dir/bulk-load.log" >&2; exit "$status"; }
rm -rf "$dir/ndjson" # personal data, and as large as the store

if [ -n "$from_level" ]; then
  echo "total ${elapsed} s, resumed from level $from_level (residents/s only means something for a whole load)"
else
  echo "total ${elapsed} s: $(echo "scale=1; $residents / $elapsed" | bc) residents/s (the $residents of 1 January; births add a few)"
fi
echo "load average during the run (every 10 s): median $(sort -n "$loadavg_log" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')," \
  "max $(sort -n "$loadavg_log" | tail -1)"
sql() { psql -q -X -At -F ' ' -h 127.0.0.1 -p "$dbport" -U postgres -d postgres -c "$1"; }
sql "select 'database: ' || pg_size_pretty(pg_database_size(current_database())) || ', resources: ' || count(*)
   || ', of them Patients: ' || count(*) filter (where res_type = 'Patient') from hfj_resource"

# stored resources by type against the conversion's counts (the line "converted … ({Coverage=…, …})")
grep -o 'resources ({[^}]*})' "$dir/bulk-load.log" | tail -1 | tr -d '(){}' | sed 's/^resources //; s/, /\n/g' \
  | tr '=' ' ' | sort >"$dir/expected-counts.txt"
sql "select res_type, count(*) from hfj_resource where res_deleted_at is null group by res_type" | sort >"$dir/stored-counts.txt"
echo "resources by type (stored, converted; '-': none):"
join -a 1 -a 2 -e - -o 0,1.2,2.2 "$dir/stored-counts.txt" "$dir/expected-counts.txt" \
  | awk '{print "  " $1 " " $2 " " $3 " " ($3 == "-" ? "(not in the load)" : ($2 == $3 ? "equal" : "DIFFERENT"))}'

# the indicator facts (rows per table), and a checksum of each table's rows
facts() {
  for t in ind_resident ind_residence ind_dose ind_encounter ind_insurance ind_height ind_resident_year; do
    sql "select '$t', count(*), coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '-') from $t x"
  done
  # without the target groups, a column the store's first build did not have
  sql "select 'ind_encounter-without-target_groups', count(*), md5(string_agg(md5((encounter_id, patient_id, checkup_type,
         finished, started)::text), '' order by md5((encounter_id, patient_id, checkup_type, finished, started)::text))) from ind_encounter"
}
echo "indicator facts (rows): $(facts | tee "$dir/facts-after-load.txt" | awk '{printf "%s %s, ", $1, $2}')"

token() {
  local t
  t=$(curl -sf -u "sskdt-system:$secret" -d grant_type=client_credentials -d 'scope=system/*.cruds' \
    "http://127.0.0.1:$port/oauth2/token" | jq -r .access_token)
  [ -n "$t" ] && [ "$t" != null ] || { echo "no token from the server" >&2; return 1; }
  echo "$t"
}
# the province's indicators against the generator's truth
compare_with_truth() {
  curl -sf -H "Authorization: Bearer $(token)" -o "$dir/reports.json" \
    "http://127.0.0.1:$port/fhir/Measure/\$evaluate-measure?periodStart=$year-01-01&periodEnd=$year-12-31&jurisdiction=$province"
  jq -r --slurpfile truth "$dir/input/truth.json" '
    [.entry[].resource | {key: (.measure | split("|")[0] | split("/")[-1]),
       value: [(.group[0].population[] | select(.code.coding[0].code == "numerator") | .count),
               (.group[0].population[] | select(.code.coding[0].code == "denominator") | .count)]}] | from_entries as $server
    | $truth[0].rows[] | select(.level == "province" and ($truth[0].definitions[.indicator].computableFromBundles // false)
                                 and .indicator != "height-1-18")
    | "\(.indicator): server \($server[.indicator]) truth [\(.numerator),\(.denominator)] "
      + (if $server[.indicator] == [.numerator, .denominator] then "equal" else "DIFFERENT" end)' "$dir/reports.json"
}
compare_with_truth

if [ -n "${BULK_REBUILD_FACTS:-}" ]; then
  start=$(date +%s)
  curl -sf -X POST -H "Authorization: Bearer $(token)" "http://127.0.0.1:$port/fhir/\$rebuild-indicator-facts" \
    | jq -c '[.parameter[] | {(.name): .valueInteger}] | add'
  echo "facts rebuilt in $(( $(date +%s) - start )) s; what the rebuild changed (table: rows before → after):"
  facts >"$dir/facts-after-rebuild.txt"
  join <(sort "$dir/facts-after-load.txt") <(sort "$dir/facts-after-rebuild.txt") \
    | awk '{print "  " $1 ": " $2 " → " $4 ($3 == $5 ? ", same rows" : ", CHANGED")}'
  echo "after the rebuild:"
  compare_with_truth
fi
