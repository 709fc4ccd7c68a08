"""Entry kinds come from one enum: what a file says, its title, label and id letter."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.errors import EntryError
from kjournal.journal.entry import short_id
from kjournal.journal.kinds import Kind
from kjournal.journal.store import Journal, read_entry
from kjournal.render.plain import kind_label
from kjournal.reports.query import Filters
from tests.helpers import make_entry


def test_every_kind_has_its_own_letter_label_and_heading() -> None:
    for attribute in ("value", "letter", "label", "heading"):
        values = [getattr(kind, attribute) for kind in Kind]
        assert len(set(values)) == len(values), attribute
    assert all(len(kind.letter) == 1 and kind.letter.islower() for kind in Kind)
    assert "x" not in {kind.letter for kind in Kind}  # short_id's letter for an unknown kind


def test_the_kinds_files_say_are_those_earlier_versions_wrote() -> None:
    assert [kind.value for kind in Kind] == ["intention", "integration", "checkin", "questionnaire"]
    assert Kind.of("integration") is Kind.INTEGRATION
    assert Kind.of("reflection") is None  # a label is never what a file says
    assert Kind.of(["checkin"]) is None


@pytest.mark.parametrize(
    ("kind", "session", "title", "label", "letter"),
    [
        ("intention", 1, "Intention: session 1, 5 January 2026", "intention", "i"),
        ("integration", 1, "Integration: session 1, 5 January 2026", "reflection", "r"),
        ("checkin", None, "Check-in, 5 January 2026", "check-in", "c"),
    ],
)
def test_an_entry_written_by_an_earlier_version_reads_the_same(
    journal: Journal, kind: str, session: int | None, title: str, label: str, letter: str
) -> None:
    path = make_entry(journal, kind, "2026-01-05 18:00", session, ratings={"mood": 5})
    text = path.read_text(encoding="utf-8")
    assert f"\nkind: {kind}\n" in text and f"\n# {title}\n" in text
    entry = read_entry(path)
    assert type(entry.kind) is str and entry.kind == kind
    assert (kind_label(entry), short_id(entry)) == (label, f"260105-1800{letter}")
    assert Filters(kind=label).kind == kind


@pytest.mark.parametrize("kind", list(Kind))
def test_only_the_kinds_of_a_session_need_its_number(tmp_path: Path, kind: Kind) -> None:
    path = tmp_path / "260105-1800x.md"
    path.write_text(
        f"---\nkjournal: 1\nkind: {kind}\ncreated: 2026-01-05T18:00:00+01:00\n---\n# A\n",
        encoding="utf-8",
    )
    if kind in (Kind.INTENTION, Kind.INTEGRATION):
        with pytest.raises(EntryError, match=f"a {kind.value} entry needs a 'session' number"):
            read_entry(path)
    else:
        assert read_entry(path).kind == kind.value
