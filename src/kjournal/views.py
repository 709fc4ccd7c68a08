"""Rich renderables and plain-text formats for what the core returns; no I/O of their own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kjournal.entry import Entry
from kjournal.formats import (
    RECENT_MOODS,
    number_text,
    printable,
    scores_text,
    sparkline,
)
from kjournal.safety import CrisisResources
from kjournal.scales import Scale, ScaleResult
from kjournal.trends import (
    MAX_GAP_DAYS,
    ScaleRow,
    SessionRow,
    Summary,
    WeekRow,
    mood_change_text,
    moods_before_text,
    relief_median_text,
    relief_rule,
)


def _table(title: str, caption: str = "") -> Table:
    return Table(
        title=title,
        title_justify="left",
        caption=caption or None,
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
    )


def _arrow(before: float | None, after: float | None) -> str:
    if before is None and after is None:
        return "–"
    return f"{number_text(before)} → {number_text(after)}"


def session_table(rows: Sequence[SessionRow], max_gap_days: int = MAX_GAP_DAYS) -> Table:
    table = _table(
        "Sessions",
        "Mood, anxiety: your 0-10 ratings before → after the session. PHQ-9, GAD-7: latest score "
        f"in the 7 days before. {relief_rule(max_gap_days)}",
    )
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True)
    table.add_column("Route")
    table.add_column("Mood", justify="center", no_wrap=True)
    table.add_column("Change", justify="right")
    table.add_column("Anxiety", justify="center", no_wrap=True)
    table.add_column("PHQ-9", justify="right")
    table.add_column("GAD-7", justify="right")
    table.add_column("Relief", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            str(row.session),
            row.date.isoformat(),
            Text(printable(row.route or "–")),
            _arrow(row.mood_before, row.mood_after),
            number_text(row.mood_change, signed=True),
            _arrow(row.anxiety_before, row.anxiety_after),
            number_text(row.phq9_before),
            number_text(row.gad7_before),
            row.relief.label(),
        )
    return table


def _sessions_line(summary: Summary) -> str:
    if summary.since is None:
        return f"Sessions so far: {summary.sessions}"
    numbers = f" ({summary.numbers})" if summary.numbers else ""
    return f"Sessions from {summary.since.isoformat()} on: {summary.sessions}{numbers}"


def session_summary(summary: Summary, moods: Sequence[int]) -> Text:
    """The period's sessions in figures, each saying what it rests on."""
    lines = Text("\n")
    lines.append(_sessions_line(summary) + "\n")
    lines.append(mood_change_text(summary) + "\n")
    lines.append(moods_before_text(summary) + "\n")
    if relief := relief_median_text(summary):
        lines.append(relief + "\n")
    if moods:
        recent = moods[-RECENT_MOODS:]
        label = "Mood over time" if len(recent) == len(moods) else f"Your last {len(recent)} moods"
        if summary.since is not None:
            label += f" from {summary.since.isoformat()}"
        lines.append(f"{label} (0-10): ")
        lines.append(sparkline(recent), style="cyan")
        lines.append(f"  latest {moods[-1]}\n")
    return lines


def more_rows(shown: int, total: int, what: str) -> Text:
    return Text(
        f"The latest {shown} of {total} {what}; --all shows every one, --format csv exports them.",
        style="dim",
    )


def scales_table(
    rows: Sequence[ScaleRow], scales: dict[str, Scale], since: date | None = None
) -> Table:
    period = f" from {since.isoformat()} on" if since else ""
    thresholds = ", ".join(
        f"{scales[r.scale].name} {scales[r.scale].meaningful_change}" for r in rows
    )
    caption = [
        f"First, latest: your first and latest score{period}; change: latest minus first.",
        f"Meaningful change: {thresholds} points.",
    ]
    for row in rows:
        scale = scales[row.scale]
        if scale.response_drop_percent is not None:
            caption.append(
                f"{scale.name} response: {scale.response_drop_percent}% or more below the first."
            )
        if scale.remission_below is not None:
            caption.append(
                f"{scale.name} remission: latest below {scale.remission_below}, from a first "
                f"of {scale.remission_below} or more."
            )
    caption.append("Bands are information to talk over with your clinician, not a diagnosis.")
    table = _table("Questionnaires", " ".join(caption))
    table.add_column("Scale", no_wrap=True)
    table.add_column("First", justify="right", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", justify="right")
    table.add_column("Meaningful")
    table.add_column("Latest band")
    table.add_column("Trend", no_wrap=True)
    for row in rows:
        scale = scales[row.scale]
        meaningful = "–"
        if row.meaningful is not None:
            meaningful = ("yes, better" if row.better else "yes, worse") if row.meaningful else "no"
        band = row.latest_band
        if row.remission:
            band += f"; remission (below {scale.remission_below})"
        elif row.response:
            band += f"; response ({scale.response_drop_percent}%+ drop)"
        table.add_row(
            row.name,
            f"{row.baseline} ({row.baseline_date.day} {row.baseline_date:%b})",
            f"{row.latest} ({row.latest_date.day} {row.latest_date:%b})",
            row.change_label(),
            meaningful,
            Text(band),
            sparkline(row.history, 0, scale.max_score),
        )
    return table


def _average(value: float | None, count: int) -> str:
    return "–" if value is None else f"{number_text(value)} ({count})"


def weeks_table(rows: Sequence[WeekRow], since: date | None = None) -> RenderableType:
    caption = (
        "Mood, anxiety: the average of every 0-10 rating that week (before and after sessions, "
        "check-ins), how many in brackets."
    )
    if since is not None:
        caption += f" The first week counts from {since.isoformat()}."
    table = _table("Weeks", caption)
    table.add_column("Week")
    table.add_column("From", no_wrap=True)
    table.add_column("Mood", justify="right")
    table.add_column("Anxiety", justify="right")
    table.add_column("Entries", justify="right")
    for row in rows:
        table.add_row(
            row.week,
            f"{row.starts:%d %b}",
            _average(row.mood, row.mood_ratings),
            _average(row.anxiety, row.anxiety_ratings),
            str(row.entries),
        )
    line = Text("Weekly mood (0-10): ")
    line.append(sparkline([r.mood for r in rows]), style="cyan")
    line.append("  (a blank is a week without entries)", style="dim")
    return Group(table, Text(), line)


RATINGS_NOTE = (
    "Mood and anxiety are your own 0-10 ratings, not a clinical measure. "
    "Worth bringing to your care team if something stands out."
)


def notes_view(notes: Sequence[str]) -> RenderableType:
    return Text("\n".join(notes), style="yellow")


def crisis_panel(
    resources: CrisisResources, not_monitored: str, *, has_safety_plan: bool = False
) -> RenderableType:
    """Crisis lines, calm and plain, never blocking. Each line is a row of its own so that a
    wrapped line stays indented under its bullet."""
    from rich.panel import Panel

    from kjournal.safety import REACHING_OUT, SAFETY_PLAN_POINTER

    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column()
    for line in resources.lines:
        lines.add_row("•", Text(printable(line)))
    parts: list[RenderableType] = [Text(REACHING_OUT), Text(), lines, Text()]
    if has_safety_plan:
        parts += [Text(SAFETY_PLAN_POINTER, style="bold"), Text()]
    parts += [
        Text(not_monitored),
        Text(f"({printable(resources.region)} lines, reviewed {resources.reviewed}.)", style="dim"),
    ]
    return Panel(
        Group(*parts), title="Support is available", title_align="left", border_style="magenta"
    )


def scale_result_text(scale: Scale, result: ScaleResult) -> RenderableType:
    """A score with its band as information, never as a diagnosis, and the licence notice."""
    text = Text()
    if result.score is None:
        skipped = sum(v is None for v in result.items)
        text.append(
            f"{scale.name}: not scored, {skipped} question(s) skipped. Your answers are kept.\n"
        )
    else:
        text.append(f"{scale.name}: {result.score} of {scale.max_score}", style="bold")
        text.append(f" ({result.band}).\n")
        text.append(
            "This band is information to talk over with your clinician, not a diagnosis.\n",
            style="dim",
        )
    text.append(scale.notice, style="dim")
    return text


def typed_text(text: str, *, headings: bool = False) -> Text:
    """Text as the person typed it, never read as markup: no links made live (a Markdown link
    would become an OSC 8 hyperlink), no Rich tags, every line break kept. With `headings`, a
    line starting with '#' is shown bold, as the writer meant it (the plan template has them)."""
    shown = Text()
    for number, line in enumerate(printable(text).split("\n")):
        if number:
            shown.append("\n")
        heading = headings and line.startswith("#")
        shown.append(line, style="bold" if heading else "")
    return shown


def safety_plan_view(plan: str) -> RenderableType:
    from rich.panel import Panel

    return Panel(
        typed_text(plan, headings=True),
        title="Your safety plan",
        title_align="left",
        border_style="dim",
    )


# Entries: listings, one entry, search results


def _facts(entry: Entry) -> str:
    parts = [f"{entry.created:%Y-%m-%d %H:%M}"]
    if entry.route:
        parts.append(entry.route)
    ratings = ", ".join(f"{k} {v}" for k, v in entry.ratings.items())
    if ratings:
        parts.append(ratings)
    for key, value in entry.fields.items():
        if key in ("ratings", "route", "scales", "risk"):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{str(key).replace('_', ' ')}: {shown}")
    if scores := scores_text(entry):
        parts.append(scores)
    return " · ".join(parts)


def entry_view(entry: Entry, risk_answers: Sequence[str] = ()) -> RenderableType:
    """An entry as a person reads it: title, facts line, which answers signalled risk (from
    safety.risk_answers), then each answer under its heading, as typed."""
    from kjournal.query import short_id

    title = Text(printable(entry.title or entry.default_title()), style="bold")
    title.append(f"  {short_id(entry)}", style="dim")
    parts: list[RenderableType] = [title, Text(printable(_facts(entry)), style="dim")]
    if risk_answers:
        parts.append(
            Text(printable(f"Risk answer: {'; '.join(risk_answers)} (kjournal support)"), "magenta")
        )
    parts.append(Text())
    if entry.preamble:
        parts += [typed_text(entry.preamble), Text()]
    for section in entry.sections:
        parts.append(Text(printable(section.heading), style="bold cyan"))
        parts.append(typed_text(section.text))
        parts.append(Text())
    if not entry.sections and not entry.preamble:
        parts.append(Text("(no written answers)", style="dim"))
    return Group(*parts)
