"""Where the person is in their course: the session waiting for a reflection, scales due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kjournal.journal.entry import Entry
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


# The `context:` names of intend's prompts about what the last reflection carried forward.
CARRIED_CONTEXTS = ("last_insight", "last_action")


@dataclass(frozen=True)
class CarriedForward:
    """What the person wrote after their last session to take with them: an insight and one
    small action, in their own words ("" when that question was skipped)."""

    session: int | None
    insight: str
    action: str

    def by_context(self) -> dict[str, tuple[str, str]]:
        """Each prompt context (CARRIED_CONTEXTS) with its name and words."""
        return {"last_insight": ("insight", self.insight), "last_action": ("action", self.action)}


def last_integration(scan: JournalScan) -> Entry | None:
    """The latest reflection written after a session, or None."""
    integrations = [e for e in scan.entries if e.kind == Kind.INTEGRATION]
    return max(integrations, key=lambda e: (e.created, e.id), default=None)


def carried_forward(
    integration: Entry, insight_heading: str, action_heading: str
) -> CarriedForward | None:
    """The insight and action a reflection holds (its body read), found by the headings the
    integrate prompt set gives them; None when it holds neither."""
    answers = {section.heading.strip(): section.text.strip() for section in integration.sections}
    # A prompt set without the question ("" heading) finds nothing, not an untitled section.
    insight = answers.get(insight_heading.strip(), "") if insight_heading.strip() else ""
    action = answers.get(action_heading.strip(), "") if action_heading.strip() else ""
    if not (insight or action):
        return None
    return CarriedForward(integration.session, insight, action)
