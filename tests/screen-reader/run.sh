#!/usr/bin/env bash
# The screen-reader test: Orca reads the real app while keys walk the journey, and what it says is
# checked. Run by `./dev sr` and by `./dev test`. Needs the Debian packages that ./dev setup installs and the
# built app (target/debug/bianmin, or $BIANMIN_APP). See README.md.
#
# Everything runs under Xvfb and inside one dbus-run-session, with temporary HOME and XDG_*
# directories that are removed afterwards; transcripts stay in target/test-logs/screen-reader/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET_DIR" == /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
export BIANMIN_APP="${BIANMIN_APP:-$TARGET_DIR/debug/bianmin}"
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in the source tree
export SR_LOG_DIR="${SR_LOG_DIR:-$TARGET_DIR/test-logs/screen-reader}"

[[ -x "$BIANMIN_APP" ]] || { echo "sr: no app binary at $BIANMIN_APP (build it: ./dev e2e or ./dev test)" >&2; exit 1; }
for c in orca speech-dispatcher xdotool xvfb-run dbus-run-session; do
  command -v "$c" >/dev/null || { echo "sr: $c is missing: run ./dev setup (the Debian packages are in the dev script)" >&2; exit 1; }
done

# The rig's own unit tests first (no Orca; about 1 s).
(cd "$HERE" && python3 -m unittest -q test_lib) || { echo "sr: the rig's unit tests failed" >&2; exit 1; }

rm -rf "$SR_LOG_DIR"
mkdir -p "$SR_LOG_DIR"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/bianmin-sr.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/data" "$tmp/cache" "$tmp/config" "$tmp/runtime"
chmod 700 "$tmp/runtime"

# -n 300 -a: the first free display number from :300 (xvfb-run tries the next one if Xvfb cannot
# start). The end-to-end tests, ./dev run and other Xvfb users start at :99, so two test runs started
# at the same moment do not race for one number; D-Bus, AT-SPI and speech-dispatcher are private
# to this run (dbus-run-session, XDG_RUNTIME_DIR below). No GTK_MODULES or NO_AT_BRIDGE: GTK 3
# and WebKitGTK talk to AT-SPI by themselves once its bus is there (started by D-Bus activation).
env -u NO_AT_BRIDGE -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY \
  HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
  XDG_CONFIG_HOME="$tmp/config" XDG_RUNTIME_DIR="$tmp/runtime" SR_TMP="$tmp" \
  LANG=C.UTF-8 PYTHONUNBUFFERED=1 \
  xvfb-run -n "${SR_XVFB_FIRST:-300}" -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- bash -c '
    set -euo pipefail
    # The app keeps its data key in the Secret Service, as in the end-to-end test.
    echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec /usr/bin/python3 "$0" "$@"
  ' "$HERE/${SR_SCRIPT:-journey.py}" "$@"
