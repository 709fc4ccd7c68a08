"""The seven-week demo journal (tests/report_demo.py) with answers that differ from session to
session, as a person's do: for the themes view in tests, in bench/ and in the closing note."""

from __future__ import annotations

from dataclasses import replace

from kjournal.journal.entry import Entry, Section
from tests.report_demo import demo_entries

EXPLORE = "What would you like to explore, or soften, today?"
OPEN_TO = "What are you open to learning or noticing?"
HARD = "If something hard comes up, how would you like to treat yourself?"
SUPPORT = "Who or what will support you afterwards?"
BODY = "What did you notice in your body, during the session or since?"
EMOTIONS = "What emotions came up?"
IMAGES = "Were there images, words or phrases that stayed with you?"
LINK = "How does what happened relate to your intention?"
THERAPIST = (
    "Did anything difficult or unsettling come up that you would like to bring to your therapist?"
)
INSIGHT = "Is there an insight you would like to carry forward?"
ACTION = "What is one small thing you could do this week?"

INTENTIONS: dict[int, tuple[dict[str, str], list[tuple[str, str]]]] = {
    1: (
        {"setting": "At the clinic, with my own music"},
        [
            (EXPLORE, "Sit with the grief about my father without running from it."),
            (OPEN_TO, "Noticing where I hold tension in my shoulders."),
            (HARD, "Breathe, and let it pass through."),
            (SUPPORT, "My partner, and a walk by the sea."),
        ],
    ),
    2: (
        {"setting": "At home, with my own music and a blanket"},
        [
            (EXPLORE, "The boundaries I never set with my mother."),
            (OPEN_TO, "Letting go of being the one who holds everything together."),
            (HARD, "Breathe; the feeling will pass."),
            (SUPPORT, "My partner."),
        ],
    ),
    3: (
        {},
        [
            (EXPLORE, "Letting go of the anger about my mother."),
            (OPEN_TO, "Whatever comes, even if it is grief again."),
            (SUPPORT, "A walk by the sea with my sister."),
        ],
    ),
    4: (
        {},
        [
            (EXPLORE, "Why setting a boundary at work feels so dangerous."),
            (OPEN_TO, "Noticing the tension in my shoulders before it turns to fear."),
            (SUPPORT, "My partner and my sister."),
        ],
    ),
    5: (
        {},
        [
            (EXPLORE, "Keeping the boundaries I have started to set."),
            (HARD, "Breathe, soften."),
            (SUPPORT, "A walk by the sea afterwards."),
        ],
    ),
}

REFLECTIONS: dict[int, list[tuple[str, str]]] = {
    1: [
        (BODY, "Heavy shoulders at first, then warmth in my chest."),
        (EMOTIONS, "Grief, then relief. Some fear when the room tilted."),
        (IMAGES, "Warm light; my father's voice, kinder than I remember."),
        (INSIGHT, "I don't have to fix everything today."),
        (ACTION, "Call my sister on Sunday."),
    ],
    2: [
        (BODY, "Tingling in my hands, tension leaving my shoulders."),
        (EMOTIONS, "Anger at first, then sadness, then something like relief."),
        (IMAGES, "Standing at the sea with my father, not speaking."),
        (INSIGHT, "Boundaries are a way of caring for myself."),
        (ACTION, "Say no to one extra shift at work."),
    ],
    3: [
        (BODY, "Nausea early on. Warmth in my chest later."),
        (EMOTIONS, "Grief that felt lighter than before."),
        (IMAGES, "The sea again, very calm."),
        (LINK, "Less anger, more grief. Letting go happened in a different way."),
        (ACTION, "Write a letter to my father I won't send."),
    ],
    4: [
        (EMOTIONS, "Fear, then a steady kind of calm. Relief."),
        (IMAGES, "My father’s hands. Warm light again."),
        (INSIGHT, "Letting go isn't the same as giving up."),
        (THERAPIST, "The fear when the room tilted — I'd like to talk about it."),
    ],
    5: [
        (BODY, "Warmth in my chest again, shoulders loose."),
        (EMOTIONS, "Relief. Some grief, quieter now."),
        (INSIGHT, "I can hold grief and relief at once."),
        (ACTION, "Tell my partner about the letter to my father."),
    ],
}


def themes_demo_entries() -> list[Entry]:
    """The demo journal's entries, each intention and reflection with its own answers."""
    entries = []
    for entry in demo_entries():
        if entry.kind == "intention" and entry.session in INTENTIONS:
            facts, answers = INTENTIONS[entry.session]
            entry = replace(
                entry,
                fields={**entry.fields, **facts},
                sections=[Section(heading, text) for heading, text in answers],
            )
        elif entry.kind == "integration" and entry.session in REFLECTIONS:
            answers = REFLECTIONS[entry.session]
            entry = replace(entry, sections=[Section(heading, text) for heading, text in answers])
        entries.append(entry)
    return entries
