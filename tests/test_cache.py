"""The front matter cache: used while files are unchanged, refreshed by any edit, new or deleted
file, and ignored (then rebuilt) when corrupt. It is only ever derived data."""

from __future__ import annotations

import json
import os
import stat

import pytest

from kjournal.journal import store
from kjournal.journal.cache import CACHE_VERSION
from kjournal.journal.store import Journal
from tests.helpers import make_entry


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every front matter parse (the expensive part the cache saves)."""
    calls: list[str] = []
    real = store.read_front_matter_text

    def counting(front, path):
        calls.append(os.path.basename(str(path)))
        return real(front, path)

    monkeypatch.setattr(store, "read_front_matter_text", counting)
    return calls


@pytest.fixture
def three(journal: Journal) -> Journal:
    for day in (1, 2, 3):
        make_entry(journal, "checkin", f"2026-01-0{day} 09:00", ratings={"mood": day})
    return journal


def test_a_warm_scan_parses_nothing_and_gives_the_same_entries(three, parses) -> None:
    cold = three.scan()
    assert len(parses) == 3
    parses.clear()
    warm = three.scan()
    assert parses == []
    assert [(e.id, e.created, e.fields) for e in warm.entries] == [
        (e.id, e.created, e.fields) for e in cold.entries
    ]
    assert stat.S_IMODE(three.cache_path.stat().st_mode) == 0o600


def test_an_edit_a_new_file_and_a_deleted_file_refresh_the_cache(three, parses) -> None:
    three.scan()
    _, second, third = three.entry_paths()
    text = second.read_text().replace("mood: 2", "mood: 9")
    second.write_text(text)
    make_entry(three, "checkin", "2026-01-04 09:00", ratings={"mood": 4})
    third.unlink()
    parses.clear()
    moods = [e.ratings["mood"] for e in three.scan().entries]
    assert moods == [1, 9, 4]
    assert sorted(parses) == sorted([second.name, "2026-01-04T0900-checkin.md"])
    assert third.name not in three.cache_path.read_text()


def test_an_edit_that_keeps_the_size_and_mtime_is_still_seen(three) -> None:
    three.scan()
    path = three.entry_paths()[0]
    before = path.stat()
    path.write_text(path.read_text().replace("mood: 1", "mood: 7"))  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same mtime
    assert three.scan().entries[0].ratings == {"mood": 7}  # ctime and inode still differ


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b'{"version": 99, "files": {}}', b'{"version": 1, "files": []}', b"\xff"],
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(three, parses, garbage: bytes) -> None:
    three.scan()
    three.cache_path.write_bytes(garbage)
    parses.clear()
    assert [e.ratings["mood"] for e in three.scan().entries] == [1, 2, 3]
    assert len(parses) == 3
    assert json.loads(three.cache_path.read_text())["version"] == CACHE_VERSION


def test_deleting_the_cache_loses_nothing(three) -> None:
    before = [(e.id, e.fields) for e in three.scan().entries]
    three.cache_path.unlink()
    assert [(e.id, e.fields) for e in three.scan().entries] == before


def test_broken_files_stay_reported_from_the_cache(three, parses) -> None:
    bad = three.entry_paths()[0].with_name("2026-01-05T0900-intention.md")
    bad.write_text("---\nsession: 12\nkind: [\n---\n")
    first = three.scan()
    parses.clear()
    again = three.scan()
    assert parses == []
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert again.unreadable_sessions == {12}


def test_dates_and_odd_keys_in_front_matter_survive_the_cache(journal: Journal) -> None:
    path = make_entry(journal, "checkin", "2026-01-01 09:00")
    path.write_text(path.read_text().replace("---\n#", "when: 2026-01-02\nodd: {1: 2}\n---\n#", 1))
    cold = journal.scan().entries[0].fields
    warm = journal.scan().entries[0].fields
    assert warm == cold and str(warm["when"]) == "2026-01-02" and warm["odd"] == {1: 2}


def test_commands_that_need_no_entries_never_build_the_cache(run, three) -> None:
    run("--version")
    run("where")
    assert not three.cache_path.exists()
