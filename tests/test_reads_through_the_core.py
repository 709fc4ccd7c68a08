"""What commands show from files is read by the core, never by cli.py: an entry as stored
(`show --raw`), a prompt file (`prompts show`), and a journal path that is a file, refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.errors import KJournalError, PromptSetError
from kjournal.journal.store import Journal
from kjournal.questions.sources import prompt_file_text
from tests.helpers import make_entry


def test_the_raw_text_of_an_entry_is_its_file(journal: Journal) -> None:
    path = make_entry(journal, "checkin", "2026-01-05 09:00", text="as I wrote it", mood=4)
    [entry] = journal.scan().entries
    assert journal.raw_text(entry) == path.read_text(encoding="utf-8")
    assert "as I wrote it" in journal.raw_text(entry)


def test_a_journal_path_that_is_a_file_is_refused_before_it_reads_as_empty(
    tmp_path: Path,
) -> None:
    Journal(tmp_path / "not-yet").check_is_a_folder()  # made when first written
    Journal(tmp_path).check_is_a_folder()
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(KJournalError, match="is not a folder, so it cannot be a journal"):
        Journal(tmp_path / "notes.txt").check_is_a_folder()


def test_a_prompt_file_is_shown_from_the_person_s_copy_once_it_loads(tmp_path: Path) -> None:
    own = tmp_path / "prompts"
    own.mkdir()
    assert "How is your mood today?" in prompt_file_text("checkin", [own])
    mine = "title: Mine\nprompts:\n  - {id: mood, type: rating, text: Mood?}\n"
    (own / "checkin.yaml").write_text(mine)
    assert prompt_file_text("checkin", [own]) == mine
    (own / "checkin.yaml").write_text("title: [broken\n")
    with pytest.raises(PromptSetError):
        prompt_file_text("checkin", [own])


def test_the_safety_plan_is_there_only_as_a_file(journal: Journal) -> None:
    assert not journal.has_safety_plan()
    journal.safety_plan_path.mkdir(parents=True)
    assert not journal.has_safety_plan()
