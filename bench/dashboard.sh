#!/usr/bin/env bash
# The dashboard's load time on a province-sized store, for BENCHMARKS.md:
#   bench/dashboard.sh --store DIR [options]   start a server on the store in DIR, measure, stop it
#   bench/dashboard.sh --url URL [options]     measure a server already running (e.g. http://127.0.0.1:8080)
# options:
#   --runs N        measured loads per mode (default 7; median reported)
#   --year YYYY     the year the analyst looks at (default 2025)
#   --user NAME     the analyst who signs in (default analyst.hue, province 46; password: the demo users')
#   --name NAME     output names: target/NAME.png and target/NAME.txt (default dashboard-bench)
#   --port P        port of the server started by --store (default 18400; its embedded PostgreSQL 55800)
#   --jar JAR       with --store: start this server jar (e.g. the one a store was loaded with) instead of
#                   bin/run, which builds this checkout and would migrate an older store to it
#
# --store runs README's run command (bin/run) with DIR as working directory: the embedded PostgreSQL
# keeps its data in DIR/data. The environment passes through to it (SPRING_DATASOURCE_URL etc. for a
# store in an external PostgreSQL; JAVA_OPTS). Demo data is off: a benchmark store gets nothing added.
# Sign-in is the server's local one (no SSKDT_SECURITY_ISSUERURI), whose demo users include analyst.hue.
#
# The measurement is src/test/java/vn/sskdt/dashboard/DashboardLoadBench.java, run through Maven
# offline (it is not part of the normal suite): Debian's headless Chromium signs in through the form,
# chooses the year, then reloads the page N times with the browser cache and N times without, one
# unmeasured reload before each series. A load ends when the page has written the figures and drawn
# the chart. It prints every time, the medians and the load average, and saves the screenshot.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
store= url= jar= runs=7 year=2025 user=analyst.hue name=dashboard-bench port=18400
while [ $# -gt 0 ]; do
  case $1 in
    --store) store=$(cd "$2" && pwd); shift 2 ;;
    --url) url=${2%/}; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --year) year=$2; shift 2 ;;
    --user) user=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --jar) jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) sed -n '2,16p' "$0" >&2; exit 2 ;;
  esac
done
if [ -z "$store" ] && [ -z "$url" ] || [ -n "$store" ] && [ -n "$url" ]; then
  echo "one of --store DIR or --url URL" >&2; exit 2
fi

server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT
if [ -n "$store" ]; then
  url=http://127.0.0.1:$port
  if curl -s -o /dev/null "$url/fhir/metadata"; then
    echo "port $port is taken: another server? use --url $url or --port" >&2; exit 1
  fi
  log=$root/target/$name-server.log
  mkdir -p "$root/target"
  echo "starting the server on $store (log: $log)"
  started=$(date +%s)
  run=("$root/bin/run")
  # bin/run's JVM options unless JAVA_OPTS says otherwise
  [ -n "$jar" ] && run=(java -XX:-DontCompileHugeMethods ${JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -XX:NewRatio=2} -jar "$jar")
  (cd "$store" && exec env PORT="$port" SSKDT_DATABASE_EMBEDDED_PORT="${SSKDT_DATABASE_EMBEDDED_PORT:-$((port + 37400))}" \
     SSKDT_DEMO_DATA_ENABLED=false "${run[@]}" >"$log" 2>&1) &
  server=$!
  until curl -sf -o /dev/null "$url/fhir/metadata"; do
    kill -0 "$server" 2>/dev/null || { echo "server did not start, see $log" >&2; exit 1; }
    sleep 2
  done
  echo "server ready in $(( $(date +%s) - started )) s"
fi
curl -sf -o /dev/null "$url/dashboard/" || { echo "no dashboard at $url/dashboard/" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$root"
mvn -o -q test -Dtest=DashboardLoadBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsskdt.dashboard.baseUrl="$url" -Dsskdt.dashboard.user="$user" -Dsskdt.dashboard.year="$year" \
  -Dsskdt.dashboard.runs="$runs" -Dsskdt.dashboard.screenshot="target/$name.png" \
  -Dsskdt.dashboard.report="target/$name.txt"
# the measurement writes its report there (the test itself prints nothing)
cat "target/$name.txt"
