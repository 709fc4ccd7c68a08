"""Nothing in the journal folder can make a command hang or wander outside the journal: only
regular files are opened, folder links are never followed (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kjournal.journal.store import Journal
from tests.helpers import make_entry


def kjournal(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a hang fails the test instead of stopping the suite."""
    return subprocess.run(
        [sys.executable, "-m", "kjournal", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        env=os.environ.copy(),
    )


@pytest.fixture
def fifo_journal(journal: Journal) -> Path:
    make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6}, text="fine")
    fifo = journal.entries_dir / "2026" / "01" / "2026-01-07T0900-checkin.md"
    os.mkfifo(fifo, 0o600)
    return fifo


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("trends", "--format", "json"),
        ("search", "fine"),
        ("export", "--format", "json"),
        ("doctor",),
        ("intend", "--no-input"),
    ],
)
def test_a_fifo_named_like_an_entry_is_named_and_never_opened(
    fifo_journal: Path, args: tuple[str, ...]
) -> None:
    result = kjournal(*args)
    assert result.returncode in (0, 1), result.stderr
    report = result.stdout if args == ("doctor",) else result.stderr
    assert f"{fifo_journal}: is not a regular file" in report


def test_intend_does_not_hold_the_lock_waiting_on_a_fifo(fifo_journal: Path) -> None:
    assert kjournal("intend", "--no-input").returncode == 0
    second = kjournal("checkin", "--mood", "5")  # the lock was released
    assert second.returncode == 0, second.stderr


def test_a_link_to_a_fifo_inside_the_journal_is_not_opened(journal: Journal) -> None:
    make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6})
    fifo = journal.root / "pipe"
    os.mkfifo(fifo, 0o600)
    link = journal.entries_dir / "2026" / "01" / "2026-01-07T0900-checkin.md"
    link.symlink_to(fifo)
    result = kjournal("list")
    assert result.returncode == 0 and f"{link}: is not a regular file" in result.stderr


def test_a_link_to_the_root_folder_is_not_walked(run, journal: Journal) -> None:
    make_entry(journal, "checkin", "2026-12-01 09:00", ratings={"mood": 6})
    root_link = journal.entries_dir / "2026" / "12" / "root"
    root_link.symlink_to("/")
    started = time.monotonic()
    result = run("list")
    assert time.monotonic() - started < 5
    assert result.exit_code == 0 and "261201-0900c" in result.stdout
    assert result.stderr.count("a link to a folder (not followed)") == 1
    assert str(root_link) in result.stderr


def test_entries_in_a_folder_linked_from_outside_are_not_listed(
    run, journal: Journal, tmp_path: Path
) -> None:
    make_entry(journal, "checkin", "2026-12-01 09:00", ratings={"mood": 6})
    other = Journal(tmp_path / "someone-else")
    make_entry(other, "checkin", "2025-03-01 09:00", ratings={"mood": 1})
    (journal.entries_dir / "2025").symlink_to(other.entries_dir / "2025")
    listed = json.loads(run("list", "--format", "json").stdout)
    assert [item["id"] for item in listed] == ["261201-0900c"]


def test_a_link_to_a_parent_folder_gives_one_finding_not_hundreds(run, journal: Journal) -> None:
    for day in range(1, 9):
        make_entry(journal, "checkin", f"2026-12-0{day} 09:00", ratings={"mood": day})
    (journal.entries_dir / "2026" / "12" / "up").symlink_to("..")
    result = run("doctor")
    assert "same id" not in result.stdout
    lines = [line for line in result.stdout.splitlines() if "not followed" in line]
    assert len(lines) == 1 and lines[0].startswith("link")
    assert len(json.loads(run("list", "--format", "json").stdout)) == 8


def test_a_linked_entries_folder_is_reported_not_followed(
    run, journal: Journal, tmp_path: Path
) -> None:
    other = Journal(tmp_path / "other")
    make_entry(other, "checkin", "2026-03-01 09:00", ratings={"mood": 1})
    journal.root.mkdir(mode=0o700)
    journal.entries_dir.symlink_to(other.entries_dir)
    result = run("list")
    assert result.exit_code == 0 and "No entries" in result.stdout
    assert f"{journal.entries_dir}: is a link to a folder (not followed)" in result.stderr


def test_a_folder_that_cannot_be_listed_is_named(run, journal: Journal) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any folder")
    make_entry(journal, "checkin", "2026-12-01 09:00", ratings={"mood": 6})
    locked = journal.entries_dir / "2025"
    locked.mkdir(mode=0o000)
    try:
        result = run("list")
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 0 and f"{locked}: cannot be read" in result.stderr
