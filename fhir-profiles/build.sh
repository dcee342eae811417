#!/usr/bin/env bash
# Build the SSKĐT FHIR package: FSH -> SUSHI (offline) -> target/package.tgz.
# Runs from any directory; re-runs skip work whose inputs did not change.
# Environment: FORCE=1 rebuilds even when the inputs are unchanged.
set -euo pipefail

START_NS=$(date +%s%N)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
TOOLS="$TARGET/tools"
FHIR_HOME="$TARGET/fhir-home"       # SUSHI finds its package cache at $HOME/.fhir/packages
CSV="${ADMIN_UNITS_CSV:-$HERE/data/admin-units-2025.csv}"
SUSHI_VERSION=3.21.0
CORE_DIR="$FHIR_HOME/.fhir/packages/hl7.fhir.r4.core#4.0.1"

export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false

elapsed() { echo "build.sh: $1 in $(( ($(date +%s%N) - START_NS) / 1000000 )) ms"; }
die() { echo "build.sh: $*" >&2; exit 1; }

mkdir -p "$TARGET"

# 1. Tools: SUSHI and the R4 examples package (source of the core package cache), only when missing.
installed_version() { node -p "require('$1/package.json').version" 2>/dev/null || true; }
if [[ "$(installed_version "$TOOLS/node_modules/fsh-sushi")" != "$SUSHI_VERSION" ||
      "$(installed_version "$TOOLS/node_modules/hl7.fhir.r4.examples")" != "4.0.1" ]]; then
  echo "build.sh: installing fsh-sushi@$SUSHI_VERSION and hl7.fhir.r4.examples@4.0.1 into $TOOLS"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --save-exact --loglevel=error \
    "fsh-sushi@$SUSHI_VERSION" "hl7.fhir.r4.examples@4.0.1"
fi
SUSHI="$TOOLS/node_modules/.bin/sushi"
[[ -x "$SUSHI" ]] || die "sushi not found at $SUSHI"

# 2. Offline FHIR package cache: hl7.fhir.r4.core#4.0.1 made from the examples package
#    (the examples package holds every core conformance resource), renamed to the core package.
if [[ "$(node -p "require('$CORE_DIR/package/package.json').name" 2>/dev/null || true)" != "hl7.fhir.r4.core" ]]; then
  echo "build.sh: seeding FHIR package cache in $FHIR_HOME"
  rm -rf "$CORE_DIR" "$CORE_DIR.tmp"
  mkdir -p "$CORE_DIR.tmp"
  cp -R "$TOOLS/node_modules/hl7.fhir.r4.examples" "$CORE_DIR.tmp/package"
  node -e '
    const fs = require("fs"); const f = process.argv[1];
    const p = JSON.parse(fs.readFileSync(f, "utf8"));
    p.name = "hl7.fhir.r4.core"; p.type = "fhir.core"; p.title = "FHIR R4 package : Core";
    fs.writeFileSync(f, JSON.stringify(p, null, 2));' "$CORE_DIR.tmp/package/package.json"
  mv "$CORE_DIR.tmp" "$CORE_DIR"
fi

# 3. Generated FSH: administrative units from the official CSV (build artefact, never edited).
[[ -f "$CSV" ]] || die "administrative units CSV not found: $CSV (set ADMIN_UNITS_CSV)"
GEN="$TARGET/generated-fsh/admin-units.fsh"
if [[ ! -s "$GEN" || "$CSV" -nt "$GEN" || "$HERE/scripts/admin-units.js" -nt "$GEN" ]]; then
  mkdir -p "$TARGET/generated-fsh"
  node "$HERE/scripts/admin-units.js" "$CSV" "$GEN.tmp"
  mv "$GEN.tmp" "$GEN"
fi

# 4. SUSHI project assembled under target/: the config, the hand-written FSH and the generated FSH.
PROJECT="$TARGET/sushi-project"
rm -rf "$PROJECT"
mkdir -p "$PROJECT/input/fsh/generated"
cp "$HERE/sushi-config.yaml" "$PROJECT/"
cp -R "$HERE/input/fsh/." "$PROJECT/input/fsh/"
cp "$GEN" "$PROJECT/input/fsh/generated/"

STAMP_FILE="$TARGET/.build-stamp"
STAMP="$( (echo "sushi $SUSHI_VERSION"; cat "$HERE/scripts/make-package.js";
           cd "$PROJECT" && find . -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -d' ' -f1)"
PKG="$TARGET/package.tgz"
if [[ -z "${FORCE:-}" && -s "$PKG" && -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$STAMP" ]]; then
  echo "build.sh: inputs unchanged, $PKG is up to date"
  elapsed "done"
  exit 0
fi
rm -f "$STAMP_FILE" "$PKG"   # never leave a stale package behind a failed build

# 5. SUSHI, offline, with HOME pointing at the seeded cache. Fails on any error.
OUT="$TARGET/sushi-out"
rm -rf "$OUT"
LOG="$TARGET/sushi.log"
set +e
HOME="$FHIR_HOME" "$SUSHI" build "$PROJECT" -o "$OUT" >"$LOG" 2>&1
SUSHI_RC=$?
set -e
sed -n '/SUSHI RESULTS/,$p' "$LOG"
if (( SUSHI_RC != 0 )) || grep -q '^error' "$LOG" || ! grep -qE '\b0 Errors\b' "$LOG"; then
  grep -E -A3 '^error' "$LOG" >&2 || true
  die "SUSHI failed (exit $SUSHI_RC), see $LOG"
fi
grep -E '^warn' "$LOG" | grep -v 'automatically-provided\|FSHOnly property' || true

# 6. FHIR NPM package: package/package.json + package/<resource>.json, as a reproducible tgz.
STAGE="$TARGET/package-staging"
rm -rf "$STAGE"
node "$HERE/scripts/make-package.js" "$HERE/sushi-config.yaml" "$OUT/fsh-generated/resources" \
  "$STAGE/package" "$TOOLS/node_modules/yaml"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2025-07-01 00:00:00Z' \
  -C "$STAGE" -cf - package | gzip -9 -n >"$PKG.tmp"
mv "$PKG.tmp" "$PKG"
echo "$STAMP" >"$STAMP_FILE"
echo "build.sh: wrote $PKG ($(tar -tzf "$PKG" | grep -c '^package/[^.].*\.json$') entries incl. package.json)"
elapsed "done"
