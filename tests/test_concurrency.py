"""Several kjournal processes writing at once: every entry kept, no name reused, sessions unique."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kjournal.journal.store import Journal

WRITER = """
import sys
from kjournal.cli import app
worker, count, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for i in range(count):
    if command == "checkin":
        args = ["checkin", "--mood", str(i % 11), "--note", f"writer {worker} entry {i}"]
    else:
        args = ["intend", "--no-input"]
    code = app(args, standalone_mode=False)
    assert code in (None, 0), code
"""


def run_writers(root: Path, command: str, writers: int, each: int) -> None:
    env_home = {"KJOURNAL_HOME": str(root)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(w), str(each), command],
            env={**os.environ, **env_home},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()


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
