"""What a second day of trying to break kjournal found, each as a class with its test."""

from __future__ import annotations

import os
import subprocess
import sys

import pexpect
import pytest

from kjournal.journal import edits
from kjournal.journal.store import Journal, read_entry
from tests.helpers import answer, entry_files, kjournal_command, make_entry


@pytest.mark.slow  # a real terminal
def test_accented_letters_typed_under_the_c_locale_are_kept(journal: Journal) -> None:
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root), "LC_ALL": "C", "LANG": "C"}
    child = pexpect.spawn(kjournal_command(), ["checkin"], env=env, encoding="utf-8", timeout=20)
    for question in ("mood", "anxious", "energy", "sleep", "Any of these"):
        answer(child, question, "")
    answer(child, "Anything else you would like to note?", "café au lait, naïve")
    child.expect_exact("› ")
    child.sendline("")
    child.expect_exact("› ")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    [path] = entry_files(journal)
    assert read_entry(path).sections[0].text == "café au lait, naïve"


def test_an_entry_changed_in_another_window_during_an_edit_keeps_both(
    journal: Journal, monkeypatch
) -> None:
    path = make_entry(journal, "checkin", "2026-01-05 09:00", text="original")

    def two_windows(work, **_) -> None:
        path.write_text(path.read_text().replace("original", "window B"))  # saved elsewhere
        work.write_text(work.read_text().replace("original", "window A"))

    monkeypatch.setattr(edits, "edit_file", two_windows)
    with pytest.raises(Exception, match="changed while you were editing it") as caught:
        edits.edit_entry(journal, path)
    assert "window B" in path.read_text()
    [kept] = journal.drafts_dir.glob("edit-*.md")
    assert "window A" in kept.read_text() and str(kept) in str(caught.value)


@pytest.mark.parametrize(("value", "readable"), [("nausea", True), ("5", False)])
def test_side_effects_edited_by_hand_never_break_the_report(
    run, journal: Journal, value: str, readable: bool
) -> None:
    path = make_entry(journal, "checkin", "2026-01-05 09:00", ratings={"mood": 5})
    path.write_text(path.read_text().replace("ratings:", f"side_effects: {value}\nratings:"))
    for output_format in ("md", "html"):
        result = run("export", "--format", output_format)
        assert result.exit_code == 0 and "unexpected error" not in result.stderr
        if readable:
            assert "nausea" in result.stdout and "| n | 1 |" not in result.stdout
        else:
            assert str(path) in result.stderr


def test_a_prompt_file_with_escape_sequences_is_refused_naming_the_key(
    run, journal: Journal
) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "checkin.yaml").write_text(
        'prompts:\n  - {id: mood, type: rating, text: "Mood?\\e]8;;http://x\\a"}\n'
    )
    result = run("checkin")
    assert result.exit_code == 1
    assert "prompts[0].text: holds control characters" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_a_safety_plan_that_is_a_link_is_not_followed(run, journal: Journal, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not the plan")
    journal.root.mkdir(parents=True)
    journal.safety_plan_path.symlink_to(secret)
    result = run("support")
    assert result.exit_code == 0 and "988" in result.stdout
    assert "not the plan" not in result.stdout and "is a link" in result.stderr
    assert run("support", "--edit").exit_code == 1


@pytest.mark.parametrize("closed", ["<&-", ">&-"])
def test_a_closed_standard_stream_is_never_an_unexpected_error(journal: Journal, closed) -> None:
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root)}
    command = f"{sys.executable} -m kjournal checkin {closed}"
    result = subprocess.run(command, shell=True, env=env, capture_output=True, text=True)
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr
    assert result.returncode in (0, 130)


@pytest.mark.parametrize(
    "config",
    ["scales_due_days: 800000\n", "prompts_dir: '~nobody-here-at-all/x'\n", "intend_scales: [x/y]"],
)
def test_config_values_out_of_range_are_a_warning(run, tmp_path, config: str) -> None:
    (tmp_path / "config.yaml").write_text(config)
    for args in ([], ["intend", "--no-input", "--answers", "-"]):
        result = run(*args, input="mood: 4\n")
        assert result.exit_code == 0, result.output
        assert "using the default settings" in result.stderr


def test_a_draft_edited_into_another_shape_resumes_what_it_can(run, journal: Journal) -> None:
    journal.drafts_dir.mkdir(parents=True)
    (journal.drafts_dir / "checkin.yaml").write_text(
        "answers: {mood: 4, 7: 1}\nskipped: 5\npartial: [not, a, mapping]\n"
    )
    result = run("checkin", input="y\n" + "\n" * 8)
    assert result.exit_code == 0, result.output
    [path] = entry_files(journal)
    assert read_entry(path).ratings == {"mood": 4}


def test_a_journal_that_is_a_file_is_named_not_called_empty(run, tmp_path, monkeypatch) -> None:
    a_file = tmp_path / "journal-file"
    a_file.write_text("x")
    monkeypatch.setenv("KJOURNAL_HOME", str(a_file))
    for args in ([], ["list"], ["doctor"]):
        result = run(*args)
        assert result.exit_code == 1 and "is not a folder" in result.stderr
        assert "no entries yet" not in result.stdout
