#!/usr/bin/env bash
# Fetch the IPS package and its dependencies from the npm registry (the FHIR package registry is
# unreachable from our machines) into target/ips-packages, for the test that validates Patient/$summary
# against the IPS profiles. npm holds IPS 2.0.0 only, and its dependencies at other versions than
# IPS declares (hl7.terminology.r4 7.0.1 for 6.5.0, extensions 5.3.0-ballot-tc1 for 5.2.0, no IPA).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../target/ips-packages"
mkdir -p "$OUT"
for p in hl7.fhir.uv.ips@2.0.0 hl7.terminology.r4@7.0.1 hl7.fhir.uv.extensions.r4@5.3.0-ballot-tc1; do
  name="${p%@*}"; version="${p##*@}"
  [[ -s "$OUT/$name-$version.tgz" ]] || npm pack --silent --pack-destination "$OUT" "$p" >/dev/null
done
ls "$OUT"
