"""What a person may choose to share with their care team: a report (Markdown or one HTML page),
or their data (CSV, JSON). Pure functions from entries to text; the command writes the file."""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from kjournal.journal.entry import Entry, short_id
from kjournal.questions.catalogue import session_scales
from kjournal.questions.scales import Scale
from kjournal.render import plain as formats
from kjournal.reports.trends import (
    MAX_GAP_DAYS,
    TrendsReport,
    build_report,
    mood_change_text,
    moods_before_text,
    relief_median_text,
    relief_rule,
    scale_points,
)
from kjournal.safety import risk_answers

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
            rows.append([r.name, "1", first, first, r.change_label(), "–", "–", "–", r.latest_band])
            continue
        rows.append([
            r.name, str(r.scores), f"{r.baseline} ({r.baseline_date})",
            f"{r.latest} ({r.latest_date})", r.change_label(), _fmt(r.meaningful),
            _fmt(r.response), _fmt(r.remission), r.latest_band,
        ])  # fmt: skip
    return "Questionnaires (first score against latest)", [*header, "Latest band"], rows


def _session_table(report: TrendsReport) -> Table:
    header = ["#", "Date", "Route", "Mood before", "Mood after", "Anxiety before"]
    shown = session_scales()  # each with its latest score in the week before the session
    header += ["Anxiety after", *(f"{scale.label} before" for scale in shown), "Relief lasted"]
    rows = []
    for r in report.sessions:
        # "3 d", "held 6+ d", "2–5 d" or "–": a held or uncertain value is never a bare number.
        rows.append([
            str(r.session), r.date.isoformat(), _fmt(r.route), _fmt(r.mood_before),
            _fmt(r.mood_after), _fmt(r.anxiety_before), _fmt(r.anxiety_after),
            *(_fmt(r.scales_before.get(scale.id)) for scale in shown), r.relief.label(),
        ])  # fmt: skip
    return "Sessions (self-ratings 0-10 before and after)", header, rows


def _week_table(report: TrendsReport) -> Table | None:
    weeks = [
        [w.week, w.starts.isoformat(), _fmt(w.mood), _fmt(w.anxiety), str(w.entries)]
        for w in report.weeks
        if w.entries
    ]
    header = ["Week", "From", "Mood", "Anxiety", "Entries"]
    return ("Weeks (average self-ratings of every entry)", header, weeks) if weeks else None


def _effects_table(entries: Sequence[Entry]) -> Table | None:
    effects = Counter(
        effect
        for e in entries
        for effect in (e.fields.get("side_effects") or [])
        if isinstance(effect, str) and effect != "none"
    )
    rows = [[name.replace("_", " "), str(count)] for name, count in effects.most_common()]
    return ("Side effects reported", ["Side effect", "Entries"], rows) if rows else None


def report_tables(report: TrendsReport, entries: Sequence[Entry]) -> list[Table]:
    """(title, header, rows) of every table in the report, as display strings."""
    tables = [_scale_table(report)] if report.scales else []
    if report.sessions:
        tables.append(_session_table(report))
    return tables + [t for t in (_week_table(report), _effects_table(entries)) if t]


def _summary_lines(report: TrendsReport, entries: Sequence[Entry]) -> list[str]:
    summary = report.summary
    sessions = f"Sessions in this period: {summary.sessions}"
    if summary.numbers:
        sessions += f" ({summary.numbers})"
    lines = [f"Period: {_period(entries)}.", f"{sessions}."]
    if summary.sessions:
        lines += [f"{mood_change_text(summary)}.", f"{moods_before_text(summary)}."]
        if relief := relief_median_text(summary):
            lines.append(relief)
        lines.append(relief_rule(summary.relief_max_gap_days))
    lines += report.notes
    return lines


# What signalled risk, said per answer


_RISK_HEADING = "Answers that signalled risk"


def risk_lines(entries: Sequence[Entry], scales: Mapping[str, Scale]) -> list[str]:
    """One line per entry whose answers signalled risk: its date and which answer did.

    An entry counts when it was saved with `risk: true`, or when a scale's risk item was answered
    above 0 even without the flag (a hand-edited or very old file): the answer is what matters."""
    lines = []
    for entry in sorted(entries, key=lambda e: e.created):
        if answers := risk_answers(entry, scales):
            lines.append(f"{entry.created.date().isoformat()}: {'; '.join(answers)}")
    return lines


def _summary(
    report: TrendsReport, entries: Sequence[Entry], scales: Mapping[str, Scale]
) -> list[tuple[str, list[str]]]:
    """The summary as (line, sub-lines): the risk answers, if any, hang under their own line."""
    lines: list[tuple[str, list[str]]] = [(line, []) for line in _summary_lines(report, entries)]
    if risky := risk_lines(entries, scales):
        # After the period and session figures, before the notes.
        at = next((i for i, (line, _) in enumerate(lines) if line in report.notes), len(lines))
        lines.insert(at, (f"{_RISK_HEADING}:", risky))
    return lines


# Questionnaire scores, per scale, on each scale's own range


def _direction(scale: Scale) -> str:
    return "lower is better" if scale.better == "lower" else "higher is better"


def _bands_text(scale: Scale) -> str:
    return ", ".join(f"{b.low}-{b.high} {b.label}" for b in scale.bands)


def _scale_series(
    entries: Sequence[Entry], scales: Mapping[str, Scale]
) -> tuple[list[tuple[Scale, list[tuple[datetime, int]]]], list[str]]:
    """The scores of each loaded scale, in the order scales are listed, and the names of scales
    that have scores in the entries but no Scale loaded (a custom or removed questionnaire)."""
    points = scale_points(entries)
    known = [(scale, points[key]) for key, scale in scales.items() if points.get(key)]
    unknown = sorted(str(key) for key in points if key not in scales)
    return known, unknown


def _unknown_scales_line(unknown: Sequence[str]) -> str:
    names = ", ".join(unknown)
    return (
        f"Scores for {names} are in the journal, but "
        + ("that questionnaire is" if len(unknown) == 1 else "those questionnaires are")
        + " not loaded here (no range or bands to show them against), so they are left out "
        "of this report."
    )


def _scores_text(series: Sequence[tuple[datetime, int]]) -> str:
    if len(series) == 1:
        return f"one score, {series[0][1]} on {series[0][0].date().isoformat()}"
    return ", ".join(f"{v} ({t.date().isoformat()})" for t, v in series)


def _mood_gaps(points: Sequence[tuple[datetime, float]]) -> list[tuple[datetime, datetime]]:
    return [(a, b) for (a, _), (b, _) in itertools.pairwise(points) if b - a > MOOD_GAP]


def _gap_text(start: datetime, end: datetime) -> str:
    missing = (end.date() - start.date()).days - 1
    return (
        f"No mood ratings between {start.date().isoformat()} and {end.date().isoformat()} "
        f"({missing} day{'s' if missing != 1 else ''})."
    )


# Charts: small inline SVGs that read without hovering (every figure on them is visible text)

MOOD_GAP = timedelta(days=3)
# Check-ins are meant to be daily and a missed day or two is ordinary; past three days nobody knows
# what mood did in between, so a line across the gap would draw a trend that was never recorded.
SCALE_GAP_RECALLS = 2
# A questionnaire looks back over its recall window (two weeks for PHQ-9, a month for PCL-5).
# Scores more than two windows apart leave a stretch no answer speaks for: the line breaks there.
_FONT = 13  # viewBox units. Charts are drawn 480 wide so that this stays near 10 px on a phone.
_INK, _MUTED, _GRID, _LINE, _BAND = "#222", "#5b5b5b", "#dcdcdc", "#2f5d8a", "#c8702a"


@dataclass(frozen=True)
class _Frame:
    """Where a chart's plot area lies in its viewBox, and the time and value ranges it spans."""

    width: int
    height: int
    start: datetime
    end: datetime
    top_value: float
    left: int = 36
    right: int = 14
    top: int = 34
    bottom: int = 44

    def x(self, when: datetime) -> float:
        span = (self.end - self.start).total_seconds() or 1.0
        share = (when - self.start).total_seconds() / span
        return self.left + share * (self.width - self.left - self.right)

    def y(self, value: float) -> float:
        # A hand-edited value outside the range is drawn at the edge, never outside the chart.
        share = min(max(value, 0.0), self.top_value) / self.top_value
        return self.height - self.bottom - share * (self.height - self.top - self.bottom)

    @property
    def axis_y(self) -> float:
        return self.height - self.bottom


def _time_span(entries: Sequence[Entry]) -> tuple[datetime, datetime] | None:
    """The period every chart shares, so that charts line up and can be read against each other;
    padded a little so the first and last points do not sit on the edges."""
    if not entries:
        return None
    first = min(e.created for e in entries)
    last = max(e.created for e in entries)
    pad = max((last - first) / 40, timedelta(hours=12))
    return first - pad, last + pad


def _segments(
    points: Sequence[tuple[datetime, float]], max_gap: timedelta
) -> list[list[tuple[datetime, float]]]:
    """Runs of points with no gap wider than max_gap between neighbours: one line each."""
    runs: list[list[tuple[datetime, float]]] = []
    for point in points:
        if runs and point[0] - runs[-1][-1][0] <= max_gap:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _thin(spans: Sequence[tuple[float, float]], pad: float = 8) -> list[int]:
    """Which labels to show, given where each would lie along its axis (in order), so that none
    overlap: the first, the last (the latest is what a reader looks for) and as many between as
    fit."""
    kept: list[int] = []
    for index, (low, _) in enumerate(spans):
        if not kept or low >= spans[kept[-1]][1] + pad:
            kept.append(index)
    last = len(spans) - 1
    if kept and kept[-1] != last:
        while kept and spans[last][0] < spans[kept[-1]][1] + pad:
            kept.pop()
        kept.append(last)
    return kept


def _around(position: float, size: float) -> tuple[float, float]:
    return position - size / 2, position + size / 2


def _text_width(text: str, size: float = _FONT) -> float:
    return len(text) * size * 0.56  # a fair average for system sans-serif digits and letters


def _day_label(when: datetime, with_year: bool) -> str:
    return f"{when.day} {when:%b %Y}" if with_year else f"{when.day} {when:%b}"


def _text(x: float, y: float, text: str, *, cls: str, anchor: str = "middle", **attrs: Any) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>'
        f"{html.escape(text)}</text>"
    )


def _anchored(frame: _Frame, x: float, width: float) -> tuple[float, str, tuple[float, float]]:
    """Where a label centred under x goes, kept inside the chart (at the edges it is aligned to
    the edge instead): its x, text-anchor and extent."""
    if x - width / 2 < 2:
        return 2, "start", (2, 2 + width)
    if x + width / 2 > frame.width - 2:
        return frame.width - 2, "end", (frame.width - 2 - width, frame.width - 2)
    return x, "middle", _around(x, width)


def _date_labels(frame: _Frame, times: Sequence[datetime]) -> tuple[list[str], set[datetime]]:
    """Visible dates under the points (one per day at most), thinned so that none overlap; and
    which of the times got one."""
    with_year = frame.start.year != frame.end.year
    days: dict[date, datetime] = {}
    for when in times:
        days.setdefault(when.date(), when)
    firsts = list(days.values())
    labels = [_day_label(t, with_year) for t in firsts]
    xs = [frame.x(t) for t in firsts]
    placed = [_anchored(frame, x, _text_width(label)) for x, label in zip(xs, labels, strict=True)]
    parts = []
    kept = _thin([extent for _, _, extent in placed])
    for index in kept:
        x, anchor, _ = placed[index]
        parts.append(
            f'<line class="tick" x1="{xs[index]:.1f}" y1="{frame.axis_y:.1f}" x2="{xs[index]:.1f}" '
            f'y2="{frame.axis_y + 4:.1f}" stroke="{_MUTED}"/>'
        )
        parts.append(
            _text(x, frame.axis_y + 18, labels[index], cls="date", anchor=anchor,
                  font_size=_FONT, fill=_INK)
        )  # fmt: skip
    return parts, {firsts[index] for index in kept}


def _y_ticks(frame: _Frame, values: Sequence[float]) -> list[str]:
    """Gridlines and labels at these values; the top of the range always keeps its label."""
    values = sorted(set(values))
    # Measured upwards, so that _thin sees positions in increasing order.
    spans = [_around(-frame.y(v), _FONT) for v in values]
    parts = []
    for index in _thin(spans, pad=1):
        value, y = values[index], frame.y(values[index])
        parts.append(
            f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.width - frame.right}" '
            f'y2="{y:.1f}" stroke="{_GRID}"/>'
        )
        parts.append(
            _text(frame.left - 5, y + 4, f"{value:g}", cls="ytick", anchor="end",
                  font_size=_FONT, fill=_INK)
        )  # fmt: skip
    return parts


def _heading(frame: _Frame, title: str, direction: str) -> list[str]:
    return [
        _text(2, 16, title, cls="title", anchor="start", font_size=_FONT + 1, font_weight="600",
              fill=_INK),
        _text(frame.width - 2, 16, direction, cls="direction", anchor="end", font_size=_FONT,
              fill=_INK),
    ]  # fmt: skip


def _lines(
    frame: _Frame, points: Sequence[tuple[datetime, float]], max_gap: timedelta, dots: bool
) -> list[str]:
    parts = []
    for run in _segments(points, max_gap):
        coords = [(frame.x(t), frame.y(v)) for t, v in run]
        if len(run) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline class="series" fill="none" stroke="{_LINE}" stroke-width="2" '
                f'stroke-linejoin="round" points="{line}"/>'
            )
        if dots or len(run) == 1:  # a point on its own has no line to show it
            parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{_LINE}"/>' for x, y in coords
            ]
    return parts


def _svg(frame: _Frame, label: str, cls: str, parts: list[str], **data: str) -> str:
    attrs = "".join(f' data-{k}="{html.escape(v)}"' for k, v in data.items())
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" viewBox="0 0 {frame.width} '
        f'{frame.height}" role="img" aria-label="{html.escape(label)}"{attrs}>',
        *parts,
        f'<line x1="{frame.left}" y1="{frame.axis_y}" x2="{frame.width - frame.right}" '
        f'y2="{frame.axis_y}" stroke="{_MUTED}"/>',
        "</svg>",
    ])  # fmt: skip


_DENSE = 200  # beyond this many points the dots merge into the line and only add weight


def mood_chart(
    points: Sequence[tuple[datetime, float]],
    sessions: Sequence[tuple[int, date]],
    span: tuple[datetime, datetime],
) -> str:
    """Self-rated mood on 0-10 over the period: the line breaks where ratings stop for more than
    MOOD_GAP (the gap is shaded and said), sessions are marked, dates are visible text."""
    frame = _Frame(480, 250, *span, top_value=10, top=48)
    parts = _heading(frame, "Mood, self-rating 0-10", "higher is better ↑")
    parts += _y_ticks(frame, [0, 5, 10])
    for start, end in _mood_gaps(points):
        x1, x2 = frame.x(start), frame.x(end)
        parts.append(
            f'<rect class="gap" x="{x1:.1f}" y="{frame.top}" width="{x2 - x1:.1f}" '
            f'height="{frame.axis_y - frame.top}" fill="#efefef"/>'
        )
        # Said on the chart, on one line or two, when the gap is wide enough to hold it.
        for fits, lines in (("no ratings", ["no ratings"]), ("ratings", ["no", "ratings"])):
            if x2 - x1 > _text_width(fits, _FONT - 2) + 4:
                parts += [
                    _text((x1 + x2) / 2, frame.top + 14 * (row + 1), line, cls="gap-label",
                          font_size=_FONT - 2, fill=_MUTED)
                    for row, line in enumerate(lines)
                ]  # fmt: skip
                break
    # Sessions at midday: between the mood before (morning intention) and after (integration).
    tz = span[0].tzinfo
    marks = [(n, datetime.combine(day, time(12), tzinfo=tz)) for n, day in sessions]
    xs = [frame.x(when) for _, when in marks]
    extents = [_around(x, _text_width(f"S{n}")) for (n, _), x in zip(marks, xs, strict=True)]
    labelled = set(_thin(extents, pad=4))
    for index, ((number, _), x) in enumerate(zip(marks, xs, strict=True)):
        parts.append(
            f'<line class="session" x1="{x:.1f}" y1="{frame.top - 4}" x2="{x:.1f}" '
            f'y2="{frame.axis_y}" stroke="{_MUTED}" stroke-dasharray="3 3"/>'
        )
        if index in labelled:
            parts.append(
                _text(x, frame.top - 8, f"S{number}", cls="session-label", font_size=_FONT - 1,
                      fill=_INK)
            )  # fmt: skip
    parts += _lines(frame, points, MOOD_GAP, dots=len(points) <= _DENSE)
    parts += _date_labels(frame, [t for t, _ in points])[0]
    return _svg(frame, "Mood over time, self-rating 0 to 10", "chart mood-chart", parts)


def _band_fills(scale: Scale) -> list[float]:
    """Shading per band, stronger towards the worse end of the scale (whichever end that is)."""
    count = len(scale.bands)
    ranks = range(count) if scale.better == "lower" else range(count - 1, -1, -1)
    return [0.05 + 0.25 * rank / max(count - 1, 1) for rank in ranks]


def scale_chart(
    scale: Scale, points: Sequence[tuple[datetime, float]], span: tuple[datetime, datetime]
) -> str:
    """One questionnaire on its own range (0 to the scale's maximum), its bands shaded and named,
    which direction is better said on the chart, each shown score labelled with value and date."""
    frame = _Frame(480, 260, *span, top_value=max(scale.max_score, 1))
    parts = _heading(frame, f"{scale.name}, 0-{scale.max_score}", f"{_direction(scale)} " + (
        "↓" if scale.better == "lower" else "↑"))  # fmt: skip
    plot_right = frame.width - frame.right
    for band, opacity in zip(scale.bands, _band_fills(scale), strict=True):
        top = frame.y(min(band.high + 1, scale.max_score))
        bottom = frame.y(band.low)
        parts.append(
            f'<rect class="band" x="{frame.left}" y="{top:.1f}" width="{plot_right - frame.left}" '
            f'height="{bottom - top:.1f}" fill="{_BAND}" fill-opacity="{opacity:.2f}" '
            f'data-low="{band.low}" data-high="{band.high}"/>'
        )
        if bottom - top >= _FONT:
            parts.append(
                _text(plot_right - 4, (top + bottom) / 2 + 4, band.label, cls="band-label",
                      anchor="end", font_size=_FONT - 2, fill=_MUTED)
            )  # fmt: skip
    parts += _y_ticks(frame, [0, *(b.low for b in scale.bands), scale.max_score])
    max_gap = timedelta(days=SCALE_GAP_RECALLS * scale.recall_days)
    parts += _lines(frame, points, max_gap, dots=True)
    dates, dated = _date_labels(frame, [t for t, _ in points])
    # A value is labelled where its date is, so that every number shown has its date below it.
    for when, value in (point for point in points if point[0] in dated):
        x, y = frame.x(when), frame.y(value)
        # Above the point, or below it when the point is at the top of the chart.
        label_y = y - 7 if y - 7 > frame.top + _FONT else y + _FONT + 5
        parts.append(
            _text(x, label_y, f"{value:g}", cls="value", font_size=_FONT, font_weight="600",
                  fill=_INK, stroke="#fff", stroke_width="3", paint_order="stroke")
        )  # fmt: skip
    parts += dates
    return _svg(frame, f"{scale.name} scores, 0 to {scale.max_score}, {_direction(scale)}",
                "chart scale-chart", parts, scale=scale.id)  # fmt: skip


# The report, as Markdown and as one HTML page


def _reflections(entries: Sequence[Entry]) -> list[tuple[str, list[tuple[str, str]]]]:
    out = []
    for entry in entries:
        sections = [(s.heading, s.text) for s in entry.sections if s.text]
        if sections:
            out.append((entry.title or entry.default_title(), sections))
    return out


# Markdown export: every text that comes from the journal (answers, titles, hand-edited field
# values) is escaped, so that a report opened in a Markdown viewer runs no HTML and its layout
# stays kjournal's: HTML special characters as entities, and in one-line places (headings,
# bullets, table cells) the characters that would start emphasis, code, links or close a heading.
_MD_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]#~|"})
# In an answer, the brackets of a link or image only: `[text](url)` would be live (an image even
# fetched) in a Markdown viewer; everything else stays exactly as the person wrote it.
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(")


def _md_html(text: str) -> str:
    return html.escape(text, quote=False)


def _md_line(text: str) -> str:
    """Journal text in a one-line place (a heading, a bullet, a table cell)."""
    return _md_html(" ".join(text.split())).translate(_MD_INLINE)


def _md_cell(text: str) -> str:
    return _md_line(text)


def _md_answer(text: str) -> list[str]:
    """An answer as a quote: whatever Markdown it holds (a heading, a code fence left open, a
    table) stays inside the quote instead of taking over the rest of the report. Its HTML is
    escaped; its lines stay separate lines (two trailing spaces: a Markdown line break)."""
    lines = _MD_LINK.sub(r"\\[\1\\](", _md_html(text)).split("\n")
    out = []
    for number, line in enumerate(lines):
        follows = number + 1 < len(lines) and lines[number + 1].strip()
        out.append(
            ("> " + line if line.strip() else ">") + ("  " if line.strip() and follows else "")
        )
    return out


def _md_table(table: Table) -> list[str]:
    title, header, rows = table
    out = [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _notices(report: TrendsReport, scales: Mapping[str, Scale]) -> list[str]:
    shown = {r.name for r in report.scales}
    return sorted({s.notice for s in scales.values() if s.name in shown})


def to_markdown_report(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
    max_gap_days: int = MAX_GAP_DAYS,
) -> str:
    """The report as Markdown: the same facts as the HTML page, with scores listed, not drawn."""
    report = build_report(entries, scales, max_gap_days=max_gap_days)
    out = [
        "# kjournal report",
        "",
        f"_{DISCLAIMER}_",
        "",
        f"Generated {generated:%Y-%m-%d %H:%M}.",
        "",
    ]
    for line, sub in _summary(report, entries, scales):
        out += [f"- {_md_line(line)}", *(f"  - {_md_line(s)}" for s in sub)]
    out.append("")
    if report.mood:
        ratings = [m for _, m in report.mood]
        out += ["## Mood (self-rating 0-10, higher is better)", ""]
        out.append(
            f"- {len(ratings)} ratings from {report.mood[0][0].date().isoformat()} to "
            f"{report.mood[-1][0].date().isoformat()}, lowest {_fmt(min(ratings))}, highest "
            f"{_fmt(max(ratings))}."
        )
        out += [f"- {_gap_text(a, b)}" for a, b in _mood_gaps(report.mood)] + [""]
    known, unknown = _scale_series(entries, scales)
    if known or unknown:
        out += ["## Questionnaire scores", ""]
        for scale, series in known:
            out.append(
                f"- {scale.name} (0-{scale.max_score}, {_direction(scale)}; bands "
                f"{_bands_text(scale)}): {_scores_text(series)}."
            )
        if unknown:
            out.append(f"- {_md_line(_unknown_scales_line(unknown))}")
        out.append("")
    for table in report_tables(report, entries):
        out += _md_table(table)
    if include_text:
        out += ["## Reflections", ""]
        if not _reflections(entries):
            out += ["_No written reflections in this period._", ""]
        for title, sections in _reflections(entries):
            out += [f"### {_md_line(title)}", ""]
            for heading, text in sections:
                out += [f"**{_md_line(heading)}**", "", *_md_answer(text), ""]
    notices = _notices(report, scales)
    if notices:
        out += ["---", ""] + [line for n in notices for line in (f"_{n}_", "")]
    return "\n".join(out)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.6rem;margin-bottom:.3rem}h2{font-size:1.25rem;margin:2.2rem 0 .6rem;
border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.note,figcaption{color:#555;font-size:.9rem}
ul.risk{border-left:3px solid #b5542c;padding-left:1.4rem;margin:.3rem 0}
svg{display:block;width:100%;height:auto}
svg text{font-family:inherit}
figure{margin:0 0 1rem}figcaption{margin-top:.2rem;overflow-wrap:anywhere}
.mood svg{max-width:34rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr));
gap:.5rem 2rem}
/* Tables take the width their words need and wrap inside the page; the container scrolls
   sideways only as a last resort, so the page itself never does. */
.table-wrap{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;
font-size:.9rem;overflow-wrap:break-word}
td.long{overflow-wrap:anywhere}.nw{white-space:nowrap}
th{background:#f3f3f3;font-weight:600}
blockquote{margin:.2rem 0 1rem 1rem;white-space:pre-wrap;overflow-wrap:anywhere}
/* On a phone each table row becomes a small card of "label  value" lines: every number keeps
   its column name beside it, and nothing needs sideways scrolling to be seen. */
@media screen and (max-width:40rem){
body{margin:1rem auto}
th,td{padding:.2rem .3rem;font-size:.85rem}
table.stack,.stack tbody,.stack tr,.stack td{display:block}
.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
.stack tr{border:1px solid #ccc;border-radius:4px;margin:0 0 .6rem;padding:.3rem .6rem}
.stack td{border:0;padding:.05rem 0;display:grid;grid-template-columns:minmax(6rem,45%) 1fr;
gap:.6rem}
.stack td::before{content:attr(data-label);color:#555}
}
@media print{
@page{margin:14mm}
body{max-width:none;margin:0;padding:0;font-size:10pt}
.charts{grid-template-columns:1fr 1fr}
.table-wrap{overflow:visible;break-inside:avoid}
figure{margin:0 0 .4rem}figcaption{font-size:8.5pt}.charts{gap:0 1.5rem}
th,td{padding:.2rem .35rem}
section{break-before:page}
/* The first page: the summary with the mood over the period, what a reader looks for first. */
section:first-of-type{break-before:auto}
h2,h3{break-after:avoid}
figure,svg,tr,li{break-inside:avoid}
thead{display:table-header-group}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


_LONG_WORD = 16  # longer than any date or figure the tables hold: text from entries, say
_STACK_ABOVE = 5  # columns; a table this narrow still fits a phone screen as a table


def _cell(header: str, text: str) -> str:
    # Cells wrap between words and keep dates and figures whole (a browser would break
    # 2026-01-06 after a hyphen); only a word longer than anything kjournal writes may break
    # anywhere, so that no text can push a table wider than the page. Breaking every cell
    # anywhere lets the widest column squeeze the others to a letter per line.
    words = text.split()
    long = " class=long" if any(len(word) > _LONG_WORD for word in words) else ""
    inner = " ".join(
        f"<span class=nw>{html.escape(w)}</span>" if "-" in w and len(w) <= _LONG_WORD
        else html.escape(w)
        for w in words
    )  # fmt: skip
    return f'<td data-label="{html.escape(header)}"{long}>{inner}</td>'


def _html_table(table: Table) -> str:
    """A table that wraps; on a phone a wide one becomes one card per row (see _CSS)."""
    esc = html.escape
    title, header, rows = table
    head = "".join(f"<th scope=col>{esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(_cell(h, c) for h, c in zip(header, row, strict=True)) + "</tr>\n"
        for row in rows
    )
    stack = " class=stack" if len(header) > _STACK_ABOVE else ""
    return (
        f"<h3>{esc(title)}</h3>\n<div class=table-wrap><table{stack}><thead><tr>{head}</tr>"
        f"</thead><tbody>\n{body}</tbody></table></div>"
    )


def to_html_report(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
    max_gap_days: int = MAX_GAP_DAYS,
) -> str:
    """One self-contained page: no scripts, no external resources, every text escaped. Sections
    start on a new page when printed; tables wrap on a wide screen and become cards on a phone."""
    esc = html.escape
    report = build_report(entries, scales, max_gap_days=max_gap_days)
    span = _time_span(entries)
    summary = "".join(
        f"<li>{esc(line)}"
        + (f"<ul class=risk>{''.join(f'<li>{esc(s)}</li>' for s in sub)}</ul>" if sub else "")
        + "</li>\n"
        for line, sub in _summary(report, entries, scales)
    )
    sections = [
        f"<header><h1>kjournal report</h1><p class=note>{esc(DISCLAIMER)}</p>"
        f"<p class=note>Generated {generated:%Y-%m-%d %H:%M}.</p><ul>\n{summary}</ul></header>"
    ]
    mood = []
    if report.mood and span:
        sessions = [(r.session, r.date) for r in report.sessions]
        mood += [
            "<h2>Mood over time</h2><figure class=mood>",
            mood_chart([(t, float(m)) for t, m in report.mood], sessions, span),
            "<figcaption>Self-rating 0-10 from every entry; S1, S2… mark sessions. The line breaks "
            f"where ratings are more than {MOOD_GAP.days} days apart.</figcaption></figure>",
        ]
        mood += [f"<p class=note>{esc(_gap_text(a, b))}</p>" for a, b in _mood_gaps(report.mood)]
    weeks = _week_table(report)
    if weeks:
        mood.append(_html_table(weeks))
    if mood:
        sections.append("\n".join(mood))
    known, unknown = _scale_series(entries, scales)
    if known or unknown:
        scale_parts = [
            "<h2>Questionnaires</h2><p class=note>Each questionnaire on its own range. Shaded "
            "bands are its published severity ranges: information to discuss, not a diagnosis."
            "</p><div class=charts>"
        ]
        for scale, series in known:
            count = "one score" if len(series) == 1 else f"{len(series)} scores"
            scale_parts += [
                "<figure>",
                scale_chart(scale, [(t, float(v)) for t, v in series], span) if span else "",
                f"<figcaption>{esc(scale.name)}: {count}, {esc(_direction(scale))}. Bands: "
                f"{esc(_bands_text(scale))}.</figcaption></figure>",
            ]
        scale_parts.append("</div>")
        if unknown:
            scale_parts.append(f"<p class=note>{esc(_unknown_scales_line(unknown))}</p>")
        if report.scales:
            scale_parts.append(_html_table(_scale_table(report)))
        sections.append("\n".join(scale_parts))
    session_parts = [_html_table(_session_table(report))] if report.sessions else []
    effects = _effects_table(entries)
    if effects:
        session_parts.append(_html_table(effects))
    if session_parts:
        sections.append("<h2>Sessions</h2>\n" + "\n".join(session_parts))
    if include_text:
        words = ["<h2>Reflections</h2>"]
        if not _reflections(entries):
            words.append("<p class=note>No written reflections in this period.</p>")
        for title, answers in _reflections(entries):
            words.append(f"<h3>{esc(title)}</h3>")
            words += [
                f"<p><strong>{esc(h)}</strong></p><blockquote>{esc(t)}</blockquote>"
                for h, t in answers
            ]
        sections.append("\n".join(words))
    notices = "".join(f"<p class=note>{esc(n)}</p>" for n in _notices(report, scales))
    return html_page("kjournal report", sections, notices)


def html_page(title: str, sections: Sequence[str], footer: str = "", css: str = "") -> str:
    """One self-contained page: the first of `sections` (HTML) is the header, each other one a
    <section> that starts a new printed page; `css` is added to the report's own. The one place
    the page's Content-Security-Policy is written."""
    return (
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
        '<meta name=viewport content="width=device-width,initial-scale=1">'
        # No scripts and nothing fetched, even if the page is opened in a browser that would.
        "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{html.escape(title)}</title><style>{_CSS}{css}</style></head><body>\n"
        + sections[0]
        + "".join(f"\n<section>\n{s}\n</section>" for s in sections[1:])
        + (f"\n<footer>{footer}</footer>" if footer else "")
        + "\n</body></html>\n"
    )


def render(
    output_format: str,
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    *,
    include_text: bool,
    generated: datetime,
    max_gap_days: int = MAX_GAP_DAYS,
) -> str:
    """The export as text: output_format is md, csv, json or html."""
    if output_format == "csv":
        return to_csv(entries)
    if output_format == "json":
        return to_json(entries)
    report = to_html_report if output_format == "html" else to_markdown_report
    return report(
        entries, scales, include_text=include_text, generated=generated, max_gap_days=max_gap_days
    )
