#!/usr/bin/env bash
# Where a server's time went, from a flight recording (JFR), for BENCHMARKS.md:
#   bench/jfr-top.sh FILE.jfr
# Reads the execution samples (jfr print, 64 frames per stack) and prints: samples per thread (numbers
# folded to #), the 20 hottest leaf methods, and the share of the request threads' samples whose stack
# holds each of a few markers (HAPI's IPS generator, Thymeleaf, Hibernate, the citizen's access rules,
# the token check, …). Samples of the local sign-in (bcrypt, the authorization server's endpoints, the
# sign-in form) are counted apart and left out of the shares. Shares overlap: a stack holds several.
# MARKERS (environment): other markers, space-separated, instead of the citizen-oriented ones below.
f=$1
markers=${MARKERS:-CitizenRecords.lookUp HealthBookSummary ips. ImmunizationForecast PatientListAudit AccessRules thymeleaf ca.uhn.fhir.parser org.postgresql org.hibernate SearchBuilder ProfileEnforcer nimbus ca.uhn.fhir.narrative ValidationSupport ResourceServer FhirTerser PatientListAudit jdbc.JdbcUtils HqlQueryRenderer org.springframework.data.jpa BearerTokenAuthenticationFilter logback}
jfr print --events jdk.ExecutionSample --stack-depth 64 "$f" | awk -v markers="$markers" '
/^jdk.ExecutionSample/ {inev=1; n=0; th=""; delete st; next}
inev && /sampledThread/ {th=$0; sub(/.*= "/,"",th); sub(/".*/,"",th); gsub(/[0-9]+/,"#",th)}
inev && /stackTrace = \[/ {instack=1; next}
inev && instack && /^[ \t]*\]/ {instack=0; next}
inev && instack {line=$0; gsub(/^[ \t]+/,"",line); sub(/ line:.*/,"",line); if (line!="...") st[++n]=line; next}
inev && /^}/ {inev=0; total++; threads[th]++;
  if (n>0) leaf[st[1]]++;
  signin=0; for (i=1;i<=n;i++) if (st[i] ~ /BCrypt|oauth2.server.authorization|UsernamePasswordAuthenticationFilter|DefaultLoginPage/) {signin=1; break}
  if (signin) {si++; next}
  if (th ~ /http-nio/) { req++;
    split(markers, m, " ");
    for (k in m) { for (i=1;i<=n;i++) if (index(st[i], m[k])) { mark[m[k]]++; break } } }
}
END {
  printf "samples %d, sign-in %d, other request-thread samples %d\n", total, si, req;
  print "-- threads"; for (t in threads) printf "%6d %s\n", threads[t], t | "sort -rn | head -8"; close("sort -rn | head -8");
  print "-- leaf methods (all threads)"; for (l in leaf) printf "%6d %s\n", leaf[l], l | "sort -rn | head -20"; close("sort -rn | head -20");
  print "-- request-thread samples whose stack holds"; for (k in mark) printf "%5.1f%% %s\n", 100*mark[k]/req, k | "sort -rn"; close("sort -rn");
}'
