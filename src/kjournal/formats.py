"""Plain text and data for output: one-line listings, JSON, CSV, sparklines, and text made safe
for a terminal. No Rich here, so that `list` and `search` start fast."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from kjournal.entry import Entry
from kjournal.query import Match, short_id

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
    if entry.kind == "intention":
        return f"Saved your intention for session {entry.session}: {path}"
    if entry.kind == "integration":
        return f"Saved your reflection for session {entry.session}: {path}"
    if entry.is_questionnaire:
        return f"Saved your {kind_label(entry)}: {path}"
    return f"Saved: {path}"


SCALE_LABELS = {"phq9": "PHQ-9", "gad7": "GAD-7", "pcl5": "PCL-5", "who5": "WHO-5"}
KIND_LABELS = {
    "intention": "intention",
    "integration": "reflection",
    "checkin": "check-in",
    "questionnaire": "questionnaire",
}


def kind_label(entry: Entry) -> str:
    """What a listing calls an entry: a questionnaire by its name (PHQ-9), others by kind."""
    if entry.is_questionnaire:
        return "+".join(SCALE_LABELS.get(name, name) for name in entry.scale_ids)
    return KIND_LABELS.get(entry.kind, entry.kind)


def scale_scores(entry: Entry) -> dict[str, dict[str, Any]]:
    """Each questionnaire's score and band as stored (band: as named when it was taken)."""
    found = {}
    stored = entry.fields.get("scales")
    for name in entry.scale_ids:
        data = stored[name] if isinstance(stored, dict) else None
        if isinstance(data, dict):
            score, band, difficulty = data.get("score"), data.get("band"), data.get("difficulty")
            found[name] = {
                "score": score if isinstance(score, int) and not isinstance(score, bool) else None,
                "band": band if isinstance(band, str) else None,
                "difficulty": difficulty.replace("_", " ") if isinstance(difficulty, str) else None,
            }
    return found


def scores_text(entry: Entry) -> str:
    """'PHQ-9 14 (moderate)' for each questionnaire an entry holds; 'not scored' if skipped."""
    parts = []
    for name, data in scale_scores(entry).items():
        score = "not scored" if data["score"] is None else str(data["score"])
        band = f" ({data['band']})" if data["band"] else ""
        difficulty = f", difficulty: {data['difficulty']}" if data["difficulty"] else ""
        parts.append(f"{SCALE_LABELS.get(name, name)} {score}{band}{difficulty}")
    return ", ".join(parts)


def listing_record(entry: Entry) -> dict:
    return {
        "id": short_id(entry),
        "file_id": entry.id,
        "created": entry.created.isoformat(),
        "kind": "questionnaire" if entry.is_questionnaire else entry.kind,
        "session": entry.session,
        "ratings": entry.ratings,
        "scales": scale_scores(entry),
        "risk": entry.fields.get("risk") is True,
        "tags": entry.fields.get("tags") or [],
        "path": str(entry.path),
    }


def _fit(text: str, width: int) -> str:
    if not text.isprintable():  # the common case skips both passes: this runs once per row
        text = printable(" ".join(text.split()))
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def entry_lines(entries: Sequence[Entry], width: int) -> str:
    """One plain line per entry (a Rich table of 10,000 rows takes seconds to lay out)."""
    rows = [f"{'ID':<12}  {'When':<16}  {'Kind':<10}  {'Sess':>4}  {'Mood':>4}  First words"]
    for entry in entries:
        session = "" if entry.session is None else str(entry.session)
        mood = entry.ratings.get("mood")
        start = (
            f"{short_id(entry):<12}  {entry.created:%Y-%m-%d %H:%M}  "
            f"{kind_label(entry):<10}  {session:>4}  "
            f"{'' if mood is None else number_text(mood):>4}  "
        )
        words = scores_text(entry) if entry.is_questionnaire else entry.first_words
        rows.append(start + _fit(words, width - len(start)))
    return "\n".join(rows) + "\n"


def entry_data(entry: Entry) -> dict:
    return {
        **listing_record(entry),
        "fields": entry.fields,
        "title": entry.title,
        "sections": [{"heading": s.heading, "text": s.text} for s in entry.sections],
    }


def match_record(match: Match) -> dict:
    return {
        "id": short_id(match.entry),
        "created": match.entry.created.isoformat(),
        "kind": match.entry.kind,
        "where": match.where,
        "line": match.line,
    }


def match_lines(matches: Sequence[Match], needle: str, width: int) -> str:
    """One plain line per match: id, date, and the matching line cut around the match."""
    rows = []
    for match in matches:
        start = f"{short_id(match.entry)}  {match.entry.created:%Y-%m-%d}  "
        room = max(width - len(start), 20)
        line = " ".join(match.line.split())
        at = line.casefold().find(needle.casefold())
        if len(line) > room and at > room // 3:
            line = "…" + line[at - room // 3 :]
        rows.append(start + _fit(line, room))
    return "\n".join(rows) + "\n"
