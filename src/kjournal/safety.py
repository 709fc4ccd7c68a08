"""Crisis resources, shown whenever an answer signals risk and on request; never sends anything."""

from __future__ import annotations

from dataclasses import dataclass

# Reviewed 2026-12-02 against the design's list; re-check before each release (numbers change).
DEFAULTS_REVIEWED = "2026-12-02"


@dataclass(frozen=True)
class CrisisResources:
    region: str
    lines: tuple[str, ...]
    reviewed: str


DEFAULT_RESOURCES = CrisisResources(
    region="United States",
    lines=(
        "Call or text 988 (Suicide & Crisis Lifeline), any time.",
        "Text HOME to 741741 (Crisis Text Line).",
        "In immediate danger, call 911.",
        "Elsewhere: findahelpline.com lists free lines by country;",
        "or call your local emergency number.",
    ),
    reviewed=DEFAULTS_REVIEWED,
)

NOT_MONITORED = (
    "This journal is private and not monitored by anyone: nobody will see what you wrote unless "
    "you share it. Please consider telling your care team how you are feeling."
)


def entry_signals_risk(fields: dict) -> bool:
    """True when a saved entry carries the risk flag."""
    return fields.get("risk") is True
