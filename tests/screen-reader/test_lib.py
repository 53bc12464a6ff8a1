"""Unit tests of the rig's helpers, without Orca: transcript parsing, expect() and its failure
message, assert_no_repeat(), the Fluent reader, and that every message id the journey uses exists
in both languages. run.sh runs them before the journey (python3 -m unittest, about 2 s)."""

import re
import shutil
import tempfile
import threading
import time
import unittest
from pathlib import Path

import ftl
import journey
from sr import ExpectationFailed, Rig, Utterance, norm

ROOT = Path(__file__).resolve().parents[2]


def fake_rig(tmp):
    return Rig(app="/bin/true", log_dir=tmp, name="unit", app_env={})


class TranscriptTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.rig = fake_rig(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, *texts):
        with self.rig.transcript.open("a", encoding="utf-8") as f:
            for t in texts:
                f.write(t + "\n")

    def test_parses_utterances_and_key_echo(self):
        u = Utterance(1, "SPEECH OUTPUT: '申请人的姓名 entry.'", 0)
        self.assertEqual((u.text, u.key_echo), ("申请人的姓名 entry.", False))
        k = Utterance(2, "SPEECH OUTPUT: 'tab ' {'established': False}", 0)
        self.assertTrue(k.key_echo)
        self.assertEqual(norm("  What\u2068 do\u2069  you "), "what do you")

    def test_expect_finds_phrase_arriving_later(self):
        threading.Timer(0.3, self.write, ["SPEECH OUTPUT: 'Screen reader on.'"]).start()
        u = self.rig.expect("Screen reader on.", timeout=3, exact=True)
        self.assertEqual(u.n, 1)

    def test_expect_fails_with_the_tail(self):
        self.write(*[f"SPEECH OUTPUT: 'line {i}'" for i in range(40)])
        started = time.monotonic()
        with self.assertRaises(ExpectationFailed) as cm:
            self.rig.expect("never said", timeout=0.5)
        self.assertLess(time.monotonic() - started, 2)
        msg = str(cm.exception)
        self.assertIn("'never said'", msg)
        self.assertIn("line 39", msg)
        self.assertNotIn("line 9'", msg)  # only the last 30 lines
        self.assertEqual(len(re.findall(r"SPEECH OUTPUT", msg)), 30)

    def test_expect_consumes(self):
        self.write("SPEECH OUTPUT: 'a'", "SPEECH OUTPUT: 'b'")
        self.rig.expect("b", timeout=1)
        with self.assertRaises(ExpectationFailed):
            self.rig.expect("a", timeout=0.2)

    def test_no_repeat(self):
        self.write("SPEECH OUTPUT: 'x'", "SPEECH OUTPUT: 'tab ' {'established': False}",
                   "SPEECH OUTPUT: 'tab ' {'established': False}", "SPEECH OUTPUT: 'y'")
        self.rig.assert_no_repeat(start=0)  # key echo does not count
        self.write("SPEECH OUTPUT: 'y.'")
        with self.assertRaises(ExpectationFailed):
            self.rig.assert_no_repeat(start=0)


class FluentTest(unittest.TestCase):
    def test_reader(self):
        m = ftl.parse('# c\na = Error:{" "}\nb = Case { $number }\n    more\n    .attr = x\n')
        self.assertEqual(ftl.format_pattern(m["a"]), "Error: ")
        self.assertEqual(ftl.format_pattern(m["b"], {"number": 7}), "Case 7\nmore")

    def test_ids_used_by_the_journey_exist(self):
        source = (Path(__file__).parent / "journey.py").read_text(encoding="utf-8")
        ids = set(re.findall(r"""\bt\(\s*f?["']([a-z0-9-]+)["']""", source)) | {"language-zh-CN", "language-en-US"}
        ids |= set(re.findall(r"""zh\(\s*["']([a-z0-9-]+)["']""", source))
        self.assertIn("check-change", ids)
        for lang in ("zh-CN", "en-US"):
            t = ftl.load(ROOT / "locales", lang)
            for i in ids:
                self.assertIn(i, t.messages, f"{i} in {lang}")

    def test_form_texts(self):
        service, qs = journey.form_texts("en-US")
        self.assertEqual(service, "Old-age allowance application")
        self.assertEqual(qs[0], ("Applicant's full name", "As written on the resident ID card"))
        self.assertEqual(journey.VALID_ID, "11010519491231002X")
        self.assertNotEqual(journey.WRONG_ID, journey.VALID_ID)


if __name__ == "__main__":
    unittest.main()
