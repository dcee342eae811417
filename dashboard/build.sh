#!/usr/bin/env bash
# Build step of the dashboard: fetch Chart.js from npm (only when missing or of another version) and
# copy its self-contained UMD bundle next to the page. The page itself is plain files under
# src/main/resources/static/dashboard; only the charting library comes from npm.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
TOOLS="$ROOT/target/dashboard-tools"
OUT="$ROOT/target/classes/static/dashboard/vendor"
CHARTJS_VERSION=4.6.1
export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
installed="$(node -p "require('$TOOLS/node_modules/chart.js/package.json').version" 2>/dev/null || true)"
if [[ "$installed" != "$CHARTJS_VERSION" ]]; then
  echo "dashboard/build.sh: installing chart.js@$CHARTJS_VERSION into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact --loglevel=error "chart.js@$CHARTJS_VERSION"
fi
mkdir -p "$OUT"
# chart.umd.min.js bundles its one dependency (@kurkle/color): a single file, no module loader needed
cp "$TOOLS/node_modules/chart.js/dist/chart.umd.min.js" "$OUT/chart.umd.min.js"
cp "$TOOLS/node_modules/chart.js/LICENSE.md" "$OUT/chart.js-LICENSE.md"
