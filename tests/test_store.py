"""The journal folder is private, writes are atomic, nothing is overwritten, bad files are named."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kjournal.errors import JournalBusy
from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal, read_entry, write_atomic

WHEN = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_are_0600_and_folders_0700_whatever_the_umask(journal: Journal) -> None:
    old = os.umask(0)
    try:
        path = journal.save_entry(Entry(kind="checkin", created=WHEN))
        draft = journal.new_draft_path("intend")
        journal.save_draft(draft, {"answers": {"mood": 3}}, new=True)
    finally:
        os.umask(old)
    assert mode(path) == 0o600
    assert mode(draft) == 0o600
    for folder in (
        journal.root,
        journal.entries_dir,
        path.parent,
        path.parent.parent,
        journal.drafts_dir,
    ):
        assert mode(folder) == 0o700, folder


def test_two_entries_in_the_same_minute_never_overwrite_each_other(journal: Journal) -> None:
    first = journal.save_entry(Entry(kind="checkin", created=WHEN, sections=[Section("A", "one")]))
    second = journal.save_entry(Entry(kind="checkin", created=WHEN, sections=[Section("A", "two")]))
    assert first.name == "2026-12-02T0930-checkin.md"
    assert second.name == "2026-12-02T0930-checkin-2.md"
    assert read_entry(first).sections[0].text == "one"
    assert read_entry(second).sections[0].text == "two"


def test_exclusive_write_refuses_an_existing_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    target = folder / "e.md"
    target.write_text("original")
    with pytest.raises(FileExistsError):
        write_atomic(target, "new", exclusive=True)
    assert target.read_text() == "original"
    assert sorted(p.name for p in folder.iterdir()) == ["e.md"]


def test_scan_names_every_bad_file_and_keeps_the_good_ones(journal: Journal) -> None:
    good = journal.save_entry(Entry(kind="intention", created=WHEN, session=4))
    folder = good.parent
    (folder / "2026-12-02T1000-checkin.md").write_text("---\nkind: checkin\nnote: a: b\n---\n")
    (folder / "2026-12-02T1001-checkin.md").write_bytes(b"---\nkind: \xff\n---\n")
    (folder / "2026-12-02T1002-checkin.md").mkdir()
    (folder / "2026-12-02T1003-intention.md").write_text("---\nsession: 9\nkind: [\n")
    before = {p: p.read_bytes() for p in folder.glob("*.md") if p.is_file()}
    scan = journal.scan()
    assert [e.path for e in scan.entries] == [good]
    reasons = {p.path.name: (p.line, p.reason) for p in scan.problems}
    assert reasons["2026-12-02T1000-checkin.md"][0] == 3
    assert "not UTF-8" in reasons["2026-12-02T1001-checkin.md"][1]
    assert "folder" in reasons["2026-12-02T1002-checkin.md"][1]
    assert "no closing" in reasons["2026-12-02T1003-intention.md"][1]
    assert scan.unreadable_sessions == {9}
    assert {p: p.read_bytes() for p in before} == before  # nothing rewritten


def test_lock_left_by_a_killed_process_is_taken_over_with_a_notice(journal: Journal) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK.format(root=str(journal.root))], stdout=subprocess.PIPE
    )
    assert holder.stdout.readline().strip() == b"locked"
    holder.kill()  # SIGKILL while holding the lock: no chance to clean up
    holder.wait()
    assert (journal.root / ".lock").read_text().strip() == str(holder.pid)
    with journal.lock(timeout=2):
        assert (journal.root / ".lock").read_text().strip() == str(os.getpid())
    assert journal.notices == [
        f"took over the journal lock left by process {holder.pid}, which stopped while saving; "
        "nothing was lost"
    ]
    assert (journal.root / ".lock").read_text() == ""  # released


def test_lock_held_by_a_live_process_times_out_with_a_clear_error(journal: Journal) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK.format(root=str(journal.root))], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(JournalBusy, match="another kjournal"), journal.lock(timeout=0.2):
            pass
    finally:
        holder.kill()
        holder.wait()


HOLD_LOCK = """
import sys, time
from kjournal.journal.store import Journal
with Journal({root!r}).lock():
    print("locked", flush=True)
    time.sleep(60)
"""


def test_unreadable_draft_is_set_aside_not_deleted(journal: Journal) -> None:
    journal.drafts_dir.mkdir(parents=True)
    (journal.drafts_dir / "intend.yaml").write_text("answers: [not, a, mapping")
    assert journal.read_draft(journal.drafts_dir / "intend.yaml") is None
    kept = list(journal.drafts_dir.glob("intend-set-aside-*.yaml"))
    assert len(kept) == 1
    assert kept[0].read_text() == "answers: [not, a, mapping"


def test_two_runs_of_one_flow_never_share_or_replace_a_draft(journal: Journal) -> None:
    first, second = journal.new_draft_path("intend"), journal.new_draft_path("intend")
    journal.save_draft(first, {"answers": {"a": "window A"}}, new=True)
    journal.save_draft(second, {"answers": {"b": "window B"}}, new=True)
    assert first != second
    assert [d.flow for d in journal.flow_drafts("intend")] == ["intend", "intend"]
    with pytest.raises(FileExistsError):
        journal.save_draft(first, {"answers": {}}, new=True)  # a claimed name is never reused
    assert "window A" in first.read_text()


def test_drafts_set_aside_in_the_same_second_keep_names_of_their_own(journal: Journal) -> None:
    journal.drafts_dir.mkdir(parents=True)
    kept = []
    for number in range(20):
        path = journal.drafts_dir / "checkin.yaml"  # the name earlier versions used
        path.write_text(f"answers: {{note: draft {number}}}\n")
        kept.append(journal.set_draft_aside(path))
    assert len(set(kept)) == 20
    texts = sorted(p.read_text() for p in journal.drafts_dir.glob("checkin-set-aside-*.yaml"))
    assert texts == sorted(f"answers: {{note: draft {n}}}\n" for n in range(20))
    assert all(d.set_aside and d.flow == "checkin" for d in journal.drafts())


def test_a_draft_resumed_in_one_window_cannot_be_claimed_by_another(journal: Journal) -> None:
    path = journal.new_draft_path("intend")
    journal.save_draft(path, {"answers": {}}, new=True)
    claimed = journal.claim_draft(path, "intend")
    assert claimed is not None and claimed.exists() and not path.exists()
    assert journal.claim_draft(path, "intend") is None
