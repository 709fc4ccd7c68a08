"""doctor tells the truth and touches only what is kjournal's; an id two entries share is never
guessed at (issue 15)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from kjournal.journal.store import Journal
from tests.helpers import make_entry


@pytest.fixture
def tidy(journal: Journal) -> Path:
    """A journal doctor finds nothing in: one entry, kjournal's own modes."""
    path = make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6}, text="fine")
    os.chmod(journal.root, 0o700)
    return path


def findings(run) -> list[str]:
    result = run("doctor")
    return [line for line in result.stdout.splitlines() if not line.startswith(("All good", "1 "))]


def test_a_tidy_journal_is_all_good(run, tidy: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 0 and result.stdout.startswith("All good: 1 entries")


def test_a_git_folder_in_the_journal_is_left_alone(run, journal: Journal, tidy: Path) -> None:
    hooks = journal.root / ".git" / "hooks"
    hooks.mkdir(parents=True, mode=0o755)
    hook = hooks / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    hook.chmod(0o755)
    (journal.root / ".git" / "config").write_text("[core]\n")
    (journal.entries_dir / ".git").mkdir()  # wherever it is
    (journal.entries_dir / ".git" / "HEAD").write_text("ref\n")
    (journal.root / "README.txt").write_text("mine\n")  # not kjournal's either
    result = run("doctor", "--fix")
    assert result.exit_code == 0, result.stdout
    assert ".git" not in result.stdout and "README" not in result.stdout
    assert stat.S_IMODE(hook.stat().st_mode) == 0o755
    assert stat.S_IMODE((journal.root / "README.txt").stat().st_mode) == 0o644


def test_doctor_still_mends_the_modes_of_what_kjournal_made(
    run, journal: Journal, tidy: Path
) -> None:
    tidy.chmod(0o644)
    (journal.root / "safety-plan.md").write_text("plan\n")
    result = run("doctor")
    assert result.exit_code == 1
    assert f"permissions     {tidy}: readable by others (mode 644)" in result.stdout
    assert "safety-plan.md: readable by others" in result.stdout
    run("doctor", "--fix")
    assert stat.S_IMODE(tidy.stat().st_mode) == 0o600
    assert run("doctor").exit_code == 0


@pytest.fixture
def copy(journal: Journal, tidy: Path) -> Path:
    """What Obsidian's "Make a copy" leaves: the same entry under `... 1.md`."""
    duplicate = tidy.with_name(f"{tidy.stem} 1.md")
    shutil.copy(tidy, duplicate)
    duplicate.chmod(0o600)
    return duplicate


@pytest.mark.parametrize("args", [("show",), ("edit",), ("delete", "-y")])
def test_a_short_id_two_entries_share_is_refused_naming_both(
    run, tidy: Path, copy: Path, args: tuple[str, ...]
) -> None:
    result = run(*args, "260106-0900c")
    assert result.exit_code == 2
    assert str(tidy) in result.stderr and str(copy) in result.stderr
    assert tidy.exists() and copy.exists()


def test_either_copy_can_still_be_chosen_by_its_file_name(run, tidy: Path, copy: Path) -> None:
    assert run("show", copy.stem).exit_code == 0
    assert run("show", tidy.stem).exit_code == 0


def test_a_beginning_shared_by_copies_lists_their_file_names(run, tidy: Path, copy: Path) -> None:
    result = run("show", "260106")
    assert result.exit_code == 2 and tidy.stem in result.stderr and copy.stem in result.stderr


def test_doctor_reports_entries_that_share_a_short_id(run, tidy: Path, copy: Path) -> None:
    result = run("doctor")
    assert result.exit_code == 1
    assert f"same-short-id   {copy}: has the same short id 260106-0900c as {tidy}" in (
        result.stdout
    )


def test_two_questionnaires_of_one_minute_are_not_taken_for_copies(
    run, journal: Journal, tidy: Path
) -> None:
    phq9 = make_entry(journal, "questionnaire", "2026-01-07 09:00", scales={"phq9": {"score": 3}})
    gad7 = make_entry(journal, "questionnaire", "2026-01-07 09:00", scales={"gad7": {"score": 2}})
    assert run("doctor").exit_code == 0
    # Their short ids name the scale, so each can be reached; the start of both is ambiguous.
    assert "PHQ-9 3" in run("show", "260107-0900-phq9").stdout
    assert "GAD-7 2" in run("show", "260107-0900-gad7").stdout
    shared = run("show", "260107-0900-")
    assert shared.exit_code == 2 and "matches several entries" in shared.stderr
    assert run("show", gad7.stem).exit_code == 0 and phq9.exists()


def test_doctor_reports_answers_that_are_not_utf8(run, tidy: Path) -> None:
    tidy.write_bytes(tidy.read_bytes().replace(b"fine", b"fi\xffne"))
    result = run("doctor")
    assert result.exit_code == 1
    assert f"unreadable-text {tidy}: the file is not UTF-8 text (byte " in result.stdout
    assert "(line 11): `show`, `search` and exports cannot read its answers" in result.stdout


def test_doctor_reports_a_failed_edit_waiting_in_drafts(run, journal: Journal, tidy) -> None:
    journal.drafts_dir.mkdir(mode=0o700)
    kept = journal.drafts_dir / f"edit-{tidy.stem}-20260107T090000.md"
    kept.write_text("---\nkind: [\n---\n")
    kept.chmod(0o600)
    result = run("doctor")
    assert result.exit_code == 1 and f"edit-kept-aside {kept}: an edit kept aside" in result.stdout


@pytest.mark.parametrize("name", ["2026-01-07T0900-checkin.MD", "2026-01-07T0900-checkin.markdown"])
def test_doctor_reports_files_that_look_like_entries_but_are_not_read(
    run, journal: Journal, tidy: Path, name: str
) -> None:
    other = tidy.with_name(name)
    shutil.copy(tidy, other)
    other.chmod(0o600)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"not-read        {other}: kjournal reads only files whose names end in .md" in (
        result.stdout
    )


def test_doctor_reports_an_absurd_date(run, journal: Journal, tidy: Path) -> None:
    odd = tidy.with_name("2026-01-07T0900-checkin.md")
    odd.write_text("---\nkind: checkin\ncreated: 0026-01-07T09:00:00+01:00\n---\n")
    odd.chmod(0o600)
    result = run("doctor")
    assert result.exit_code == 1
    assert f"unreadable      {odd}: 'created' is in the year 26, outside 1900-2200" in (
        result.stdout
    )


def test_doctor_reports_a_rebuilt_cache(run, journal: Journal, tidy: Path) -> None:
    run("list")
    journal.cache_path.write_text('{"version": 3, "files": {"2026/01/' + tidy.name + '": 7}}')
    result = run("doctor")
    assert "cache" in result.stdout and "rebuilt" in result.stdout
    assert run("doctor").exit_code == 0


def test_a_fifo_in_place_of_the_lock_file_does_not_hang_doctor(
    run, journal: Journal, tidy: Path
) -> None:
    os.mkfifo(journal.root / ".lock", 0o600)
    assert run("doctor").exit_code == 0


def test_doctor_fix_leaves_the_persons_own_files_beside_the_entries_alone(
    run, journal: Journal, tidy: Path
) -> None:
    script = journal.entries_dir / "sync.sh"
    script.write_text("#!/bin/sh\n")
    os.chmod(script, 0o755)
    vault = journal.entries_dir / ".obsidian"
    vault.mkdir()
    (vault / "app.json").write_text("{}")
    os.chmod(vault / "app.json", 0o644)
    note = journal.prompts_dir / "notes.txt"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("mine")
    os.chmod(note, 0o644)
    os.chmod(tidy, 0o644)  # an entry: kjournal's to tighten
    run("doctor", "--fix")
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
    assert stat.S_IMODE((vault / "app.json").stat().st_mode) == 0o644
    assert stat.S_IMODE(note.stat().st_mode) == 0o644
    assert stat.S_IMODE(tidy.stat().st_mode) == 0o600
