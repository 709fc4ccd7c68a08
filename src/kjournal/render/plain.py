"""Plain text and data for output: one-line listings, JSON, CSV, sparklines, and text made safe
for a terminal. No Rich here, so that `list` and `search` start fast."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from kjournal.journal.entry import Entry, scale_scores, short_id
from kjournal.journal.kinds import Kind
from kjournal.journal.kinds import kind_label as label_of_kind
from kjournal.reports.query import Match

_BARS = "▁▂▃▄▅▆▇█"
RECENT_MOODS = 60  # one terminal line of sparkline
# Control characters are kept in the files as typed, but never sent to the terminal raw: ESC
# (and the C1 CSI, \x9b) starts sequences that move the cursor, recolour or hide text, write the
# clipboard (OSC 52) or make live links (OSC 8); BEL and ST end them. Escaping the one character
# that starts each leaves the rest of a sequence as harmless visible text.
# Bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069) are escaped too: they
# reorder everything after them up to the end of the line, kjournal's own words included, so
# planted text could make a line read as something else. The bidi marks (LRM, RLM, ALM) stay:
# people writing Arabic or Hebrew type them, and they only nudge the characters beside them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# JSON keeps every character (json.loads gives back the exact text) but writes these as \uXXXX
# escapes, whether it goes to a terminal or a file: C0 (json.dumps already does), DEL, C1, the
# bidi controls above, and the line and paragraph separators that some JSON readers choke on.
_JSON_ESCAPED = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """Text safe to show on a terminal: control characters other than tab and newline as visible
    \\xNN, bidi controls as \\uNNNN."""
    return _CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_stdout(text: str, *, terminal: bool) -> str:
    """Output of a command, as it goes to standard output: exact into a file or a pipe (the
    person asked for their data), made printable on a terminal, where raw it would act."""
    return printable(text) if terminal else text


def sparkline(values: Sequence[float | None], low: float = 0, high: float = 10) -> str:
    """One character per value on a fixed scale (0-10 by default), so lines compare over time;
    a missing value is a space, so gaps show as gaps."""
    span = (high - low) or 1
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            clamped = min(max(value, low), high)
            out.append(_BARS[round((clamped - low) / span * (len(_BARS) - 1))])
    return "".join(out)


def number_text(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+g}" if signed else f"{value:g}"


def to_json(data: Any) -> str:
    """Indented JSON; non-ASCII text stays readable, control characters are escaped (lossless)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    # These characters can only occur inside JSON strings, where \uXXXX means the same thing.
    return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: None empty, text that a spreadsheet would run as a formula prefixed
    with ', numbers as they are (a change of -2 is a number, not a formula)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Rows ending in \\n; a cell holding a line break of any kind is quoted."""
    # The csv module quotes only cells holding a character of its line terminator: with "\n" a
    # lone CR (a hand-edited field) went out unquoted and split the row in every reader. So each
    # row is written with "\r\n" and its terminator, the last two characters, made "\n".
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines = []
    # Column names can come from a hand-edited entry's keys: the header is neutralised too.
    rows = [
        [csv_cell(c) for c in columns],
        *([csv_cell(r.get(c)) for c in columns] for r in records),
    ]
    for row in rows:
        writer.writerow(row)
        lines.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(lines)


def saved_line(entry: Entry, path: object) -> str:
    kind = Kind.of(entry.kind)
    if kind is not None and kind.in_session:  # "your intention", "your reflection"
        return f"Saved your {kind.label} for session {entry.session}: {path}"
    if entry.is_questionnaire:
        return f"Saved your {kind_label(entry)}: {path}"
    return f"Saved: {path}"


def kind_label(entry: Entry) -> str:
    """What a listing calls an entry: a questionnaire by its name (PHQ-9), others by kind."""
    if entry.is_questionnaire:
        return "+".join(_scale_label(name) for name in entry.scale_ids)
    return label_of_kind(entry.kind)


def scores_text(entry: Entry) -> str:
    """'PHQ-9 14 (moderate)' for each questionnaire an entry holds; 'not scored' if skipped."""
    parts = []
    for name, data in scale_scores(entry).items():
        score = "not scored" if data["score"] is None else str(data["score"])
        band = f" ({data['band']})" if data["band"] else ""
        difficulty = f", difficulty: {data['difficulty']}" if data["difficulty"] else ""
        parts.append(f"{_scale_label(name)} {score}{band}{difficulty}")
    return ", ".join(parts)


def listing_record(entry: Entry) -> dict[str, Any]:
    return {
        "id": short_id(entry),
        "file_id": entry.id,
        "created": entry.created.isoformat(),
        "kind": Kind.QUESTIONNAIRE.value if entry.is_questionnaire else entry.kind,
        "session": entry.session,
        "ratings": entry.ratings,
        "scales": scale_scores(entry),
        "risk": entry.fields.get("risk") is True,
        "tags": entry.fields.get("tags") or [],
        "path": str(entry.path),
    }


MIN_WORDS = 20  # less room than this for an entry's words: a listing takes two lines an entry
MIN_SNIPPET = 30  # the same for the line around a match in a search


def _cells(char: str) -> int:
    """Terminal cells a character takes: two for wide (CJK, most emoji), none for combining."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(_cells, text))


def fit_line(text: str, width: int) -> str:
    """Text on one line in `width` cells: cut with `…`, at the end of a word where one ends in
    the latter half, so a figure or word is not cut in two where that can be helped."""
    if not text.isprintable():  # the common case skips both passes: this runs once per row
        text = printable(" ".join(text.split()))
    if _width(text) <= width:
        return text
    if text.isascii():
        cut = text[: max(width - 1, 0)]
    else:
        kept, used = [], 0
        for char in text:
            used += _cells(char)
            if used > width - 1:
                break
            kept.append(char)
        cut = "".join(kept)
    end = cut.rfind(" ")
    if end > len(cut) // 2:  # at a word's end: the `…` stands apart, as an omission does
        return cut[:end].rstrip(" ·,;:") + " …"
    return cut + "…"


def _ids(entries: Sequence[Entry]) -> tuple[list[str], int]:
    """Each entry's short id and the width they take, so that a `-2` keeps columns aligned."""
    ids = [short_id(entry) for entry in entries]
    return ids, max([12, *map(len, ids)])


def listing_words(entry: Entry) -> str:
    """What a listing shows after the facts: the scores of a questionnaire, else the first
    words; an entry whose answers signalled risk says so first."""
    words = scores_text(entry) if entry.is_questionnaire else entry.first_words
    return f"risk answer · {words}" if entry.fields.get("risk") is True else words


def entry_lines(entries: Sequence[Entry], width: int) -> str:
    """One plain line per entry (a Rich table of 10,000 rows takes seconds to lay out): the
    date without its time where that leaves the first words room (the id holds the time);
    on a narrower screen two lines an entry: id, date and kind, then mood and first words."""
    ids, id_width = _ids(entries)
    kinds = [kind_label(entry) for entry in entries]
    kind_width = max([10, *map(len, kinds)])
    room = width - (id_width + kind_width + 18)  # beside id, kind, Sess, Mood and their gaps
    if room - 16 >= MIN_WORDS + 10:
        when, when_width = "%Y-%m-%d %H:%M", 16
    elif room - 10 >= MIN_WORDS:
        when, when_width = "%Y-%m-%d", 10
    else:
        return _entry_pairs(entries, ids, kinds, width)
    rows = [
        f"{'ID':<{id_width}}  {'When':<{when_width}}  {'Kind':<{kind_width}}  {'Sess':>4}  "
        f"{'Mood':>4}  First words"
    ]
    for entry, id_, kind in zip(entries, ids, kinds, strict=True):
        session = "" if entry.session is None else str(entry.session)
        mood = entry.ratings.get("mood")
        start = (
            f"{id_:<{id_width}}  {entry.created:{when}}  {kind:<{kind_width}}  "
            f"{session:>4}  {'' if mood is None else number_text(mood):>4}  "
        )
        words = listing_words(entry)
        rows.append((start + fit_line(words, width - len(start))).rstrip())
    return "\n".join(rows) + "\n"


def _entry_pairs(entries: Sequence[Entry], ids: list[str], kinds: list[str], width: int) -> str:
    """Two lines an entry for a narrow screen; the session number only where it fits beside
    the kind, so that the first words keep the second line."""
    id_width = max([12, *map(len, ids)])
    # The time, too, where it fits (the id holds it as well, less readably).
    longest = id_width + 4 + max(map(len, kinds), default=0)
    when = "%Y-%m-%d %H:%M" if longest + 16 <= width else "%Y-%m-%d"
    rows = []
    for entry, id_, kind in zip(entries, ids, kinds, strict=True):
        first = f"{id_:<{id_width}}  {entry.created:{when}}  {kind}"
        if entry.session is not None and len(first) + 12 + len(str(entry.session)) <= width:
            first += f" · session {entry.session}"
        rows.append(first)
        facts = []
        if (mood := entry.ratings.get("mood")) is not None:
            facts.append(f"mood {number_text(mood)}")
        words = listing_words(entry)
        if words.strip():
            facts.append(words)
        if facts:
            rows.append("  " + fit_line(" · ".join(facts), width - 2))
    return "\n".join(rows) + "\n"


def entry_data(entry: Entry) -> dict[str, Any]:
    return {
        **listing_record(entry),
        "fields": entry.fields,
        "title": entry.title,
        "sections": [{"heading": s.heading, "text": s.text} for s in entry.sections],
    }


def match_record(match: Match) -> dict[str, Any]:
    return {
        "id": short_id(match.entry),
        "created": match.entry.created.isoformat(),
        "kind": match.entry.kind,
        "where": match.where,
        "line": match.line,
    }


def _around(line: str, needle: str, room: int) -> str:
    """The part of a matching line that fits in `room` cells, starting at a word a little
    before the match, so that the match shows."""
    line = " ".join(line.split())
    at = line.casefold().find(needle.casefold())
    if _width(line) > room and at > room // 3:
        begin = at - room // 3
        space = line.find(" ", begin, at)
        line = "…" + line[begin:] if space == -1 else "… " + line[space + 1 :]
    return fit_line(line, room)


def match_lines(matches: Sequence[Match], needle: str, width: int) -> str:
    """One plain line per match: id, date, and the matching line cut around the match; on a
    narrow screen, id, date and kind, then the matching line under them."""
    ids, id_width = _ids([match.entry for match in matches])
    start_width = id_width + 14
    rows = []
    for match, id_ in zip(matches, ids, strict=True):
        entry = match.entry
        if width - start_width >= MIN_SNIPPET:
            start = f"{id_:<{id_width}}  {entry.created:%Y-%m-%d}  "
            rows.append(start + _around(match.line, needle, width - len(start)))
        else:
            rows.append(f"{id_:<{id_width}}  {entry.created:%Y-%m-%d}  {kind_label(entry)}")
            rows.append("  " + _around(match.line, needle, width - 2))
    return "\n".join(rows) + "\n"


def _scale_label(name: str) -> str:
    # Lazy: the catalogue (and the prompt-file machinery under it) is loaded only for a listing
    # that holds a questionnaire, not for every `list`.
    from kjournal.questions.catalogue import scale_label

    return scale_label(name)
