"""What `kjournal` alone says: where you are in your sessions and the one next useful command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kjournal.flows import pending_session
from kjournal.store import JournalScan


@dataclass(frozen=True)
class Status:
    summary: str
    next_command: str


def _ago(when: datetime, now: datetime) -> str:
    days = (now.date() - when.date()).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def journal_status(scan: JournalScan, now: datetime | None = None) -> Status:
    """A calm summary: last session and when, and an integration still to write. No streaks."""
    now = now or datetime.now().astimezone()
    intentions = [e for e in scan.entries if e.kind == "intention"]
    if not intentions:
        return Status(
            "Your journal is empty so far. Before your next session you can set an intention.",
            "kjournal intend",
        )
    last = max(intentions, key=lambda e: (e.session or 0, e.created))
    summary = f"Last session: {last.session}, {_ago(last.created, now)}."
    waiting = pending_session(scan)
    if waiting is not None:
        return Status(
            f"{summary} Session {waiting} is waiting for your reflections, whenever you are ready.",
            f"kjournal integrate --session {waiting}",
        )
    return Status(summary, "kjournal trends")
