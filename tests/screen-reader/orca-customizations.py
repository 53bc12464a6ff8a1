# Loaded by Orca at start from $XDG_DATA_HOME/orca/orca-customizations.py (copied there by the
# screen-reader test rig, never into a real home). It writes every line of Orca's "speech" log —
# "SPEECH OUTPUT: '…'" — to the transcript file named by $BIANMIN_SR_TRANSCRIPT, one line per
# utterance, flushed at once (Orca's own --debug-file is buffered and loses its tail on exit).
import logging
import os


class _OneLine(logging.Formatter):
    def format(self, record):
        # An utterance with a line break stays on one transcript line.
        return super().format(record).replace("\r", " ").replace("\n", " ")


_path = os.environ.get("BIANMIN_SR_TRANSCRIPT")
if _path:
    _handler = logging.FileHandler(_path, mode="a", encoding="utf-8")
    _handler.setFormatter(_OneLine("%(message)s"))
    _handler.setLevel(logging.INFO)
    _speech_log = logging.getLogger("speech")
    _speech_log.setLevel(logging.INFO)
    _speech_log.addHandler(_handler)
