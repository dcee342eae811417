#!/usr/bin/env bash
# The validator of writes alone, without the server (bench/ValidationProbe.java): CPU per check-up
# transaction of ProfileValidators.validateTransaction, in rounds after a warm-up, on one JVM. Quicker
# and quieter than bench/validation.sh for comparing two versions of the validation code.
#   bench/validation-core.sh [warmup=1500] [per-round=300] [rounds=8] [threads=1]
# JAVA (default java) and JAVA_OPTS (default bin/run's, with -XX:-DontCompileHugeMethods) choose the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${1:-1500}; per_round=${2:-300}; rounds=${3:-8}; threads=${4:-1}
mvn -B -q -DskipTests package
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/classpath" >/dev/null
node bench/checkup-bundles.js fhir-profiles/target/package-staging/package "$((warmup + per_round))" "$work/bundles"
${JAVA:-java} ${JAVA_OPTS:--XX:-DontCompileHugeMethods -XX:+UseSerialGC -Xmx1g -XX:NewRatio=2} \
  -cp "target/classes:$(cat "$work/classpath")" bench/ValidationProbe.java "$work/bundles" "$warmup" "$per_round" "$rounds" "$threads" \
  | grep -v '^[0-9:. ]*\[\|^[0-9:.]* INFO\|^[0-9:.]* WARN'
