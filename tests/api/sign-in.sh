#!/usr/bin/env bash
# Signs a demo resident in through the real one-time-code flow and prints the session token.
#
#   tests/api/sign-in.sh BASE_URL [MOBILE]
#
# The server must run in practice mode (`bianmin-server --practice`, as tests/api/run.sh starts
# it): only then does the challenge carry the code (`practiceCode`), there being no SMS to read.
# MOBILE defaults to 王秀英's, 13800000001 (docs/practice-people.md). tests/api/run.sh calls this
# so that schemathesis fuzzes the bearer-protected operations signed in.
set -euo pipefail

BASE_URL="${1:?usage: tests/api/sign-in.sh BASE_URL [MOBILE]}"
MOBILE="${2:-13800000001}"
PYTHON="${PYTHON:-python3}"

die() { printf 'sign-in: %s\n' "$*" >&2; exit 1; }

post() { # path body -> response body; fails on a non-2xx answer
  curl --silent --show-error --fail-with-body --max-time 10 \
    -H 'Content-Type: application/json' -d "$2" "$BASE_URL$1"
}
field() { # json name -> value
  "$PYTHON" -c 'import json, sys; v = json.load(sys.stdin).get(sys.argv[1]); print(v if v is not None else "")' "$1"
}

challenge="$(post /v1/sign-in/otp "{\"mobile\": \"$MOBILE\"}")" || die "no challenge: $challenge"
id="$(field challengeId <<<"$challenge")"
code="$(field practiceCode <<<"$challenge")"
[[ -n "$code" ]] || die "the challenge has no practiceCode: is the server running with --practice?"
signed="$(post /v1/sign-in/otp/verify "{\"challengeId\": \"$id\", \"code\": \"$code\"}")" \
  || die "the code was refused: $signed"
token="$(field token <<<"$signed")"
[[ -n "$token" ]] || die "no token in $signed"
printf '%s\n' "$token"
