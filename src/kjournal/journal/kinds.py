"""The kinds of entry: one line each, with what its file says, its title, label and id letter."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """An entry's kind. The value is what the front matter says (`kind: integration`), so files
    written by any version read the same; the rest is how kjournal shows it:

    - heading: the first word of an entry's default title ("Integration: session 3, ...")
    - label: what a listing calls it ("reflection"); `list --kind` takes it back
    - letter: the letter of its short id (261202-0930r)
    - in_session: it belongs to a numbered session and needs a `session` number
    """

    heading: str
    label: str
    letter: str
    in_session: bool

    def __new__(cls, value: str, heading: str, label: str, letter: str, in_session: bool) -> Kind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.heading = heading
        member.label = label
        member.letter = letter
        member.in_session = in_session
        return member

    INTENTION = "intention", "Intention", "intention", "i", True
    INTEGRATION = "integration", "Integration", "reflection", "r", True
    CHECKIN = "checkin", "Check-in", "check-in", "c", False
    QUESTIONNAIRE = "questionnaire", "Questionnaire", "questionnaire", "q", False

    @classmethod
    def of(cls, value: object) -> Kind | None:
        """The kind a front matter value names, or None (also for a list or a mapping)."""
        return _BY_VALUE.get(value) if isinstance(value, str) else None


def kind_label(value: str) -> str:
    """What a listing calls an entry of this kind ("reflection"); an unknown kind as written."""
    kind = Kind.of(value)
    return kind.label if kind else value


# Looked up for every row of a listing: a dict is 30 times faster than calling Kind(value).
_BY_VALUE: dict[str, Kind] = {kind.value: kind for kind in Kind}
