"""Rich renderables and plain-text formats for what the core returns; no I/O of their own."""

from __future__ import annotations

from collections.abc import Sequence

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
from kjournal.trends import ScaleRow, SessionRow, Summary, WeekRow


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


def session_table(rows: Sequence[SessionRow]) -> Table:
    table = _table(
        "Sessions",
        "Mood, anxiety: your 0-10 ratings before → after the session. PHQ-9, GAD-7: latest score "
        "in the 7 days before. Relief: days until daily check-in mood fell back to the "
        "pre-session level.",
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


def session_summary(summary: Summary, moods: Sequence[int]) -> Text:
    lines = Text("\n")
    lines.append(f"Sessions so far: {summary.sessions}\n")
    lines.append(
        f"Average mood change within a session: {number_text(summary.average_mood_change, True)}\n"
    )
    lines.append(
        f"Mood before your first session: {number_text(summary.first_mood_before)}; "
        f"before your latest: {number_text(summary.last_mood_before)}\n"
    )
    if summary.median_relief_days is not None:
        lines.append(
            f"Relief lasted {number_text(summary.median_relief_days)} days (median): days until "
            "your daily check-in mood fell back to where it was before the session.\n"
        )
    if moods:
        recent = moods[-RECENT_MOODS:]
        label = "Mood over time" if len(recent) == len(moods) else f"Your last {len(recent)} moods"
        lines.append(f"{label} (0-10): ")
        lines.append(sparkline(recent), style="cyan")
        lines.append(f"  latest {moods[-1]}\n")
    return lines


def more_rows(shown: int, total: int, what: str) -> Text:
    return Text(
        f"The latest {shown} of {total} {what}; --all shows every one, --format csv exports them.",
        style="dim",
    )


def scales_table(rows: Sequence[ScaleRow], scales: dict[str, Scale]) -> Table:
    thresholds = ", ".join(
        f"{scales[r.scale].name} {scales[r.scale].meaningful_change}" for r in rows
    )
    table = _table(
        "Questionnaires",
        f"Meaningful change: {thresholds} points. Bands are information to talk over with your "
        "clinician, not a diagnosis.",
    )
    table.add_column("Scale", no_wrap=True)
    table.add_column("First", justify="right", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", justify="right")
    table.add_column("Meaningful")
    table.add_column("Latest band")
    table.add_column("Trend", no_wrap=True)
    for row in rows:
        scale = scales[row.scale]
        percent = f" ({row.change_percent:+g}%)" if row.change_percent is not None else ""
        meaningful = ("yes, better" if row.better else "yes, worse") if row.meaningful else "no"
        band = row.latest_band
        if row.remission:
            band += "; remission (below 5)"
        elif row.response:
            band += "; response (halved)"
        table.add_row(
            row.name,
            f"{row.baseline} ({row.baseline_date.day} {row.baseline_date:%b})",
            f"{row.latest} ({row.latest_date.day} {row.latest_date:%b})",
            f"{row.change:+d}{percent}",
            meaningful,
            Text(band),
            sparkline(row.history, 0, scale.max_score),
        )
    return table


def weeks_table(rows: Sequence[WeekRow]) -> RenderableType:
    table = _table("Weeks", "Averages of the ratings in every entry that week.")
    table.add_column("Week")
    table.add_column("From", no_wrap=True)
    table.add_column("Mood", justify="right")
    table.add_column("Anxiety", justify="right")
    table.add_column("Entries", justify="right")
    for row in rows:
        table.add_row(
            row.week,
            f"{row.starts:%d %b}",
            number_text(row.mood),
            number_text(row.anxiety),
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


def safety_plan_view(plan: str) -> RenderableType:
    from rich.markdown import Markdown
    from rich.panel import Panel

    return Panel(
        Markdown(printable(plan)), title="Your safety plan", title_align="left", border_style="dim"
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
    safety.risk_answers), then the answers as Markdown."""
    from rich.markdown import Markdown

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
        parts.append(Markdown(printable(entry.preamble)))
    for section in entry.sections:
        parts.append(Text(printable(section.heading), style="bold cyan"))
        parts.append(Markdown(printable(section.text)))
        parts.append(Text())
    if not entry.sections and not entry.preamble:
        parts.append(Text("(no written answers)", style="dim"))
    return Group(*parts)
