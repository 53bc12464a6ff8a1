"""Counts what a schemathesis run did, from its NDJSON event report (tests/api/run.sh).

Usage: python3 summary.py EVENTS.ndjson [MORE.ndjson ...]  (the runs of one fuzz, added up)

Prints the operations tested, and per phase the test cases, the checks evaluated (one per check
per test case) and the failed ones; exits 1 when the report has no tests, a failed check or an
error, so an empty or broken run cannot pass.
"""

import collections
import json
import sys

METHODS = {"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}


def main(paths: list[str]) -> int:
    operations = None
    labels = set()
    cases = collections.Counter()
    checks = collections.Counter()
    failed = collections.Counter()
    check_names = set()
    failures = collections.Counter()
    errors = []
    for path in paths:
        with open(path, encoding="utf-8") as events:
            for line in events:
                event = json.loads(line)
                if "LoadingFinished" in event:
                    loaded = event["LoadingFinished"]["statistic"]["operations"]
                    if operations is None:
                        operations = dict(loaded)
                    else:
                        operations["selected"] += loaded["selected"]
                elif "NonFatalError" in event or "FatalError" in event:
                    body = event.get("NonFatalError") or event.get("FatalError")
                    errors.append(body.get("label") or body.get("info", {}).get("title") or "error")
                elif "ScenarioFinished" in event:
                    scenario = event["ScenarioFinished"]
                    phase = scenario["phase"]
                    recorder = scenario.get("recorder") or {}
                    label = recorder.get("label") or ""
                    if label.split(" ")[0] in METHODS:
                        labels.add(label)
                    cases[phase] += len(recorder.get("cases") or {})
                    for results in (recorder.get("checks") or {}).values():
                        for check in results:
                            checks[phase] += 1
                            check_names.add(check["name"])
                            if check["status"] != "success":
                                failed[phase] += 1
                                failures[check["name"]] += 1
    if operations is None:
        print("api fuzz: the report has no operations (schemathesis did not load the document)")
        return 1
    print(
        f"api fuzz: {operations['selected']} of {operations['total']} operations selected, "
        f"{len(labels)} tested"
    )
    for phase in cases:
        print(
            f"  {phase:<9} {cases[phase]:>6} test cases  {checks[phase]:>7} checks  "
            f"{failed[phase]:>3} failed"
        )
    total_cases, total_checks, total_failed = (
        sum(cases.values()),
        sum(checks.values()),
        sum(failed.values()),
    )
    print(
        f"  {'total':<9} {total_cases:>6} test cases  {total_checks:>7} checks  "
        f"{total_failed:>3} failed  ({len(check_names)} kinds of check: "
        f"{', '.join(sorted(check_names))})"
    )
    for name, count in sorted(failures.items()):
        print(f"  failed: {name} x{count}")
    for error in errors:
        print(f"  error: {error}")
    return 0 if total_checks > 0 and total_failed == 0 and not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
