"""Crisis resources, shown whenever an answer signals risk and on request; never sends anything."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kjournal.errors import KJournalError

if TYPE_CHECKING:
    from kjournal.journal.entry import Entry
    from kjournal.journal.store import Journal
    from kjournal.questions.scales import Scale

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

# Safe-messaging guidance: connection and hope first, no detail, no lecture.
REACHING_OUT = (
    "You are not alone, and you deserve support right now. Feelings like these can pass, "
    "and reaching out helps. You can talk to someone now:"
)
SAFETY_PLAN_POINTER = "Your own safety plan is one command away: kjournal support"

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


def edit_safety_plan(journal: Journal, on_created: Callable[[Path], None]) -> Path:
    """Open the person's own safety plan in their editor (`kjournal support --edit`), made from
    the blank template first if there is none (on_created hears of it before the editor
    opens). A plan that is a link is neither followed nor edited."""
    from kjournal.journal.editor import edit_file

    path = journal.safety_plan_file
    if path.is_symlink():
        raise KJournalError(f"{path} is a link, which kjournal does not follow or edit")
    try:
        created = journal.ensure_file(path, safety_plan_template())  # encrypted if it is
    except OSError as exc:
        raise KJournalError(
            f"{path}: your safety plan could not be created ({exc.strerror or exc}); "
            "`kjournal support` still shows the crisis lines"
        ) from None
    if created:
        on_created(path)
    from kjournal.journal.crypto import is_sealed

    if is_sealed(path):  # decrypted only into memory, never onto a disk
        from kjournal.journal.edits import edit_words

        edit_words(journal, path)
        return path
    try:
        edit_file(path)
    except KJournalError as exc:
        raise KJournalError(f"{exc}; {path} is as it left it") from None
    return path


def entry_signals_risk(fields: dict[str, Any]) -> bool:
    """True when a saved entry carries the risk flag."""
    return fields.get("risk") is True


def risk_answers(entry: Entry, scales: Mapping[str, Scale]) -> list[str]:
    """Which answers signalled risk, e.g. 'PHQ-9 item 9 = 2'. A scale's risk item answered above
    0 counts even without the flag (a hand-edited or very old file): the answer is what matters.
    A flag that no questionnaire item explains came from a question marked `risk: true`."""
    found = []
    stored = entry.fields.get("scales")
    for name, data in stored.items() if isinstance(stored, dict) else ():
        scale = scales.get(name) if isinstance(name, str) else None
        items = data.get("items") if isinstance(data, dict) else None
        if scale is None or not isinstance(items, list):
            continue
        for number in scale.risk_items:
            value = items[number - 1] if number <= len(items) else None
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                found.append(f"{scale.name} item {number} = {value:g}")
    if not found and entry_signals_risk(entry.fields):
        found.append("a question marked for risk")
    return found
