"""What `kjournal` alone says: where you are in your sessions and the one next useful command."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from kjournal.config import Config
from kjournal.journal.entry import scale_scores
from kjournal.journal.kinds import Kind
from kjournal.journal.store import Draft, JournalScan
from kjournal.questions.catalogue import scale_label
from kjournal.reports.sessions import pending_session, scales_due


@dataclass(frozen=True)
class Status:
    summary: str
    next_command: str


def _ago(when: datetime, now: datetime) -> str:
    days = (now.date() - when.date()).days
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"


def _draft_lines(drafts: Sequence[Draft], now: datetime) -> tuple[list[str], str | None]:
    """Unfinished answers are never invisible: each waiting flow, and how many are set aside."""
    lines = []
    waiting = [d for d in drafts if not d.set_aside]
    for draft in waiting:
        command = f"kjournal {draft.flow.replace('-', ' ')}"
        lines.append(
            f"Unfinished answers from {draft.ago(now)} are waiting: `{command}` picks them up."
        )
    aside = [d for d in drafts if d.set_aside]
    if aside:
        newest = aside[0].age(now)
        lines.append(
            f"{len(aside)} set-aside draft(s) are kept in {aside[0].path.parent} "
            f"(newest {newest} old); `kjournal doctor` lists them."
        )
    resume = f"kjournal {waiting[0].flow.replace('-', ' ')}" if waiting else None
    return lines, resume


RISK_RECENT = timedelta(days=7)  # how long status keeps pointing to support after a risk answer


def _recent_risk(scan: JournalScan, now: datetime) -> datetime | None:
    """When the latest risk answer of the last week was given, if any."""
    flagged = [e.created for e in scan.entries if e.fields.get("risk") is True]
    latest = max(flagged, default=None)
    return latest if latest is not None and now - latest <= RISK_RECENT else None


def _latest_scores(scan: JournalScan) -> str:
    """Each questionnaire's latest score, with its band as stored when it was taken."""
    latest: dict[str, tuple[datetime, dict[str, Any]]] = {}
    for entry in scan.entries:  # oldest first: later ones replace earlier ones
        for name, data in scale_scores(entry).items():
            if data["score"] is not None:
                latest[name] = (entry.created, data)
    parts = []
    for name, (when, data) in latest.items():
        band = f" ({data['band']})" if data["band"] else ""
        parts.append(f"{scale_label(name)} {data['score']}{band} {_on(when)}")
    return "; ".join(parts)


def _on(when: datetime) -> str:
    return f"on {when.day} {when:%B}"


def journal_status(
    scan: JournalScan,
    now: datetime | None = None,
    scales: Sequence[str] = Config.intend_scales,  # the setting's default
    due_days: int = 7,
    drafts: Sequence[Draft] = (),
) -> Status:
    """A calm summary (unfinished drafts, last session, a reflection to write, check-ins this
    week, questionnaires due) and the single most useful next command. No streaks, no counts
    of what was missed."""
    now = now or datetime.now().astimezone()
    draft_lines, resume = _draft_lines(drafts, now)
    if not scan.entries:
        return Status(
            " ".join(
                [
                    *draft_lines,
                    "Your journal has no entries yet. Before your next session you can set an "
                    "intention.",
                ]
            ),
            resume or "kjournal intend",
        )
    lines = list(draft_lines)
    if risky := _recent_risk(scan, now):
        lines.append(
            f"On {risky.day} {risky:%B} an answer of yours signalled risk. If things are hard "
            "right now, `kjournal support` has crisis lines and your own safety plan."
        )
    intentions = [e for e in scan.entries if e.kind == Kind.INTENTION]
    if intentions:
        last = max(intentions, key=lambda e: (e.session or 0, e.created))
        lines.append(f"Last session: {last.session}, {_ago(last.created, now)}.")
    waiting = pending_session(scan)
    if waiting is not None:
        lines.append(f"Session {waiting} is waiting for your reflections, whenever you are ready.")
    week_start = (now - timedelta(days=now.weekday())).date()
    checkins = [
        e
        for e in scan.entries
        if e.kind == Kind.CHECKIN and not e.is_questionnaire and e.created.date() >= week_start
    ]
    lines.append(f"Check-ins this week: {len(checkins)}.")
    if latest := _latest_scores(scan):
        lines.append(f"Latest questionnaires: {latest}.")
    due = scales_due(scan, list(scales), now, due_days) if due_days else []
    if due:
        names = " and ".join(scale_label(n) for n in due)
        lines.append(f"{names}: none in the last {due_days} days, whenever you like.")
    if resume is not None:
        command = resume
    elif waiting is not None:
        command = f"kjournal integrate --session {waiting}"
    elif not any(e.created.date() == now.date() for e in scan.entries):
        command = "kjournal checkin"
    elif due:
        command = f"kjournal scale {due[0]}"
    else:
        command = "kjournal trends"
    return Status(" ".join(lines), command)
