#!/usr/bin/env bash
# Prints a FHIR transaction Bundle with, for each argument MEASURE_ID:LibraryName, the Library holding
# measures/LibraryName.cql and a proportion Measure of that id whose populations are the library's
# "Initial Population", "Denominator" and "Numerator" (what clinical reasoning's $evaluate-measure runs;
# it requires an id on every group and population).
#   bench/cql/measures/bundle.sh checkup-annual:CheckupAnnual bhyt-active:BhytActive
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
base=https://sskdt.vn/fhir/bench
entries=()
for pair in "$@"; do
  id=${pair%%:*} library=${pair#*:}
  version=$(sed -nE "s/^library $library version '([^']+)'.*/\\1/p" "$here/$library.cql")
  [ -n "$version" ] || { echo "$library.cql does not declare library $library with a version" >&2; exit 1; }
  entries+=("$(jq -n --arg id "$library" --arg url "$base/Library/$library" --arg version "$version" \
      --arg data "$(base64 -w0 < "$here/$library.cql")" '{
    resource: {resourceType: "Library", id: $id, url: $url, version: $version, name: $id, status: "active",
      type: {coding: [{system: "http://terminology.hl7.org/CodeSystem/library-type", code: "logic-library"}]},
      content: [{contentType: "text/cql", data: $data}]},
    request: {method: "PUT", url: ("Library/" + $id)}}')")
  entries+=("$(jq -n --arg id "$id" --arg url "$base/Measure/$id" --arg version "$version" \
      --arg library "$base/Library/$library|$version" '
    def population(code; expression): {id: code,
      code: {coding: [{system: "http://terminology.hl7.org/CodeSystem/measure-population", code: code}]},
      criteria: {language: "text/cql-identifier", expression: expression}};
    {resource: {resourceType: "Measure", id: $id, url: $url, version: $version, name: $id, status: "active",
      library: [$library],
      scoring: {coding: [{system: "http://terminology.hl7.org/CodeSystem/measure-scoring", code: "proportion"}]},
      group: [{id: "group-1", population: [population("initial-population"; "Initial Population"),
        population("denominator"; "Denominator"), population("numerator"; "Numerator")]}]},
    request: {method: "PUT", url: ("Measure/" + $id)}}')")
done
printf '%s\n' "${entries[@]}" | jq -s '{resourceType: "Bundle", type: "transaction", entry: .}'
