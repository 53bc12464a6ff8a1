#!/usr/bin/python3
"""Reads the app's accessibility tree over AT-SPI, as a screen reader does, and prints as JSON every
focusable, showing object that has no role or no accessible name. Called by the end-to-end test at
each checkpoint (tests/e2e/lib/journey.mjs), inside the same D-Bus session as the app.

Needs Debian's python3 with python3-pyatspi. What it cannot see: text that is not an object
(plain paragraphs inside the document are walked but not required to have names), and whether a
name makes sense — only that there is one.
"""
import json
import sys

import pyatspi

# Containers that WebKitGTK and GTK expose around the page; they are focusable but are not
# controls a resident operates, and screen readers name them from the window. "landmark" is the
# <main tabindex="-1"> that the skip link moves focus to: named by its role ("main"), not in the
# Tab order.
CONTAINER_ROLES = {"frame", "filler", "panel", "scroll pane", "document web", "internal frame", "viewport", "landmark"}
MAX_NODES = 20000


def apps_named(name):
    """Every application of that name on the desktop: an app that ended earlier in the same D-Bus
    session can linger there, so the caller takes the one that shows a page."""
    desktop = pyatspi.Registry.getDesktop(0)
    found = []
    for i in range(desktop.childCount):
        try:
            a = desktop.getChildAtIndex(i)
            if a is not None and name in (a.name or "").lower():
                found.append(a)
        except Exception:
            continue
    return found


def walk(root):
    stack, seen = [root], 0
    while stack and seen < MAX_NODES:
        node = stack.pop()
        seen += 1
        yield node
        try:
            stack.extend(node.getChildAtIndex(i) for i in reversed(range(node.childCount)))
        except Exception:
            continue


def check(app):
    unnamed, focusable = [], 0
    for node in walk(app):
        if node is None:
            continue
        try:
            states = node.getState()
            role = node.getRoleName()
            name = (node.name or "").strip()
        except Exception:
            continue
        if not (states.contains(pyatspi.STATE_FOCUSABLE) and states.contains(pyatspi.STATE_SHOWING)):
            continue
        if role in CONTAINER_ROLES:
            continue
        focusable += 1
        if not role or role == "unknown" or not name:
            unnamed.append({"role": role, "name": name, "description": (node.description or "")[:80]})
    return {"focusable": focusable, "unnamed": unnamed}


def main():
    apps = apps_named(sys.argv[1] if len(sys.argv) > 1 else "bianmin")
    if not apps:
        print(json.dumps({"error": "the app is not on the AT-SPI desktop"}))
        return 2
    results = [check(a) for a in apps]
    best = max(results, key=lambda r: r["focusable"])
    print(json.dumps(best, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
