"""What `kjournal` alone says: where you are in your sessions and the one next useful command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kjournal.flows import pending_session, scales_due
from kjournal.formats import SCALE_LABELS
from kjournal.store import JournalScan


@dataclass(frozen=True)
class Status:
    summary: str
    next_command: str


def _ago(when: datetime, now: datetime) -> str:
    days = (now.date() - when.date()).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def journal_status(
    scan: JournalScan,
    now: datetime | None = None,
    scales: Sequence[str] = ("phq9", "gad7"),
    due_days: int = 7,
) -> Status:
    """A calm summary (last session, a reflection to write, check-ins this week, questionnaires
    due) and the single most useful next command. No streaks, no counts of what was missed."""
    now = now or datetime.now().astimezone()
    if not scan.entries:
        return Status(
            "Your journal is empty so far. Before your next session you can set an intention.",
            "kjournal intend",
        )
    lines = []
    intentions = [e for e in scan.entries if e.kind == "intention"]
    if intentions:
        last = max(intentions, key=lambda e: (e.session or 0, e.created))
        lines.append(f"Last session: {last.session}, {_ago(last.created, now)}.")
    waiting = pending_session(scan)
    if waiting is not None:
        lines.append(f"Session {waiting} is waiting for your reflections, whenever you are ready.")
    week_start = (now - timedelta(days=now.weekday())).date()
    checkins = [e for e in scan.entries if e.kind == "checkin" and e.created.date() >= week_start]
    lines.append(f"Check-ins this week: {len(checkins)}.")
    due = scales_due(scan, list(scales), now, due_days) if due_days else []
    if due:
        names = " and ".join(SCALE_LABELS.get(n, n) for n in due)
        lines.append(f"{names}: none in the last {due_days} days, whenever you like.")
    if waiting is not None:
        command = f"kjournal integrate --session {waiting}"
    elif not any(e.created.date() == now.date() for e in scan.entries):
        command = "kjournal checkin"
    elif due:
        command = f"kjournal scale {due[0]}"
    else:
        command = "kjournal trends"
    return Status(" ".join(lines), command)
