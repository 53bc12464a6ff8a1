"""A tiny reader for locales/<lang>/*.ftl, the Python twin of tests/e2e/lib/ftl.mjs: `id = value`
lines, indented continuation lines, comments, `.attr` lines (ignored), {" "} string literals and
{ $arg } variables. Phrases are looked up by message id, never hard-coded."""

import re
from pathlib import Path

_PLACEABLE = re.compile(r'\{\s*(?:"((?:[^"\\]|\\.)*)"|\$([A-Za-z][A-Za-z0-9_-]*))\s*\}')


def parse(source):
    messages, current = {}, None
    for raw in source.splitlines():
        if raw.strip() == "":
            continue
        if raw.lstrip().startswith("#"):
            if raw.startswith("#"):
                current = None
            continue
        m = re.match(r"^([A-Za-z][A-Za-z0-9_-]*)\s*=\s?(.*)$", raw)
        if m:
            current = m.group(1)
            messages[current] = m.group(2).strip()
        elif re.match(r"^\s+\.", raw):
            current = None
        elif current and raw[:1].isspace():
            prev = messages[current]
            messages[current] = raw.strip() if prev == "" else f"{prev}\n{raw.strip()}"
    return messages


def format_pattern(pattern, args=None):
    args = args or {}

    def sub(m):
        literal, name = m.group(1), m.group(2)
        if literal is not None:
            return re.sub(r"\\(.)", r"\1", re.sub(r"\\u([0-9a-fA-F]{4})", lambda h: chr(int(h.group(1), 16)), literal))
        if name not in args:
            raise KeyError(f"missing argument ${name} for pattern {pattern!r}")
        return str(args[name])

    return _PLACEABLE.sub(sub, pattern)


def load(locales_dir, lang):
    d = Path(locales_dir) / lang
    messages = {}
    for f in sorted(d.glob("*.ftl")):
        messages.update(parse(f.read_text(encoding="utf-8")))

    def t(msg_id, **args):
        if msg_id not in messages:
            raise KeyError(f'message "{msg_id}" is not in {d}/*.ftl')
        return format_pattern(messages[msg_id], args)

    t.lang = lang
    t.messages = messages
    return t
