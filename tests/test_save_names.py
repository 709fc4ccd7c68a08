"""Many entries in one minute: each gets the next free name, whole, and nothing is replaced,
with hard links or (on a filesystem without them) without."""

from __future__ import annotations

import errno
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kjournal.journal.entry import Entry, Section
from kjournal.journal.files import write_to_first_free_name
from kjournal.journal.store import Journal, read_entry

WHEN = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def save_many(journal: Journal, count: int) -> list[Path]:
    return [
        journal.save_entry(Entry(kind="checkin", created=WHEN, sections=[Section("A", f"n{n}")]))
        for n in range(count)
    ]


def check_saved_in_order(journal: Journal, paths: list[Path]) -> None:
    names = ["2026-12-02T0930-checkin.md"] + [
        f"2026-12-02T0930-checkin-{n}.md" for n in range(2, len(paths) + 1)
    ]
    assert [p.name for p in paths] == names
    assert [read_entry(p).sections[0].text for p in paths] == [f"n{n}" for n in range(len(paths))]
    assert not list(journal.root.rglob(".kjournal-tmp-*"))


def test_thirty_entries_in_one_minute_take_the_next_names_in_order(journal: Journal) -> None:
    check_saved_in_order(journal, save_many(journal, 30))


def test_without_hard_links_entries_in_one_minute_still_never_replace_each_other(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    check_saved_in_order(journal, save_many(journal, 5))


def test_when_every_name_is_taken_nothing_is_written_and_nothing_is_left(tmp_path: Path) -> None:
    folder = tmp_path / "entries"
    folder.mkdir()
    names = [folder / "a.md", folder / "b.md"]
    for path in names:
        path.write_text("kept")
    with pytest.raises(FileExistsError):
        write_to_first_free_name(names, "new")
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "b.md"]
    assert {p.read_text() for p in names} == {"kept"}
