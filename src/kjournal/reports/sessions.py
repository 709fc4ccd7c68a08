"""Where the person is in their course: the session waiting for a reflection, scales due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from kjournal.journal.kinds import Kind
from kjournal.journal.store import JournalScan


def pending_session(scan: JournalScan) -> int | None:
    """The latest session that has an intention but no integration yet."""
    integrated = {e.session for e in scan.entries if e.kind == Kind.INTEGRATION}
    waiting = [
        e.session
        for e in scan.entries
        if e.kind == Kind.INTENTION and e.session is not None and e.session not in integrated
    ]
    return max(waiting, default=None)


def scales_due(scan: JournalScan, scale_ids: Sequence[str], now: datetime, days: int) -> list[str]:
    """Scales with no score in the last `days` days (their recall windows make weekly enough)."""
    since = now - timedelta(days=days)
    recent = {
        name
        for e in scan.entries
        if e.created >= since and isinstance(e.fields.get("scales"), dict)
        for name in e.fields["scales"]
    }
    return [name for name in scale_ids if name not in recent]
