"""A brief for the next appointment as one HTML page or Markdown: the period since the last
session for the clinician, on the report's rules (render/export.py): no scripts, the same strict
Content-Security-Policy, its charts, tables and print styles, every text from the journal
escaped, and written entries only where the person chose them."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from kjournal.journal.entry import Entry
from kjournal.journal.kinds import kind_label
from kjournal.questions.scales import Scale
from kjournal.render import export
from kjournal.render.plain import number_text, printable
from kjournal.render.session import relief_text
from kjournal.render.views import _meaningful
from kjournal.reports.brief import Brief, ScaleInPeriod
from kjournal.reports.trends import relief_median_text, relief_rule

TITLE = "Brief for the next appointment"
SCORES_TITLE = "Scores in the period and how they changed"
_DAILY_UP_TO = 40  # rows of ratings shown one by one; past this, the weeks are shown instead


def _count(number: int, unit: str, units: str = "") -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {units or unit + 's'}"


def period_line(brief: Brief) -> str:
    return f"Period: {brief.period.describe()}, {_count(len(brief.entries), 'entry', 'entries')}."


def included_lines(brief: Brief) -> list[str]:
    """What the brief holds and what it leaves out, said plainly."""
    chosen, written = len(brief.included), len(brief.written)
    entries = _count(written, "written entry", "written entries")
    if not written:
        words = "there are no written answers in this period"
    elif chosen:
        words = f"{chosen} of {entries}, chosen by the person"
    else:
        words = f"none chosen ({entries} in the period)"
    left = [f"entries before {brief.period.start:%Y-%m-%d %H:%M}"]
    if written > chosen:
        others = written - chosen
        unchosen = "written entry" if others == 1 else f"{others} written entries"
        left.insert(0, f"the other {unchosen}" if chosen else f"the {unchosen}")
    left.append("notes kept with an intention (such as dose or setting)")
    return [
        "Included: 0-10 self-ratings, questionnaire scores, side effects and answers that "
        "signalled risk from this period; the relief of the session it starts from and the "
        f"median over every session so far; written answers: {words}.",
        f"Not included: {', '.join(left)}.",
    ]


def _series_line(name: str, points: Sequence[tuple[datetime, int]]) -> str:
    if not points:
        return f"{name} (0-10): no ratings in this period."
    values = [v for _, v in points]
    first, last = points[0], points[-1]
    return (
        f"{name} (0-10): {_count(len(values), 'rating')}, first {first[1]} "
        f"({first[0]:%Y-%m-%d}), latest {last[1]} ({last[0]:%Y-%m-%d}), lowest {min(values)}, "
        f"highest {max(values)}."
    )


def session_line(brief: Brief) -> str | None:
    row = brief.session
    if row is None:
        return None
    route = f", {printable(row.route)}" if row.route else ""  # as written: a bidi mark stays shown
    return (
        f"Session {row.session} ({row.date.isoformat()}{route}): mood "
        f"{number_text(row.mood_before)} → {number_text(row.mood_after)}, anxiety "
        f"{number_text(row.anxiety_before)} → {number_text(row.anxiety_after)} (before → after). "
        + relief_text(row.relief, row.mood_before)
    )


def summary_lines(brief: Brief) -> list[str]:
    lines = [period_line(brief), *included_lines(brief)]
    if line := session_line(brief):
        lines.append(line)
    if median := relief_median_text(brief.summary):
        lines.append(median.replace("Relief lasted", "Over every session so far, relief lasted"))
    lines += [_series_line("Mood", brief.mood), _series_line("Anxiety", brief.anxiety)]
    return lines


def risk_lines(brief: Brief, scales: Mapping[str, Scale]) -> list[str]:
    return export.risk_lines(brief.entries, scales)


# Tables, as (title, header, rows) of display strings, the report's own form


def ratings_table(brief: Brief) -> export.Table | None:
    """Every rating in the period one by one, or per week when there are many."""
    rated = [e for e in brief.entries if "mood" in e.ratings or "anxiety" in e.ratings]
    if not rated:
        return None
    if len(rated) <= _DAILY_UP_TO:
        rows = [
            [
                f"{e.created:%Y-%m-%d %H:%M}",
                "questionnaire" if e.is_questionnaire else kind_label(e.kind),
                export._fmt(e.ratings.get("mood")),
                export._fmt(e.ratings.get("anxiety")),
            ]
            for e in rated
        ]
        header = ["When", "Entry", "Mood", "Anxiety"]
        return "Self-ratings in the period (0-10)", header, rows
    weeks = [
        [w.week, w.starts.isoformat(), export._fmt(w.mood), export._fmt(w.anxiety), str(w.entries)]
        for w in brief.weeks
        if w.entries
    ]
    header = ["Week", "From", "Mood", "Anxiety", "Entries"]
    return "Weeks (average self-ratings of every entry)", header, weeks


def _scores(scale: ScaleInPeriod) -> str:
    if not scale.scores:
        return "not taken in this period"
    return "; ".join(f"{v} {band} ({t:%Y-%m-%d})" for t, v, band in scale.scores)


def questionnaire_table(brief: Brief) -> export.Table | None:
    if not brief.scales:
        return None
    header = ["Scale", "In this period (band, date)", "Last before", "Change since"]
    header += ["Meaningful", "Since first score", "Meaningful since first", "Response / remission"]
    rows = []
    for scale in brief.scales:
        before = f"{scale.before[1]} ({scale.before[0]:%Y-%m-%d})" if scale.before else "–"
        since, course = scale.since_before, scale.course
        outcome = "–"
        if course is not None and (course.response is not None or course.remission is not None):
            outcome = f"{export._fmt(course.response)} / {export._fmt(course.remission)}"
        rows.append([
            scale.name, _scores(scale), before,
            since.change_label() if since else "–", _meaningful(since) if since else "–",
            f"{course.baseline} ({course.baseline_date}): {course.change_label()}" if course
            else "–",
            _meaningful(course) if course else "–", outcome,
        ])  # fmt: skip
    return SCORES_TITLE, header, rows


def effects_table(brief: Brief) -> export.Table | None:
    rows = [[name.replace("_", " "), str(count)] for name, count in brief.side_effects]
    return ("Entries naming each", ["Side effect", "Entries"], rows) if rows else None


QUESTIONNAIRE_NOTE = (
    "Change since: the latest score in the period against the last one before it; since first "
    "score: against the first in the journal. Meaningful: the change reaches the scale's "
    "published threshold. Bands are information to discuss, not a diagnosis."
)


def _tables(brief: Brief) -> list[export.Table]:
    found = (ratings_table(brief), questionnaire_table(brief), effects_table(brief))
    return [table for table in found if table is not None]


def _shown_notices(brief: Brief, scales: Mapping[str, Scale]) -> list[str]:
    return sorted({scales[s.scale].notice for s in brief.scales if s.scale in scales})


def _title(entry: Entry) -> str:
    return entry.title or entry.default_title()


# HTML

# Added to the report's styles. One page: the report's sections each start a printed page; a
# brief's are short and run on. On a phone the report's cards lay a cell out as a grid, where
# each word holding a hyphen (a date, a negative change) is a grid item of its own and drops
# under the label: here the label floats in the cell's left padding and the value flows as one.
_CSS = """
@media screen and (max-width:40rem){
.stack td{display:flow-root;padding-left:10.6rem}
.stack td::before{float:left;width:10rem;margin-left:-10.6rem}
}
@media print{section{break-before:auto}}
"""


def to_html(brief: Brief, scales: Mapping[str, Scale], *, generated: datetime) -> str:
    """The brief as one self-contained page (export.html_page: no scripts, nothing fetched)."""
    esc = html.escape
    items = [f"<li>{esc(line)}</li>" for line in summary_lines(brief)]
    if risky := risk_lines(brief, scales):
        sub = "".join(f"<li>{esc(line)}</li>" for line in risky)
        items.append(f"<li>Answers that signalled risk:<ul class=risk>{sub}</ul></li>")
    else:
        items.append(f"<li>{NO_RISK}</li>")
    items += [f"<li>{esc(note)}</li>" for note in brief.notes]
    sections = [
        f"<header><h1>{TITLE}</h1><p class=note>{esc(export.DISCLAIMER)}</p>"
        f"<p class=note>Generated {generated:%Y-%m-%d %H:%M}.</p><ul>\n"
        + "\n".join(items)
        + "\n</ul></header>"
    ]
    mood = ["<h2>Mood and anxiety</h2>"]
    if brief.mood:
        # The axis ends at the last rating, not at "now": months without an entry would
        # squeeze every point to one edge (the note below says where the ratings stop).
        start, end = brief.period.start, max(brief.mood[-1][0], brief.period.start)
        pad = max((end - start) / 40, timedelta(hours=12))
        marks = [(r.session, r.date) for r in brief.sessions]
        if brief.session is not None:
            marks.insert(0, (brief.session.session, brief.session.date))
        mood += [
            "<figure class=mood>",
            export.mood_chart(
                [(t, float(m)) for t, m in brief.mood], marks, (start - pad, end + pad)
            ),
            "<figcaption>Self-rating 0-10 from every entry in the period; S marks a session. "
            f"The line breaks where ratings are more than {export.MOOD_GAP.days} days apart."
            "</figcaption></figure>",
        ]
        mood += [
            f"<p class=note>{esc(export._gap_text(a, b))}</p>"
            for a, b in export._mood_gaps(list(brief.mood))
        ]
        if (silent := _after_last_rating(brief)) is not None:
            mood.append(f"<p class=note>{esc(silent)}</p>")
    tables = {table[0]: table for table in _tables(brief)}
    for title, table in tables.items():
        if title.startswith(("Self-ratings", "Weeks")):
            mood.append(export._html_table(table))
    if len(mood) == 1:
        mood.append("<p class=note>No ratings in this period.</p>")
    sections.append("\n".join(mood))
    if (questionnaires := questionnaire_table(brief)) is not None:
        sections.append(
            f"<h2>Questionnaires</h2><p class=note>{esc(QUESTIONNAIRE_NOTE)}</p>\n"
            + export._html_table(questionnaires)
        )
    if (effects := effects_table(brief)) is not None:
        sections.append("<h2>Side effects</h2>\n" + export._html_table(effects))
    words = ["<h2>Written entries</h2>"]
    if not brief.included:
        words.append("<p class=note>None included.</p>")
    for entry in brief.included:
        words.append(f"<h3>{esc(_title(entry))}</h3>")
        if entry.preamble:
            words.append(f"<blockquote>{esc(entry.preamble)}</blockquote>")
        words += [
            f"<p><strong>{esc(s.heading)}</strong></p><blockquote>{esc(s.text)}</blockquote>"
            for s in entry.sections
            if s.text
        ]
    sections.append("\n".join(words))
    notices = [esc(relief_rule(brief.max_gap_days)), *map(esc, _shown_notices(brief, scales))]
    footer = "".join(f"<p class=note>{n}</p>" for n in notices)
    return export.html_page(TITLE, sections, footer, _CSS)


NO_RISK = "No answer signalled risk in this period."


def _after_last_rating(brief: Brief) -> str | None:
    """Said when the period runs on well past the last 0-10 rating."""
    last = brief.mood[-1][0] if brief.mood else None
    if last is None or brief.period.end - last <= export.MOOD_GAP:
        return None
    return (
        f"No ratings after {last:%Y-%m-%d} (the period runs to {brief.period.end:%Y-%m-%d}); "
        "the chart ends at the last one."
    )


# Markdown


def to_markdown(brief: Brief, scales: Mapping[str, Scale], *, generated: datetime) -> str:
    """The same brief as Markdown: the report's escaping (nothing from the journal runs, links
    or takes over the layout in a viewer), scores in tables instead of charts."""
    md = export._md_line
    out = [f"# {TITLE}", "", f"_{export.DISCLAIMER}_", "", f"Generated {generated:%Y-%m-%d %H:%M}."]
    out.append("")
    out += [f"- {md(line)}" for line in summary_lines(brief)]
    if risky := risk_lines(brief, scales):
        out += ["- Answers that signalled risk:", *(f"  - {md(line)}" for line in risky)]
    else:
        out.append(f"- {NO_RISK}")
    out += [f"- {md(note)}" for note in brief.notes]
    out.append("")
    for table in _tables(brief):
        out += export._md_table(table)
        if table[0] == SCORES_TITLE:
            out += [f"_{QUESTIONNAIRE_NOTE}_", ""]
    out += ["## Written entries", ""]
    if not brief.included:
        out += ["_None included._", ""]
    for entry in brief.included:
        out += [f"### {md(_title(entry))}", ""]
        if entry.preamble:
            out += [*export._md_answer(entry.preamble), ""]
        for section in entry.sections:
            if section.text:
                out += [f"**{md(section.heading)}**", "", *export._md_answer(section.text), ""]
    out += ["---", "", f"_{md(relief_rule(brief.max_gap_days))}_", ""]
    out += [line for notice in _shown_notices(brief, scales) for line in (f"_{notice}_", "")]
    return "\n".join(out)


def render(
    output_format: str, brief: Brief, scales: Mapping[str, Scale], *, generated: datetime
) -> str:
    """The brief as `html` or `md` text."""
    if output_format == "html":
        return to_html(brief, scales, generated=generated)
    return to_markdown(brief, scales, generated=generated)
