"""The screen-reader rig: speech-dispatcher on a null audio output, Orca with its speech captured
as text, the app, and keys sent with xdotool.

Run it through tests/screen-reader/run.sh (./dev sr): that provides Xvfb, one D-Bus session and
temporary HOME and XDG_* directories. Everything here uses Debian's Python 3 standard library only.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

# One line of the transcript, as Orca's speech logger writes it:
#   SPEECH OUTPUT: 'text'                         an utterance
#   SPEECH OUTPUT: 'text' voice=uppercase         an utterance in another voice
#   SPEECH OUTPUT: 'tab ' {'established': False}  key echo (speakKeyEvent)
LINE = re.compile(r"^SPEECH OUTPUT: '(?P<text>.*)'(?P<rest>(?: voice=\S+)?)(?P<acss> \{.*\})?\s*$")

# How long a key may go without Orca saying anything (its echo or what the key did) before the
# next key is sent anyway. Orca answers within a fraction of a second; on a loaded machine it
# stalls now and then for many seconds (waiting on the app over AT-SPI) and echoes nothing, and
# keys sent meanwhile run ahead of what it reads. Waiting for it keeps the keys and the speech in
# step; a key that says nothing at all only costs this wait.
STALL_SECS = float(os.environ.get("SR_STALL_SECS", "20"))


class Utterance:
    __slots__ = ("n", "text", "raw", "key_echo", "when", "typing")

    def __init__(self, n, raw, when, typing=False):
        self.n = n
        self.raw = raw
        self.when = when
        self.typing = typing
        m = LINE.match(raw)
        self.text = m.group("text") if m else raw
        # Key echo comes with an ACSS dict; a typed character's echo is a single character.
        self.key_echo = bool(m and m.group("acss"))

    def __repr__(self):
        return f"#{self.n} {self.text!r}"


def norm(s):
    """Compares what Orca says with a message: NFC, one space for any run of white space, no
    trailing period Orca adds, case-insensitive."""
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2068", "").replace("\u2069", "")  # Fluent's isolation marks
    s = re.sub(r"\s+", " ", s).strip()
    return s.casefold()


class ExpectationFailed(AssertionError):
    pass


class Rig:
    """One screen-reader session: speech-dispatcher, Orca and (re)starts of the app, all in the
    D-Bus session and on the X display this process was started in."""

    def __init__(self, *, app, log_dir, name, app_env, orca_start_timeout=25.0, orca_attempts=3):
        self.app = app
        self.name = name
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.app_env = app_env
        self.orca_start_timeout = orca_start_timeout
        self.orca_attempts = orca_attempts
        self.transcript = self.log_dir / f"{name}.transcript.txt"
        self.journal = self.log_dir / f"{name}.journal.txt"
        self.transcript.write_text("", encoding="utf-8")
        self.journal.write_text("", encoding="utf-8")
        self.utterances = []  # every utterance read so far
        self.cursor = 0  # utterances before this index have been consumed by expect()
        self.segment_start = 0  # start of the current step, for assert_no_repeat()
        self._offset = 0
        self._partial = b""
        self._typing = False
        self.t0 = time.monotonic()
        self.speechd = None
        self.orca = None
        self.app_proc = None
        self._files = []

    # --- logging --------------------------------------------------------------------------------

    def note(self, msg):
        line = f"{time.monotonic() - self.t0:8.2f}  {msg}"
        print(f"[sr {self.name}] {msg}", flush=True)
        with self.journal.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    def _open_log(self, what):
        f = (self.log_dir / f"{self.name}.{what}.log").open("ab")
        self._files.append(f)
        return f

    # --- processes ------------------------------------------------------------------------------

    def start_speech_dispatcher(self):
        """speech-dispatcher with a per-run copy of its configuration, audio to libao's null driver.
        Without it, speaking blocks forever on a machine without a sound server and Orca falls silent."""
        home = Path(os.environ["HOME"])
        conf = Path(os.environ["XDG_CONFIG_HOME"]) / "speech-dispatcher"
        if not conf.exists():
            shutil.copytree("/etc/speech-dispatcher", conf, symlinks=True)
            with (conf / "speechd.conf").open("a") as f:
                f.write('\n# bianmin screen-reader test: no sound card here\nAudioOutputMethod "libao"\n')
        (home / ".libao").write_text("default_driver=null\n")
        logs = self.log_dir / f"{self.name}.speechd"
        logs.mkdir(exist_ok=True)
        self.speechd = subprocess.Popen(
            ["speech-dispatcher", "--run-single", "--timeout", "0", "--config-dir", str(conf),
             "--log-dir", str(logs), "--log-level", "3"],
            stdout=self._open_log("speechd"), stderr=subprocess.STDOUT, start_new_session=True)
        # Its socket appears in $XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock.
        sock = Path(os.environ["XDG_RUNTIME_DIR"]) / "speech-dispatcher" / "speechd.sock"
        deadline = time.monotonic() + 15
        while not sock.exists():
            if self.speechd.poll() is not None:
                raise RuntimeError(f"speech-dispatcher ended with {self.speechd.returncode}; see {self.log_dir}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"speech-dispatcher did not create {sock} within 15 s")
            time.sleep(0.05)
        self.note(f"speech-dispatcher up (pid {self.speechd.pid}, null audio via libao)")

    def start_orca(self):
        """Orca, with orca-customizations.py copying its speech log into the transcript. Waits for
        "Screen reader on."; retries a few times (a cold start on a busy machine can stall)."""
        orca_dir = Path(os.environ["XDG_DATA_HOME"]) / "orca"
        orca_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(HERE / "orca-customizations.py", orca_dir / "orca-customizations.py")
        env = dict(os.environ, BIANMIN_SR_TRANSCRIPT=str(self.transcript))
        last = None
        for attempt in range(1, self.orca_attempts + 1):
            started = time.monotonic()
            args = ["orca", "--replace"]
            if os.environ.get("SR_ORCA_DEBUG"):
                args += ["--debug-file", str(self.log_dir / f"{self.name}.orca-debug-{attempt}.txt")]
            self.orca = subprocess.Popen(args, env=env, stdout=self._open_log("orca"),
                                         stderr=subprocess.STDOUT, start_new_session=True)
            try:
                self.expect("Screen reader on.", timeout=self.orca_start_timeout, exact=True)
                self.note(f"Orca on after {time.monotonic() - started:.1f} s (attempt {attempt}, pid {self.orca.pid})")
                return
            except ExpectationFailed as e:
                last = e
                self.note(f"Orca did not say 'Screen reader on.' (attempt {attempt}); restarting it")
                self.stop_orca()
        raise ExpectationFailed(f"Orca did not start after {self.orca_attempts} attempts\n{last}")

    def start_app(self, extra_env=None):
        env = dict(os.environ, **self.app_env, **(extra_env or {}))
        self.app_proc = subprocess.Popen([self.app], env=env, stdout=self._open_log("app"),
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.note(f"app started (pid {self.app_proc.pid})")

    def stop_app(self):
        p, self.app_proc = self.app_proc, None
        if p and p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            self.note("app stopped")

    def stop_orca(self):
        p, self.orca = self.orca, None
        if p and p.poll() is None:
            p.send_signal(signal.SIGINT)  # Orca's own clean exit ("Screen reader off.")
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def stop(self):
        self.stop_app()
        self.stop_orca()
        self.read_new()
        p, self.speechd = self.speechd, None
        if p and p.poll() is None:
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            # Its output modules (sd_espeak-ng, sd_dummy) are in its process group.
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for f in self._files:
            f.close()

    # --- keys -----------------------------------------------------------------------------------

    def press(self, *keys, settle=0.0):
        """Sends keys (xdotool key names: Tab, Return, shift+Tab, Down, ...) one after another,
        each once Orca has said something about the one before (see STALL_SECS)."""
        self.read_new()
        for key in keys:
            before = len(self.utterances)
            self.note(f"key {key}")
            subprocess.run(["xdotool", "key", "--clearmodifiers", key], check=True)
            self.await_orca(before, key)
        if settle:
            time.sleep(settle)

    def await_orca(self, before, what, limit=None):
        """Waits until Orca says anything after utterance `before` (at most `limit`, by default
        STALL_SECS)."""
        limit = STALL_SECS if limit is None else limit
        deadline = time.monotonic() + limit
        started = time.monotonic()
        while time.monotonic() < deadline:
            self.read_new()
            if len(self.utterances) > before:
                waited = time.monotonic() - started
                if waited > 2:
                    self.note(f"  Orca was silent for {waited:.1f} s after {what} (a stall): waited for it")
                return
            time.sleep(0.02)
        self.note(f"  Orca said nothing for {limit:.0f} s after {what}: going on")

    def type(self, text):
        """Types text. ASCII with xdotool type; other characters too (xdotool maps a spare keycode to
        each keysym). Orca's character echo during typing is marked so assert_no_repeat ignores it."""
        self.read_new()
        self.note(f"type {text!r}")
        self._typing = True
        try:
            # ASCII in one go. Other characters one call each, with a pause: xdotool maps a spare
            # keycode to the character's keysym for the moment, and the next remapping can overtake
            # the app's reading of the keyboard map ('张三' arrived as '张' under load).
            for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]", text):
                before = len(self.utterances)
                subprocess.run(["xdotool", "type", "--delay", "60", "--", run], check=True)
                # Orca does not always echo a character typed through a remapped keycode (CJK):
                # a short wait only, there.
                self.await_orca(before, f"typing {run!r}", limit=None if run.isascii() else 2.0)
                if not run.isascii():
                    time.sleep(0.35)
            self.quiet()
        finally:
            self._typing = False
        self.cursor = len(self.utterances)

    def quiet(self, period=0.6, timeout=8.0):
        """Waits until Orca has said nothing new for `period` seconds."""
        deadline = time.monotonic() + timeout
        last = len(self.utterances)
        since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            self.read_new()
            if len(self.utterances) != last:
                last = len(self.utterances)
                since = time.monotonic()
            elif time.monotonic() - since >= period:
                return

    # --- transcript -----------------------------------------------------------------------------

    def read_new(self):
        """Reads the lines Orca wrote since the last call."""
        try:
            with self.transcript.open("rb") as f:
                f.seek(self._offset)
                data = f.read()
        except FileNotFoundError:
            return []
        self._offset += len(data)
        data = self._partial + data
        *lines, self._partial = data.split(b"\n")
        new = []
        for raw in lines:
            if not raw.strip():
                continue
            u = Utterance(len(self.utterances) + 1, raw.decode("utf-8", "replace"), time.monotonic() - self.t0,
                          typing=self._typing)
            self.utterances.append(u)
            new.append(u)
            with self.journal.open("a", encoding="utf-8") as j:
                j.write(f"{u.when:8.2f}    heard {u.text!r}{' (key echo)' if u.key_echo else ''}"
                        f"{' (typing)' if u.typing else ''}\n")
        return new

    def tail(self, n=30):
        self.read_new()
        lines = [f"  {'>' if i >= self.cursor else ' '} {u.raw}" for i, u in enumerate(self.utterances)][-n:]
        return "\n".join(lines) if lines else "  (the transcript is empty)"

    def expect(self, phrase, timeout=10.0, *, exact=False, what=None):
        """Waits until Orca says `phrase` (a substring of one utterance, or all of it with exact=True;
        compared after norm()) in an utterance not consumed yet. Consumes up to and including it and
        returns the Utterance. Fails with the last 30 transcript lines."""
        want = norm(phrase)
        deadline = time.monotonic() + timeout
        while True:
            self.read_new()
            for i in range(self.cursor, len(self.utterances)):
                u = self.utterances[i]
                if u.key_echo:
                    continue
                got = norm(u.text)
                if (got == want or got.rstrip(".") == want.rstrip(".")) if exact else want in got:
                    self.cursor = i + 1
                    self.note(f"  ok: {what or 'heard'} {phrase!r}")
                    return u
            if time.monotonic() > deadline:
                raise ExpectationFailed(
                    f"[{self.name}] did not hear {what + ' ' if what else ''}{phrase!r} within {timeout:.0f} s.\n"
                    f"Last 30 transcript lines ('>' = not matched yet; full transcript {self.transcript}):\n"
                    f"{self.tail(30)}")
            time.sleep(0.05)

    def heard_since(self, start, end=None):
        self.read_new()
        return [u for u in self.utterances[start:end] if not u.key_echo and not u.typing]

    def count(self, phrase, start=None, exact=True):
        want = norm(phrase)
        us = self.heard_since(self.segment_start if start is None else start)
        return sum(1 for u in us if (norm(u.text).rstrip(".") == want.rstrip(".") if exact else want in norm(u.text)))

    def begin_step(self, name):
        self.read_new()
        self.segment_start = len(self.utterances)
        self.note(f"--- {name}")

    def repeats(self, start=None):
        """Pairs of identical announcements in a row (key echo and typed-character echo left out)."""
        us = self.heard_since(self.segment_start if start is None else start)
        # Orca adds a period at times.
        return [(a, b) for a, b in zip(us, us[1:]) if norm(a.text).rstrip(".") == norm(b.text).rstrip(".")]

    def assert_no_repeat(self, start=None, allow=()):
        """No identical announcement twice in a row (key echo and typed-character echo left out).
        `allow`: texts whose repetition is a known finding, not a failure."""
        allowed = {norm(x).rstrip(".") for x in allow}
        for a, b in self.repeats(start):
            if norm(a.text).rstrip(".") not in allowed:
                raise ExpectationFailed(
                    f"[{self.name}] said the same thing twice in a row: {a.text!r} (#{a.n} and #{b.n}).\n"
                    f"Last 30 transcript lines:\n{self.tail(30)}")


def wait_for(predicate, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = predicate()
        if v:
            return v
        time.sleep(0.1)
    raise ExpectationFailed(message)


def log(msg):
    print(msg, file=sys.stderr, flush=True)
