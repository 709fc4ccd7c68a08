"""Rich renderables and plain-text formats for what the core returns; no I/O of their own."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kjournal.entry import Entry
from kjournal.safety import CrisisResources
from kjournal.scales import Scale, ScaleResult
from kjournal.trends import SessionRow, Summary

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[int | None], low: int = 0, high: int = 10) -> str:
    """One character per value on a fixed 0-10 scale, so lines compare over time; gaps as spaces."""
    span = high - low
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            clamped = min(max(value, low), high)
            out.append(_BARS[round((clamped - low) / span * (len(_BARS) - 1))])
    return "".join(out)


def _num(value: int | float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+g}" if signed else f"{value:g}"


def session_table(rows: Sequence[SessionRow]) -> Table:
    table = Table(title="Sessions", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Date", no_wrap=True, min_width=10)
    table.add_column("Route")
    for name in ("Mood before", "Mood after", "Change", "Anxiety before", "Anxiety after"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(
            str(row.session),
            row.date.isoformat(),
            Text(row.route or "–"),
            _num(row.mood_before),
            _num(row.mood_after),
            _num(row.mood_change, signed=True),
            _num(row.anxiety_before),
            _num(row.anxiety_after),
        )
    return table


def trends_view(
    rows: Sequence[SessionRow], summary: Summary, moods: Sequence[int]
) -> RenderableType:
    lines = Text()
    lines.append(f"Sessions so far: {summary.sessions}\n")
    lines.append(
        f"Average mood change within a session: {_num(summary.average_mood_change, True)}\n"
    )
    lines.append(
        f"Mood before your first session: {_num(summary.first_mood_before)}; "
        f"before your latest: {_num(summary.last_mood_before)}\n"
    )
    if moods:
        lines.append("Mood over time (0-10): ")
        lines.append(sparkline(moods), style="cyan")
        lines.append(f"  latest {moods[-1]}\n")
    note = Text(
        "These are your own 0-10 ratings, not a clinical measure. "
        "Worth bringing to your care team if something stands out.",
        style="dim",
    )
    return Group(session_table(rows), Text(), lines, note)


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if record.get(k) is None else record.get(k) for k in columns})
    return buffer.getvalue()


def crisis_panel(resources: CrisisResources, not_monitored: str) -> RenderableType:
    """Crisis lines, calm and plain; shown after the entry is saved, never blocking."""
    from rich.panel import Panel

    body = Text()
    body.append("If you are thinking about harming yourself, you deserve support right now.\n\n")
    for line in resources.lines:
        body.append(f"• {line}\n")
    body.append(f"\n{not_monitored}\n")
    body.append(f"({resources.region} lines, reviewed {resources.reviewed}.)", style="dim")
    return Panel(body, title="Support is available", title_align="left", border_style="magenta")


def saved_line(entry: Entry, path: object) -> str:
    if entry.kind == "intention":
        return f"Saved your intention for session {entry.session}: {path}"
    if entry.kind == "integration":
        return f"Saved your reflection for session {entry.session}: {path}"
    return f"Saved: {path}"


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

    return Panel(Markdown(plan), title="Your safety plan", title_align="left", border_style="dim")
