"""Several kjournal processes writing at once: every entry kept, no name reused, sessions unique."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kjournal.journal.store import Journal
from tests.helpers import run_writers


@pytest.mark.slow
def test_four_writers_of_fifty_checkins_keep_all_two_hundred(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    run_writers(journal.root, "checkin", writers=4, each=50)
    scan = journal.scan()
    assert scan.problems == []
    assert len(journal.entry_paths()) == 200
    notes = Counter(e.sections[0].text for e in journal.with_bodies(scan.entries))
    expected = {f"writer {w} entry {i}" for w in range(4) for i in range(50)}
    assert set(notes) == expected and max(notes.values()) == 1
    assert not list(journal.root.rglob(".kjournal-tmp-*"))


@pytest.mark.slow
def test_intends_running_at_once_never_share_a_session_number(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "journal")
    run_writers(journal.root, "intend", writers=4, each=10)
    sessions = sorted(e.session for e in journal.scan().entries)
    assert sessions == list(range(1, 41))
