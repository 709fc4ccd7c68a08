"""A fast reader for the front matter kjournal writes, falling back to PyYAML for anything else.

Why it exists: listing, trends and the cache scan read the front matter of every entry, and a
journal of years holds 10,000 of them. Measured with `python bench/frontmatter.py` (10,000
typical front matters as kjournal writes them, best of 5 runs, caches cold at the start of each):
the fast reader alone 0.38 s, PyYAML's C loader (CSafeLoader) 1.98 s, kjournal's PyYAML reading
(with its checks) 2.12 s; with PyYAML for what it refuses (15% of those files: text values such
as a dose or a band in words), 0.94 s. (2 shared cores, load average 5.8; the issue measured
0.06 s against 1.05 s on a quieter machine.)
A command a person types often should not pay that second.

What it reads (its whole grammar, one line at a time): `key: value` and `key:` opening a nested
block indented further; keys are plain names that YAML 1.1 does not read as booleans or null;
values are whole numbers and decimals of at most 15 digits, true/false, lower-case words that are
not YAML 1.1 keywords, ISO timestamps with an offset (top level only), and flow lists `[a, b]`
and mappings `{a: 1}` of those (no booleans or timestamps inside). Anything else (empty values,
quotes, comments, yes/no/on/off, octal-looking or long numbers, a key given twice...) returns
None and goes to PyYAML, whose reading is the reference: tests/test_frontmatter.py generates
front matter from this grammar and checks both agree.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
_KEY_RE = re.compile(_KEY)
_LINE = re.compile(rf"( *)({_KEY}):(?: (.*))?")
# Numbers of at most 15 digits: longer ones go to PyYAML (int() refuses 4,300 digits, and a long
# enough float is infinite).
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}")
_WORD = re.compile(r"[a-z][a-z0-9_]*")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_NOT_FAST = object()


@functools.lru_cache(maxsize=4096)  # scalars repeat across files (kind: checkin, mood: 5)
def _fast_scalar(text: str) -> Any:
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if text in ("true", "false"):
        return text == "true"
    if _WORD.fullmatch(text) and text not in _YAML_WORDS:
        return text
    if _STAMP.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return _NOT_FAST
    return _NOT_FAST


def _fast_value(text: str) -> Any:
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1]
        items = [_fast_scalar(part) for part in inner.split(", ")] if inner else []
        if any(item is _NOT_FAST or isinstance(item, bool | datetime) for item in items):
            return _NOT_FAST
        return items
    if text.startswith("{") and text.endswith("}"):
        mapping = {}
        for part in text[1:-1].split(", "):
            key, sep, raw = part.partition(": ")
            value = _fast_scalar(raw)
            simple_key = _KEY_RE.fullmatch(key) and key.lower() not in _YAML_WORDS
            stamp = isinstance(value, datetime)  # `plain` promises JSON data below the top
            if not sep or not simple_key or value is _NOT_FAST or stamp or key in mapping:
                return _NOT_FAST
            mapping[key] = value
        return mapping
    return _fast_scalar(text)


@functools.lru_cache(maxsize=4096)
def _split_line(line: str) -> tuple[int, str, str | None] | None:
    match = _LINE.fullmatch(line)
    return (len(match.group(1)), match.group(2), match.group(3)) if match else None


def fast_front_matter(front: str) -> dict[str, Any] | None:
    """Front matter in kjournal's own simple YAML, read without PyYAML; None if not that simple."""
    root: dict[str, Any] = {}
    stack: list[tuple[int, dict[str, Any]]] = [(0, root)]
    opened: dict[str, Any] | None = None  # a `key:` line waiting for its nested block
    lines = front.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        parts = _split_line(line)
        if parts is None:
            return None
        indent, key, raw = parts
        if opened is not None:
            if indent <= stack[-1][0]:
                return None  # an empty value: YAML reads null; leave that to PyYAML
            stack.append((indent, opened))
            opened = None
        while indent < stack[-1][0]:
            stack.pop()
        if indent != stack[-1][0] or key in stack[-1][1] or key.lower() in _YAML_WORDS:
            return None  # YAML 1.1 reads keys such as `no` or `null` as booleans and null
        if raw is None:
            opened = stack[-1][1][key] = {}
            continue
        value = _fast_value(raw)
        if value is _NOT_FAST or (isinstance(value, datetime) and len(stack) > 1):
            return None  # a nested timestamp: PyYAML's reading, and not `plain`
        stack[-1][1][key] = value
    return None if opened is not None else root
