#!/usr/bin/env bash
# The API fuzz: schemathesis against the live reference server (issue 3, "Bad input").
#
# Builds and starts the standalone bianmin-server on a free loopback port with a temporary
# database and the full demo catalogue, then runs schemathesis over every operation of
# docs/api/openapi.json: its explicit examples, the coverage phase (boundary and negative values:
# wrong types, missing members, malformed bodies), the fuzzing phase (positive and negative data)
# and the stateful phase (chains of calls along the document's OpenAPI links), with every check
# schemathesis has. The server runs in practice mode and tests/api/sign-in.sh signs a demo
# resident in through the real one-time-code flow, so protected operations are fuzzed signed in
# (and schemathesis's ignored_auth check sends them without and with a bad token: 401 problems). Any 5xx, any response the document does not allow, any hang (no answer within
# the request timeout) fails the run.
#
# Run it with ./dev api-fuzz (./dev test runs it as the step "api fuzz"). Settings, all optional:
#   SCHEMATHESIS_BIN          the schemathesis executable (./dev sets its pinned venv's)
#   SCHEMATHESIS_MAX_EXAMPLES test cases per operation and phase (default 30)
#   SCHEMATHESIS_SEED         the random seed, to replay a run (printed at the start of each run)
#   SCHEMATHESIS_TOKEN        a bearer token for operations that require sign-in; without it,
#                             tests/api/sign-in.sh (when present) is run with the server's base URL
#                             and prints one, and without that the protected operations are called
#                             anonymously (and must answer 401)
#   API_FUZZ_LOG_DIR          where the report goes (default target/test-logs/api-fuzz)
#   BIANMIN_SERVER_BIN        a built bianmin-server to use instead of building it
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
LOG_DIR="${API_FUZZ_LOG_DIR:-$TARGET_DIR/test-logs/api-fuzz}"
SPEC="$ROOT/docs/api/openapi.json"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-30}"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'api fuzz: %s\n' "$*" >&2; exit 1; }

ST="${SCHEMATHESIS_BIN:-$(command -v schemathesis || true)}"
[[ -n "$ST" && -x "$ST" ]] || die "schemathesis is not installed: run ./dev setup (or set SCHEMATHESIS_BIN)"

if [[ -n "${BIANMIN_SERVER_BIN:-}" ]]; then
  SERVER="$BIANMIN_SERVER_BIN"
else
  say "building bianmin-server"
  cargo build -p bianmin-server --bin bianmin-server
  SERVER="$TARGET_DIR/debug/bianmin-server"
fi
[[ -x "$SERVER" ]] || die "no server binary at $SERVER"

mkdir -p "$LOG_DIR"
find "$LOG_DIR" -mindepth 1 -maxdepth 1 -type f -delete # the last run's report
TMP="$(mktemp -d "${TMPDIR:-/tmp}/bianmin-api-fuzz.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# Practice mode: the sign-in challenge carries its code, so tests/api/sign-in.sh can sign in.
# Port 0: the server picks a free port and prints its address, so there is no race for a port.
"$SERVER" --listen 127.0.0.1:0 --db "$TMP/server.sqlite" --practice >"$TMP/server.out" 2>"$LOG_DIR/server.log" &
SERVER_PID=$!
BASE_URL=""
for _ in $(seq 600); do
  BASE_URL="$(sed -n 's/^bianmin reference backend on \(http:\/\/127\.0\.0\.1:[0-9]*\)$/\1/p' "$TMP/server.out")"
  [[ -n "$BASE_URL" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG_DIR/server.log" >&2; die "the server stopped before it listened"; }
  sleep 0.1
done
[[ -n "$BASE_URL" ]] || die "the server did not listen within 60 s"
say "reference server on $BASE_URL (database in $TMP)"

# A bearer token for operations that require sign-in, when the document has any.
AUTH_ARGS=()
TOKEN="${SCHEMATHESIS_TOKEN:-}"
if [[ -z "$TOKEN" && -x "$ROOT/tests/api/sign-in.sh" ]]; then
  say "signing in (tests/api/sign-in.sh)"
  TOKEN="$("$ROOT/tests/api/sign-in.sh" "$BASE_URL")" || die "tests/api/sign-in.sh failed"
fi
if [[ -n "$TOKEN" ]]; then
  AUTH_ARGS=(--header "Authorization: Bearer $TOKEN")
elif grep -q '"securitySchemes"' "$SPEC"; then
  say "no bearer token (SCHEMATHESIS_TOKEN or tests/api/sign-in.sh): protected operations are called anonymously"
fi

SEED_ARGS=()
[[ -n "${SCHEMATHESIS_SEED:-}" ]] && SEED_ARGS=(--seed "$SCHEMATHESIS_SEED")

say "schemathesis $("$ST" --version | awk '{print $NF}'): $MAX_EXAMPLES examples per operation and phase"
rc=0
# One run over the document: every check and phase. Signing out would end the session every
# other protected operation is fuzzed with, so POST /v1/sign-out is fuzzed on its own, last.
fuzz() { # name, phases, then schemathesis's selection options
  local name="$1" PHASES="$2"
  shift 2
  # timeout: a hang anywhere ends the run as a failure instead of stalling the test command.
  timeout --kill-after=10 900 "$ST" --config-file "$ROOT/tests/api/schemathesis.toml" run "$SPEC" \
    --url "$BASE_URL" \
    --checks all \
    --phases "$PHASES" \
    --mode all \
    --max-examples "$MAX_EXAMPLES" \
    --request-timeout 10 \
    --workers 2 \
    --generation-database none \
    --no-color \
    --report junit,ndjson \
    --report-junit-path "$LOG_DIR/junit-$name.xml" \
    --report-ndjson-path "$LOG_DIR/events-$name.ndjson" \
    "$@" \
    "${SEED_ARGS[@]}" \
    "${AUTH_ARGS[@]}" 2>&1 | tee "$LOG_DIR/schemathesis-$name.txt" || rc=$? # pipefail: schemathesis's status
}
fuzz all examples,coverage,fuzzing,stateful --exclude-path /v1/sign-out
# No link leads into it (nothing is created by signing out): no stateful phase.
fuzz sign-out examples,coverage,fuzzing --include-path /v1/sign-out

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "api fuzz: the server died during the run (see $LOG_DIR/server.log)"
  rc=1
fi
if grep -q 'panicked' "$LOG_DIR/server.log"; then
  echo "api fuzz: the server panicked (see $LOG_DIR/server.log)"
  rc=1
fi

PYTHON="$(dirname "$ST")/python"
[[ -x "$PYTHON" ]] || PYTHON=python3
"$PYTHON" "$ROOT/tests/api/summary.py" "$LOG_DIR/events-all.ndjson" "$LOG_DIR/events-sign-out.ndjson" || rc=1
echo "report: ${LOG_DIR#"$ROOT"/}/ (schemathesis-*.txt, junit-*.xml, events-*.ndjson, server.log)"
exit "$rc"
