"""What a person may choose to share with their care team: a report (Markdown or one HTML page),
or their data (CSV, JSON). Pure functions from entries to text; the command writes the file."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from kjournal import formats
from kjournal.entry import Entry
from kjournal.query import short_id
from kjournal.scales import Scale
from kjournal.trends import TrendsReport, build_report

FORMATS = ("md", "csv", "json", "html")
_FIRST_COLUMNS = ("id", "short_id", "kind", "created", "session", "route", "risk", "tags")
DISCLAIMER = (
    "Shared by the person who wrote it, by choice. Mood, anxiety, energy and sleep are personal "
    "0-10 ratings, not validated measures; questionnaire bands are information, not a diagnosis. "
    "kjournal is not a medical device and is not monitored."
)


def _flatten(prefix: str, value: Any, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list):
        out[prefix] = ";".join("" if v is None else str(v) for v in value)
    else:
        out[prefix] = value


def entry_record(entry: Entry) -> dict[str, Any]:
    """Every structured field of an entry, nested keys dotted (ratings.mood, scales.phq9.score)."""
    record: dict[str, Any] = {
        "id": entry.id,
        "short_id": short_id(entry),
        "kind": entry.kind,
        "created": entry.created.isoformat(),
        "session": entry.session,
    }
    for key, value in entry.fields.items():
        _flatten(key, value, record)
    return record


def to_csv(entries: Sequence[Entry]) -> str:
    """One row per entry; the columns are every field any entry has, the common ones first."""
    records = [entry_record(e) for e in entries]
    columns: dict[str, None] = dict.fromkeys(_FIRST_COLUMNS)
    for record in records:
        columns.update(dict.fromkeys(sorted(record)))
    return formats.to_csv(records, list(columns))


def to_json(entries: Sequence[Entry]) -> str:
    """Full fidelity: every field, every answer, as written."""
    data = [
        {
            "id": e.id,
            "short_id": short_id(e),
            "kind": e.kind,
            "created": e.created.isoformat(),
            "session": e.session,
            "fields": e.fields,
            "title": e.title,
            "preamble": e.preamble,
            "sections": [{"heading": s.heading, "text": s.text} for s in e.sections],
        }
        for e in entries
    ]
    return formats.to_json({"kjournal_export": 1, "entries": data})


# The report, shared by the Markdown and HTML forms


def _period(entries: Sequence[Entry]) -> str:
    if not entries:
        return "no entries in this period"
    first, last = entries[0].created.date(), entries[-1].created.date()
    count = "1 entry" if len(entries) == 1 else f"{len(entries)} entries"
    return f"{first.isoformat()} to {last.isoformat()}, {count}"


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


Table = tuple[str, list[str], list[list[str]]]


def _scale_table(report: TrendsReport) -> Table:
    header = ["Scale", "Taken", "First", "Latest", "Change", "Meaningful", "Response", "Remission"]
    rows = []
    for r in report.scales:
        if r.scores == 1:
            # A change from a score to itself is no change at all, and "+0, not meaningful"
            # would read as a measured result: say what there is instead.
            first = f"{r.baseline} ({r.baseline_date})"
            rows.append([r.name, "1", first, first, "one score", "–", "–", "–", r.latest_band])
            continue
        percent = f" ({r.change_percent:+g}%)" if r.change_percent is not None else ""
        rows.append([
            r.name, str(r.scores), f"{r.baseline} ({r.baseline_date})",
            f"{r.latest} ({r.latest_date})", f"{r.change:+d}{percent}", _fmt(r.meaningful),
            _fmt(r.response), _fmt(r.remission), r.latest_band,
        ])  # fmt: skip
    return "Questionnaires (first score against latest)", [*header, "Latest band"], rows


def _session_table(report: TrendsReport) -> Table:
    header = ["#", "Date", "Route", "Mood before", "Mood after", "Anxiety before"]
    header += ["Anxiety after", "PHQ-9 before", "GAD-7 before", "Relief lasted (days)"]
    rows = []
    for r in report.sessions:
        relief = _fmt(r.relief.days) if r.relief.status == "fell back" else r.relief.label()
        rows.append([
            str(r.session), r.date.isoformat(), _fmt(r.route), _fmt(r.mood_before),
            _fmt(r.mood_after), _fmt(r.anxiety_before), _fmt(r.anxiety_after),
            _fmt(r.phq9_before), _fmt(r.gad7_before), relief,
        ])  # fmt: skip
    return "Sessions (self-ratings 0-10 before and after)", header, rows


def report_tables(report: TrendsReport, entries: Sequence[Entry]) -> list[Table]:
    """(title, header, rows) of every table in the report, as display strings."""
    tables = []
    if report.scales:
        tables.append(_scale_table(report))
    if report.sessions:
        tables.append(_session_table(report))
    weeks = [
        [w.week, w.starts.isoformat(), _fmt(w.mood), _fmt(w.anxiety), str(w.entries)]
        for w in report.weeks
        if w.entries
    ]
    if weeks:
        header = ["Week", "From", "Mood", "Anxiety", "Entries"]
        tables.append(("Weeks (average self-ratings of every entry)", header, weeks))
    effects = Counter(
        effect
        for e in entries
        for effect in (e.fields.get("side_effects") or [])
        if isinstance(effect, str) and effect != "none"
    )
    if effects:
        rows = [[name.replace("_", " "), str(count)] for name, count in effects.most_common()]
        tables.append(("Side effects reported", ["Side effect", "Entries"], rows))
    return tables


def _summary_lines(report: TrendsReport, entries: Sequence[Entry]) -> list[str]:
    lines = [f"Period: {_period(entries)}.", f"Sessions: {report.summary.sessions}."]
    if report.summary.average_mood_change is not None:
        lines.append(
            f"Average mood change within a session: {report.summary.average_mood_change:+g}."
        )
    if report.summary.median_relief_days is not None:
        lines.append(
            f"Relief lasted a median of {report.summary.median_relief_days:g} days "
            "(from daily check-ins)."
        )
    risky = [e.created.date().isoformat() for e in entries if e.fields.get("risk") is True]
    if risky:
        lines.append(
            "Answers that signalled risk (PHQ-9 item 9 above 0, or a question marked for it) on: "
            + ", ".join(risky)
            + "."
        )
    lines += report.notes
    return lines


# What signalled risk, said per answer


_SUMMARY_RISK_LINE = "Answers that signalled risk"
# _summary_lines (kept by the relief-figures work) names the risk dates in one sentence; the report
# lists them with the answer that signalled risk instead, in the same place, so they are not
# said twice in two slightly different ways. A test checks the phrase appears exactly once.


def _risk_answers(entry: Entry, scales: Mapping[str, Scale]) -> list[str]:
    """'PHQ-9 item 9 = 2' for each scale item the scale marks for risk that was answered above 0."""
    found = []
    taken = entry.fields.get("scales")
    for key, data in taken.items() if isinstance(taken, dict) else ():
        scale = scales.get(key) if isinstance(key, str) else None
        items = data.get("items") if isinstance(data, dict) else None
        if scale is None or not isinstance(items, list):
            continue
        for number in scale.risk_items:
            value = items[number - 1] if number <= len(items) else None
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                found.append(f"{scale.name} item {number} = {_fmt(value)}")
    return found


def risk_lines(entries: Sequence[Entry], scales: Mapping[str, Scale]) -> list[str]:
    """One line per entry whose answers signalled risk: its date and which answer did.

    An entry counts when it was saved with `risk: true`, or when a scale's risk item was answered
    above 0 even without the flag (a hand-edited or very old file): the answer is what matters."""
    lines = []
    for entry in sorted(entries, key=lambda e: e.created):
        answers = _risk_answers(entry, scales)
        if answers or entry.fields.get("risk") is True:
            which = "; ".join(answers) or "a question marked for risk"
            lines.append(f"{entry.created.date().isoformat()}: {which}")
    return lines


def _summary(
    report: TrendsReport, entries: Sequence[Entry], scales: Mapping[str, Scale]
) -> list[tuple[str, list[str]]]:
    """The summary as (line, sub-lines): the risk answers, if any, hang under their own line."""
    lines: list[tuple[str, list[str]]] = [
        (line, []) for line in _summary_lines(report, entries)
        if not line.startswith(_SUMMARY_RISK_LINE)
    ]  # fmt: skip
    risky = risk_lines(entries, scales)
    if risky:
        # After the period and session counts, before the notes: where the dates stood before.
        at = next((i for i, (line, _) in enumerate(lines) if line in report.notes), len(lines))
        lines.insert(at, (f"{_SUMMARY_RISK_LINE}:", risky))
    return lines


def _reflections(entries: Sequence[Entry]) -> list[tuple[str, list[tuple[str, str]]]]:
    out = []
    for entry in entries:
        sections = [(s.heading, s.text) for s in entry.sections if s.text]
        if sections:
            out.append((entry.title or entry.default_title(), sections))
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown_report(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
) -> str:
    report = build_report(entries, scales)
    out = [
        "# kjournal report",
        "",
        f"_{DISCLAIMER}_",
        "",
        f"Generated {generated:%Y-%m-%d %H:%M}.",
        "",
    ]
    for line, sub in _summary(report, entries, scales):
        out += [f"- {line}", *(f"  - {s}" for s in sub)]
    out.append("")
    for title, header, rows in report_tables(report, entries):
        out += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        out.append("")
    if include_text:
        out += ["## Reflections", ""]
        if not _reflections(entries):
            out += ["_No written reflections in this period._", ""]
        for title, sections in _reflections(entries):
            out += [f"### {title}", ""]
            for heading, text in sections:
                out += [f"**{heading}**", "", text, ""]
    notices = sorted(
        {s.notice for s in scales.values() if s.name in {r.name for r in report.scales}}
    )
    if notices:
        out += ["---", ""] + [f"_{n}_" for n in notices] + [""]
    return "\n".join(out)


def _svg_chart(
    title: str, series: Mapping[str, Sequence[tuple[datetime, float]]], top: float
) -> str:
    """A small line chart as inline SVG: one polyline per series over a shared time axis."""
    points = [t for values in series.values() for t, _ in values]
    if not points:
        return ""
    width, height, pad = 640, 220, 36
    start, end = min(points).timestamp(), max(points).timestamp()
    span = (end - start) or 1.0
    colours = ["#3b6ea5", "#b5542c", "#4b8b3b", "#8a4f9e", "#a08a2b"]

    def xy(t: datetime, v: float) -> str:
        x = pad + (t.timestamp() - start) / span * (width - 2 * pad)
        y = height - pad - v / top * (height - 2 * pad)
        return f"{x:.1f},{y:.1f}"

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#999"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#999"/>',
        f'<text x="{pad - 6}" y="{pad + 4}" text-anchor="end" font-size="11">{top:g}</text>',
        f'<text x="{pad - 6}" y="{height - pad + 4}" text-anchor="end" font-size="11">0</text>',
        f'<text x="{pad}" y="{height - 10}" font-size="11">{min(points):%Y-%m-%d}</text>',
        f'<text x="{width - pad}" y="{height - 10}" text-anchor="end" font-size="11">'
        f"{max(points):%Y-%m-%d}</text>",
    ]  # fmt: skip
    for index, (name, values) in enumerate(series.items()):
        colour = colours[index % len(colours)]
        coords = [xy(t, v) for t, v in values]
        line = " ".join(coords)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{line}"/>')
        for x, y in (c.split(",") for c in coords):
            parts.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{colour}"/>')
        label_y = pad + 14 * index
        parts.append(
            f'<text x="{width - pad + 4}" y="{label_y}" font-size="11" fill="{colour}">'
            f"{html.escape(name)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}
th{background:#f3f3f3}td{white-space:nowrap}
.note{color:#555;font-size:.9rem}svg{width:100%;max-width:40rem;height:auto;overflow:visible}
blockquote{margin:.2rem 0 1rem 1rem;white-space:pre-wrap}
"""


def to_html_report(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
) -> str:
    """One self-contained page: no scripts, no external resources, every text escaped."""
    esc = html.escape
    report = build_report(entries, scales)
    body = [f"<h1>kjournal report</h1><p class=note>{esc(DISCLAIMER)}</p>",
            f"<p class=note>Generated {generated:%Y-%m-%d %H:%M}.</p><ul>"]  # fmt: skip
    body += [
        f"<li>{esc(line)}"
        + (f"<ul class=risk>{''.join(f'<li>{esc(s)}</li>' for s in sub)}</ul>" if sub else "")
        + "</li>"
        for line, sub in _summary(report, entries, scales)
    ] + ["</ul>"]
    mood = {"mood": [(t, float(m)) for t, m in report.mood]}
    if report.mood:
        body += [
            "<h2>Mood over time (self-rating 0-10)</h2>",
            _svg_chart("Mood over time", mood, 10),
        ]
    from kjournal.trends import scale_points

    points = scale_points(entries)
    if points:
        top = max(scales[name].max_score for name in points if name in scales)
        named = {
            scales[n].name: [(t, float(v)) for t, v in pts]
            for n, pts in points.items()
            if n in scales
        }
        body += ["<h2>Questionnaire scores</h2>", _svg_chart("Questionnaire scores", named, top)]
    for title, header, rows in report_tables(report, entries):
        body.append(
            f"<h2>{esc(title)}</h2><table><tr>"
            + "".join(f"<th>{esc(h)}</th>" for h in header)
            + "</tr>"
        )
        body += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows]
        body.append("</table>")
    if include_text:
        body.append("<h2>Reflections</h2>")
        if not _reflections(entries):
            body.append("<p class=note>No written reflections in this period.</p>")
        for title, sections in _reflections(entries):
            body.append(f"<h3>{esc(title)}</h3>")
            body += [
                f"<p><strong>{esc(h)}</strong></p><blockquote>{esc(t)}</blockquote>"
                for h, t in sections
            ]
    notices = sorted(
        {s.notice for s in scales.values() if s.name in {r.name for r in report.scales}}
    )
    body += [f"<p class=note>{esc(n)}</p>" for n in notices]
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        # No scripts and nothing fetched, even if the page is opened in a browser that would.
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>kjournal report</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def render(
    output_format: str,
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
) -> str:
    if output_format == "csv":
        return to_csv(entries)
    if output_format == "json":
        return to_json(entries)
    if output_format == "html":
        return to_html_report(entries, scales, include_text=include_text, generated=generated)
    return to_markdown_report(entries, scales, include_text=include_text, generated=generated)
