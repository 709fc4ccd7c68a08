"""Every write kjournal makes is proven to lie inside the journal, through no folder link, and
never chmods or truncates anything it did not make."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kjournal.journal.store import Journal, OutsideJournal


def test_a_draft_name_that_climbs_out_is_refused_and_nothing_above_is_touched(
    journal: Journal, tmp_path: Path
) -> None:
    os.chmod(tmp_path, 0o755)
    escape = journal.drafts_dir / "scale-x" / ".." / ".." / ".." / "outside" / "pwned.yaml"
    with pytest.raises(OutsideJournal):
        journal.save_draft(escape, {"answers": {"secret": "words"}}, new=True)
    assert not (tmp_path / "outside").exists()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_month_folder_that_is_a_link_is_never_written_through(
    run, journal: Journal, tmp_path: Path, where: str
) -> None:
    target = tmp_path / "elsewhere" if where == "outside" else journal.entries_dir / "other"
    target.mkdir(parents=True)
    year = journal.entries_dir / "2026"
    year.mkdir(parents=True)
    (year / "12").symlink_to(target)
    result = run("checkin", "--mood", "5", "--note", "private words")
    assert result.exit_code == 1
    said = (
        "lies outside the journal"
        if where == "outside"
        else "is a link to a folder, which kjournal does not write through"
    )
    assert said in result.stderr
    assert list(target.iterdir()) == []
    [draft] = journal.flow_drafts("checkin")
    assert "private words" in draft.path.read_text()  # kept, and said where


def test_a_lock_that_is_a_link_never_empties_the_file_it_points_to(
    run, journal: Journal, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me")
    journal.root.mkdir(parents=True)
    (journal.root / ".lock").symlink_to(precious)
    result = run("intend", "--no-input", "--answers", "-", input="mood: 4\n")
    assert result.exit_code == 1
    assert precious.read_text() == "do not truncate me"
    assert "unexpected error" not in result.stderr
