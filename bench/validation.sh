#!/usr/bin/env bash
# What profile validation costs: the same check-up transaction bundles posted to a fresh server with
# validation on and then off (sskdt.profiles.enforced), 4 clients at a time, after a warm-up.
#   bench/validation.sh [bundles=500] [clients=4] [rounds=1] [warmup=100]
# Each round starts two fresh servers (embedded store), on then off, so that with rounds > 1 the two
# modes alternate over the same stretch of time: on a shared machine, compare medians. Prints
# bundles/s and the server's CPU time per bundle for every run (and of it, the CPU time of the threads
# validating, from the server's sskdt_profiles_validation_cpu timer, and of the JIT compiler threads),
# then the medians and their ratio;
# paste into BENCHMARKS.md with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}; clients=${2:-4}; rounds=${3:-1}; warmup=${4:-100}; root=$PWD
mvn -B -q -DskipTests package
work=$(mktemp -d); pid=
# `|| true`: the server is usually gone already, and a failing kill must not become the exit status
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
node bench/checkup-bundles.js fhir-profiles/target/package-staging/package "$((n + warmup))" "$work/bundles"
bundles=( "$work"/bundles/checkup-*.json )
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# every /fhir request needs a bearer token: the servers enable the local sign-in's `sskdt-system`
# client (client credentials) with a secret made up for this run; the token goes to curl through the
# environment, not its command line
secret=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
post() { curl -sf -o /dev/null -X POST -H "$AUTHORIZATION" -H 'Content-Type: application/fhir+json' --data-binary @"$2" "$1"; }
export -f post
token() {
  local endpoint
  endpoint=$(curl -sf "$1/.well-known/smart-configuration" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token_endpoint))')
  curl -sf -u "sskdt-system:$secret" -d grant_type=client_credentials -d 'scope=system/*.cruds' "$endpoint" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token))'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# CPU of the JVM's JIT compiler threads (C1, C2): still compiling means the server is not warm yet
jit_ticks() {
  local t sum=0
  for t in /proc/"$1"/task/*; do
    if grep -q '^C[12] Compiler' "$t/comm" 2>/dev/null; then
      sum=$((sum + $(sed 's/^.*) //' "$t/stat" | awk '{print $12 + $13}')))
    fi
  done
  echo "$sum"
}
# CPU time the server's threads spent validating transactions so far, in ms (ProfileEnforcer's timer)
validation_ms() {
  { curl -sf -H "$AUTHORIZATION" "http://127.0.0.1:$port/actuator/prometheus" || true; } \
    | awk '/^sskdt_profiles_validation_cpu_seconds_sum/ {ms = $2 * 1000} END {printf "%d", ms}'
}
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ticks=$(getconf CLK_TCK)
declare -A rates cpus

for round in $(seq "$rounds"); do
  for enforced in true false; do
    port=$(free_port); dir=$work/server-$round-$enforced; mkdir -p "$dir"
    # no demo commune: it is loaded in the background at a first start (competing with the timed
    # phase) and holds the example resident's personal ID, which examples.json would then conflict with.
    # No background preparation of the books written (docs/citizen-book.md): it would spend up to half a
    # core during the timed phase, the same in both modes, and blur what validation costs the writes
    (cd "$dir" && exec env PORT="$port" SSKDT_LOG_FORMAT= SSKDT_PROFILES_ENFORCED=$enforced SSKDT_DEMO_DATA_ENABLED=false \
      SSKDT_CITIZEN_PREPAREDOCUMENTS=false \
      SSKDT_SECURITY_LOCAL_SYSTEMCLIENTSECRET="$secret" "$root/bin/run" >"$dir/log" 2>&1) &
    pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/fhir/metadata"; do sleep 0.5; done
    base=http://127.0.0.1:$port/fhir
    AUTHORIZATION="Authorization: Bearer $(token "$base")"; export AUTHORIZATION
    post "$base" "$work/bundles/examples.json"
    # warm-up, not timed: the JIT compiles the validator (~100 bundles before it runs at full speed)
    printf '%s\n' "${bundles[@]:0:$warmup}" | xargs -P "$clients" -I{} bash -c 'post "$0" "$1"' "$base" {}
    load=$(cut -d' ' -f1 /proc/loadavg)
    cpu0=$(cpu_ticks "$pid"); jit0=$(jit_ticks "$pid"); validating0=$(validation_ms); start=$(date +%s.%N)
    printf '%s\n' "${bundles[@]:$warmup}" | xargs -P "$clients" -I{} bash -c 'post "$0" "$1"' "$base" {}
    end=$(date +%s.%N); cpu1=$(cpu_ticks "$pid"); jit1=$(jit_ticks "$pid"); validating1=$(validation_ms)
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
    rate=$(echo "scale=2; $n / ($end - $start)" | bc)
    cpu=$(( (cpu1 - cpu0) * 1000 / ticks / n ))
    echo "round $round, validation $enforced: $n bundles (11 resources each) in $(echo "$end - $start" | bc) s = $rate bundles/s;" \
      "server CPU $cpu ms/bundle (validating $(( (validating1 - validating0) / n )) ms," \
      "JIT compiling $(( (jit1 - jit0) * 1000 / ticks / n )) ms);" \
      "load average $load before, $(cut -d' ' -f1 /proc/loadavg) after"
    rates[$enforced]+="$rate "; cpus[$enforced]+="$cpu "
  done
done
on=$(echo "${rates[true]}" | tr ' ' '\n' | grep . | median); off=$(echo "${rates[false]}" | tr ' ' '\n' | grep . | median)
cpu_on=$(echo "${cpus[true]}" | tr ' ' '\n' | grep . | median); cpu_off=$(echo "${cpus[false]}" | tr ' ' '\n' | grep . | median)
echo "median of $rounds round(s): on $on, off $off bundles/s; time ratio (off / on) $(echo "scale=2; $off / $on" | bc)x;" \
  "server CPU $cpu_on vs $cpu_off ms/bundle ($(echo "scale=2; $cpu_on / $cpu_off" | bc)x); $(nproc) cores, clients=$clients, warm-up $warmup"
