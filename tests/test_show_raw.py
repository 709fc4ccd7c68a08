"""`kjournal show --raw` reads the entry's file through the journal, not in the command."""

from __future__ import annotations

from kjournal.journal.store import Journal
from tests.conftest import make_entry


def test_the_raw_text_of_an_entry_is_its_file(journal: Journal) -> None:
    path = make_entry(journal, "checkin", "2026-01-05 09:00", text="as I wrote it", mood=4)
    [entry] = journal.scan().entries
    assert journal.raw_text(entry) == path.read_text(encoding="utf-8")
    assert "as I wrote it" in journal.raw_text(entry)
