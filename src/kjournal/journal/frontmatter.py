"""A fast reader for the front matter kjournal writes, falling back to PyYAML for anything else.

Why it exists: listing, trends and the cache scan read the front matter of every entry, and a
journal of years holds 10,000 of them. Measured with `python bench/frontmatter.py` (10,000
typical front matters as kjournal writes them, CPU seconds, best of 5, caches cold at the start
of each, on 2 cores shared with other work at a load average near 6): this reader 0.14 s,
PyYAML's C loader (CSafeLoader) 0.63 to 0.77 s, kjournal's PyYAML reading with its checks 0.91 s.
The issue that asked for this module measured 0.06 s against 1.05 s on a quieter machine. Before
it read text values (a dose, a setting, a band in words), it left 15% of those files to PyYAML
and the whole scan cost 0.31 s; it now takes them all (0.14 s). A command a person types often
should not pay a second.

What it reads (its whole grammar, one line at a time): `key: value` and `key:` opening a nested
block indented further; keys are plain names that YAML 1.1 does not read as booleans or null;
values are whole numbers and decimals of at most 15 digits, true/false, lower-case words that are
not YAML 1.1 keywords, ISO timestamps with an offset (top level only), flow lists `[a, null]`
and mappings `{a: 1}` of those (no booleans or timestamps in lists, no timestamps in mappings),
entry ids such as `2026-12-02T0930-intention` (a reflection's `intention:`; text to YAML),
and one-line text as PyYAML's dumper writes it: plain (with a space, or a word YAML reads as
text), in single quotes, or in double quotes with YAML's escapes. Anything else (empty values,
comments, yes/no/on/off, octal-looking or long numbers, a key given twice, text over several
lines...) returns None and goes to PyYAML, whose reading is the reference:
tests/test_frontmatter.py generates front matter from this grammar and checks that the reader
takes all of it and agrees with PyYAML, and that every entry kjournal writes is read here.
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
# An entry's id (a reflection's `intention:`): starts like a date but has no colon, space or
# dot-number, so YAML 1.1 reads it as text (no int, float or timestamp resolver matches).
_ENTRY_ID = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[a-z][a-z0-9_]*(?:-[a-z0-9_]+)*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_NOT_FAST = object()
# As text: PyYAML reads y and n (bare YAML 1.1 booleans in the spec) as the letters.
_TEXT_WORDS = _YAML_WORDS - {"y", "n"}

# Text, as PyYAML's dumper writes an answer such as a dose, a setting or a band: plain, in single
# quotes, or in double quotes with escapes; one line each. Characters as YAML's reader allows
# them, less tabs, line breaks (\x85, \u2028, \u2029) and the byte-order mark.
_CHAR = r"[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
# YAML's white space is the space and the tab only: a value may start with a no-break space
# (PyYAML writes and reads '\xa00' plain), which Python's \s would count as white space.
# Plain text holds a space (no number, boolean, null or date YAML 1.1 resolves does, bar dates
# that start like one), starts with no indicator (-, ? and : only before a space), has no ': '
# or ' #', does not end in ':' or ' '.
_PLAIN_TEXT = rf"(?![ \t,\[\]{{}}#&*!|>'\"%@`]|[-?:](?:\s|$)|[0-9]{{4}}-){_CHAR}+"
# The plain words YAML 1.1 reads as something other than text (PyYAML's implicit resolvers for
# ints, floats, dates, the merge and value keys, null as ~; the boolean and null words are in
# _YAML_WORDS): a word matching one of these is left to PyYAML, any other word is text.
_RESOLVED = (
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
    r"|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
    r"|~|<<|="
)
_SINGLE_QUOTED = rf"'((?:(?!'){_CHAR}|'')*)'"
_DOUBLE_QUOTED = rf'"((?:(?![\\"]){_CHAR}|\\{_CHAR})*)"'
_ESCAPE = r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)"
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip


@functools.cache  # compiled on first use: start-up (a command typed often) does not pay
def _text_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(pattern)
        for pattern in (_PLAIN_TEXT, _RESOLVED, _SINGLE_QUOTED, _DOUBLE_QUOTED, _ESCAPE)
    )


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) == 1:
        return _ESCAPES[code]  # KeyError: an escape YAML does not know
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise KeyError(code)  # not a character: PyYAML's two loaders differ
    return chr(point)


def _fast_text(text: str) -> Any:
    plain, resolved, single_quoted, double_quoted, escape = _text_patterns()
    if plain.fullmatch(text) and ": " not in text and " #" not in text:
        if text[-1] in ": ":
            return _NOT_FAST
        # No number, boolean, null or date YAML 1.1 resolves holds a space (bar dates, excluded
        # above): 40 mg is text; so are 40mg and 08 (not octal), but not 010 or 1_000.
        if " " in text or not (text.lower() in _TEXT_WORDS or resolved.fullmatch(text)):
            return text
        return _NOT_FAST
    if match := single_quoted.fullmatch(text):
        return match.group(1).replace("''", "'")
    if match := double_quoted.fullmatch(text):
        try:
            return escape.sub(_unescape, match.group(1))
        except KeyError:
            return _NOT_FAST
    return _NOT_FAST


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
    if _ENTRY_ID.fullmatch(text):
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
        parts = inner.split(", ") if inner else []
        items = [None if item == "null" else _fast_scalar(item) for item in parts]
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
    value = _fast_scalar(text)
    return _fast_text(text) if value is _NOT_FAST else value


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
