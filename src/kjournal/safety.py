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
        "Elsewhere: findahelpline.com lists free lines by country, "
        "or call your local emergency number.",
    ),
    reviewed=DEFAULTS_REVIEWED,
)

NOT_MONITORED = (
    "This journal is private and not monitored by anyone: nobody will see what you wrote unless "
    "you share it. Please consider telling your care team how you are feeling."
)


def crisis_resources(region: str | None, lines: tuple[str, ...]) -> CrisisResources:
    """The configured lines (a clinic or person's own), else the packaged, dated defaults."""
    if region and lines:
        return CrisisResources(region=region, lines=lines, reviewed="set in your config file")
    return DEFAULT_RESOURCES


def safety_plan_template() -> str:
    """A blank personal safety plan: plain Markdown headings the person fills in with their team."""
    return (
        "# My safety plan\n\n"
        "Fill this in when you feel steady, ideally with your therapist or care team.\n\n"
        "## Warning signs that a crisis may be starting\n\n\n"
        "## Things I can do on my own to cope\n\n\n"
        "## People and places that help me feel better\n\n\n"
        "## People I can ask for help\n\n\n"
        "## Professionals I can call (therapist, prescriber, clinic, crisis line)\n\n\n"
        "## Making my surroundings safer\n\n\n"
        "## What matters to me, my reasons for living\n\n"
    )


def entry_signals_risk(fields: dict) -> bool:
    """True when a saved entry carries the risk flag."""
    return fields.get("risk") is True
