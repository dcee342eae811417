#!/usr/bin/env bash
# Indicator query speed at province scale: bench/indicators.sh [RESIDENTS] [PROVINCE] [RUNS]
# Starts README's run command on a fresh embedded store, measures what maintaining the facts adds to
# check-up writes (CHECKUPS=200 transactions), then fills the indicator fact tables with a
# synthetic province straight in SQL (bench/indicator-facts.sql: ten years of facts per resident),
# then times, RUNS times each, through HTTP with a service account's token:
#   all indicators for the province by commune (Measure/$evaluate-measure, one report per indicator),
#   the same for a period that is not a calendar year (the whole-population indicators from the fact
#   tables: no year rows; cohorts and heights still from their ready rows),
#   all indicators for one commune, the CSV table of the province, one indicator for the province,
# (FACT_TABLES_QUESTION=0 leaves out the not-a-calendar-year question: minutes at a million;
#  INGEST_ONLY=1 stops after the write cost and the rebuild of what was written)
# and a rebuild is NOT run here (it reads FHIR resources; these facts have none): see BENCHMARKS.md.
# Prints each time and the medians, in seconds.
set -euo pipefail
residents=${1:-1000000}
province=${2:-31}
runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
# BENCH_DIR=<dir of an earlier run>: reuse its store and facts (filling a million takes minutes)
dir=${BENCH_DIR:-$(mktemp -d /tmp/sskdt-bench-indicators.XXXXXX)}
port=${PORT:-18093}
dbport=${DB_PORT:-55493}
secret=bench-$RANDOM$RANDOM
trap '[ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT

start_server() {
  (cd "$dir" && exec env PORT="$port" SSKDT_LOG_FORMAT= SSKDT_DATABASE_EMBEDDED_PORT=$dbport \
     SSKDT_SECURITY_LOCAL_SYSTEMCLIENTSECRET="$secret" SSKDT_DEMO_DATA_ENABLED=false \
     "$root/bin/run" >>"$dir/log" 2>&1) &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do
    kill -0 $server 2>/dev/null || { echo "server did not start, see $dir/log" >&2; exit 1; }
    sleep 1
  done
  new_token
}
new_token() {
  token=$(curl -sf -u "sskdt-system:$secret" -d grant_type=client_credentials -d 'scope=system/*.cruds' \
    "http://127.0.0.1:$port/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
}
start_server
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. What keeping the facts costs a write: check-up transactions (11 resources) posted one at a time;
#    the share of their time spent in the fact maintenance (Micrometer timer) is the cost.
psqlc() { psql -q -X -h 127.0.0.1 -p $dbport -U postgres -d postgres "$@"; }
present=$(psqlc -At -c "select count(*) from ind_resident where patient_id like 'bench-%'")
if [ "$present" != "$residents" ]; then
checkups=${CHECKUPS:-200}
node "$root/bench/checkup-bundles.js" "$root/fhir-profiles/target/package-staging/package" "$((checkups + 20))" "$dir/bundles" >/dev/null
post() { curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/fhir+json' --data-binary @"$1" "http://127.0.0.1:$port/fhir"; }
post "$dir/bundles/examples.json"
bundles=( "$dir"/bundles/checkup-*.json )
for b in "${bundles[@]:0:20}"; do post "$b"; done # warm-up
facts_sum() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/actuator/prometheus" \
  | awk '/^sskdt_indicators_facts_maintenance_seconds_sum/ {print $2}'; }
before=$(facts_sum); start=$(date +%s.%N)
for b in "${bundles[@]:20}"; do post "$b"; done
end=$(date +%s.%N); after=$(facts_sum)
echo "ingest: $checkups check-up transactions in $(echo "$end - $start" | bc) s; fact maintenance $(echo "$after - $before" | bc) s =" \
  "$(echo "scale=2; 100 * ($after - $before) / ($end - $start)" | bc) % of the time"
# a rebuild recomputes the facts from the resources just stored
resources=$(psqlc -At -c "select count(*) from hfj_resource where res_type in ('Patient','Immunization','Encounter','Coverage','Observation') and res_deleted_at is null")
start=$(date +%s.%N)
curl -sf -o "$dir/rebuilt.json" -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/fhir+json' \
  -d '{"resourceType":"Parameters"}' "http://127.0.0.1:$port/fhir/\$rebuild-indicator-facts"
echo "rebuild: $resources resources in $(echo "$(date +%s.%N) - $start" | bc) s"
[ "${INGEST_ONLY:-0}" = 1 ] && exit 0 # only what keeping the facts costs a write

# 2. Indicator queries on a province of facts
grep "^$province," "$root/fhir-profiles/data/admin-units-2025.csv" | cut -d, -f4 > "$dir/communes.csv"
psqlc -c "drop table if exists bench_communes; create table bench_communes (n serial, commune varchar(5))"
psqlc -c "\\copy bench_communes (commune) from '$dir/communes.csv'"
echo "filling facts for $residents residents of province $province ($(wc -l < "$dir/communes.csv") communes)..."
start=$(date +%s)
(cd "$root" && psqlc -v residents="$residents" -v province="$province" -f bench/indicator-facts.sql)
echo "facts filled in $(( $(date +%s) - start )) s"
# The yearly resident rows (ind_resident_year) are the server's to compute: restarted, it finds the
# years unfilled and fills them in the background, newest first; the bench waits for the period's year.
kill "$server"; wait "$server" 2>/dev/null || true
start=$(date +%s)
start_server
until [ "$(psqlc -At -c "select count(*) from ind_resident_year_filled where year = 2025")" = 1 ]; do sleep 2; done
echo "resident rows of 2025 filled by the server in $(( $(date +%s) - start )) s after its restart" \
  "($(psqlc -At -c "select count(*) from ind_resident_year where year = 2025") rows)"
else
echo "reusing the $residents residents' facts of $dir"
fi
# The other rows kept ready (year cells, birthday cohorts, located heights, height cells) are filled by the server in
# the background as well; the timed questions wait for those of 2025.
start=$(date +%s)
until [ "$(psqlc -At -c "select (select count(*) from ind_resident_year_filled where year = 2025 and cells)
    + (select count(*) from ind_ready where what in ('birthdays', 'heights', 'height-cells'))")" = 4 ]; do sleep 5; done
echo "cells of 2025, birthday cohorts, located heights and height cells ready $(( $(date +%s) - start )) s after the wait began:"
grep -o 'Indicator rows ready: .*' "$dir/log" | tail -20 || true
new_token
psqlc -c "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as fact_tables_with_indexes
          from pg_class c where c.relname like 'ind\\_%' and c.relkind = 'r'"
commune=$(head -1 "$dir/communes.csv")

period="periodStart=2025-01-01&periodEnd=2025-12-31"
time_get() { # label url
  local times=()
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "$2" # warm-up (JIT, PostgreSQL caches)
  for _ in $(seq "$runs"); do
    times+=("$(curl -sf -o "$dir/out" -w '%{time_total}' -H "Authorization: Bearer $token" "$2")")
  done
  printf '%-48s %s  median %s s  (%s bytes)\n' "$1" "${times[*]}" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$(wc -c < "$dir/out")"
}
echo "load now $(cut -d' ' -f1-3 /proc/loadavg)"
time_get "all indicators, province $province by commune" "http://127.0.0.1:$port/fhir/Measure/\$evaluate-measure?$period&jurisdiction=$province"
# the same question over a period that is not a calendar year: answered from the fact tables alone
[ "${FACT_TABLES_QUESTION:-1}" = 0 ] || time_get "same, 2025-01-01..2025-12-30 (fact tables only)" "http://127.0.0.1:$port/fhir/Measure/\$evaluate-measure?periodStart=2025-01-01&periodEnd=2025-12-30&jurisdiction=$province"
time_get "all indicators, commune $commune" "http://127.0.0.1:$port/fhir/Measure/\$evaluate-measure?$period&jurisdiction=$commune"
time_get "CSV table, province $province" "http://127.0.0.1:$port/fhir/Measure/\$indicator-table?$period&jurisdiction=$province"
time_get "fully-immunized-1y, province $province" "http://127.0.0.1:$port/fhir/Measure/fully-immunized-1y/\$evaluate-measure?$period&jurisdiction=$province"
time_get "checkup-annual, province $province" "http://127.0.0.1:$port/fhir/Measure/checkup-annual/\$evaluate-measure?$period&jurisdiction=$province"
time_get "height-1-18, province $province" "http://127.0.0.1:$port/fhir/Measure/height-1-18/\$evaluate-measure?$period&jurisdiction=$province"
