#!/usr/bin/env bash
# Lints the deployment files so that a broken one fails CI.
#   docker/lint.sh                                   # lints docker/docker-compose.yml and docker/Dockerfile
#   DOCKERFILE=/tmp/x.Dockerfile COMPOSE_FILE_TO_LINT=/tmp/x.yml docker/lint.sh
# (Not COMPOSE_FILE: docker-compose itself reads that variable.)
# Needs no Docker daemon. Works on a fresh Debian 12 as root with only JDK, Maven and Node.js:
# docker-compose is installed from Debian on demand, dockerfile-utils from npm into target/tools.
set -euo pipefail

DFU_VERSION=0.16.3

# Resolve caller-supplied paths before changing directory, so relative ones keep working.
resolve() { if [[ "$1" = /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi; }
compose_file=""
dockerfile=""
[[ -n "${COMPOSE_FILE_TO_LINT:-}" ]] && compose_file="$(resolve "$COMPOSE_FILE_TO_LINT")"
[[ -n "${DOCKERFILE:-}" ]] && dockerfile="$(resolve "$DOCKERFILE")"

cd "$(dirname "${BASH_SOURCE[0]}")/.."
compose_file="${compose_file:-$PWD/docker/docker-compose.yml}"
dockerfile="${dockerfile:-$PWD/docker/Dockerfile}"

for f in "$compose_file" "$dockerfile"; do
  [[ -f "$f" ]] || { echo "lint: no such file: $f" >&2; exit 1; }
done

# --- docker-compose.yml -------------------------------------------------------------------
if ! command -v docker-compose >/dev/null 2>&1; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "lint: docker-compose not found; install it (Debian: apt-get install --no-install-recommends docker-compose)" >&2
    exit 1
  fi
  echo "lint: installing docker-compose from Debian"
  export DEBIAN_FRONTEND=noninteractive
  # Package lists are often already present; refresh them only when the install needs it.
  if ! apt-get install -y -q --no-install-recommends docker-compose; then
    apt-get update -q
    apt-get install -y -q --no-install-recommends docker-compose
  fi
fi

echo "lint: docker-compose config -q $compose_file"
# Dummy values for the required variables, so that a missing-variable error cannot hide a
# syntax or schema error. They exist only in the environment of this one command. A new
# required variable in the compose file makes this fail until it is added here, on purpose.
SSKDT_DB_PASSWORD=lint-dummy \
KC_BOOTSTRAP_ADMIN_USERNAME=lint-dummy \
KC_BOOTSTRAP_ADMIN_PASSWORD=lint-dummy \
SSKDT_SYSTEM_CLIENT_SECRET=lint-dummy \
  docker-compose -f "$compose_file" config -q

# --- Dockerfile ---------------------------------------------------------------------------
tools="$PWD/target/tools"
dfu="$tools/node_modules/.bin/dockerfile-utils"
installed="$(TOOLS="$tools" node -p "try { require(process.env.TOOLS + '/node_modules/dockerfile-utils/package.json').version } catch (e) { '' }")"
if [[ "$installed" != "$DFU_VERSION" || ! -x "$dfu" ]]; then
  echo "lint: installing dockerfile-utils@$DFU_VERSION into $tools"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "dockerfile-utils@$DFU_VERSION"
fi

echo "lint: dockerfile-utils lint $dockerfile"
# The CLI exits 1 only for errors and prints warnings with exit 0; its JSON output is used so
# that warnings fail as well (a clean file has none) and the decision does not hinge on the
# human-readable format. A crash or unreadable output also fails (set -e / pipefail).
set +e
report="$("$dfu" lint --json "$dockerfile")"
dfu_rc=$?
set -e
if ! summary="$(printf '%s' "$report" | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const diags = JSON.parse(s);
    for (const d of diags) console.log(`  line ${d.range.start.line + 1}: ${d.severity}: ${d.message}`);
    process.exit(diags.length === 0 ? 0 : 1);
  });')"; then
  echo "lint: dockerfile-utils reported problems in $dockerfile:" >&2
  printf '%s\n' "${summary:-$report}" >&2
  exit 1
fi
if [[ $dfu_rc -ne 0 ]]; then
  echo "lint: dockerfile-utils exited with $dfu_rc: $report" >&2
  exit 1
fi

echo "lint: OK"
