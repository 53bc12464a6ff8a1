"""Explore what Orca says, by hand: starts the rig and the app, sends the given keys, prints the
transcript. For writing new checks, not run by the tests.

  SR_SCRIPT=explore.py tests/screen-reader/run.sh Tab Return s:1 Tab t:abc Return
    KEY   an xdotool key (Tab, shift+Tab, Return, Down, h, KP_Add ...), then 1.2 s of listening
    t:TXT type TXT        s:N   wait N seconds
SR_ORCA_DEBUG=1 also keeps Orca's debug log (target/test-logs/screen-reader/explore.orca-debug-1.txt).
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sr import Rig  # noqa: E402

tmp = Path(os.environ["SR_TMP"])
env = {k: str(tmp / "app" / v) for k, v in [("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")]}
for v in env.values():
    os.makedirs(v, exist_ok=True)
r = Rig(app=os.environ["BIANMIN_APP"], log_dir=os.environ["SR_LOG_DIR"], name="explore", app_env=env)
try:
    r.start_speech_dispatcher()
    r.start_orca()
    r.start_app()
    time.sleep(8)
    for a in sys.argv[1:]:
        if a.startswith("t:"):
            r.type(a[2:])
        elif a.startswith("s:"):
            time.sleep(float(a[2:]))
        else:
            r.press(a)
            time.sleep(1.2)
    time.sleep(2)
finally:
    r.stop()
    print(r.transcript.read_text(encoding="utf-8"))
