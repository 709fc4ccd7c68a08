"""`kjournal session N` and `kjournal export brief` as a person runs them: the right session,
clear refusals, formats for keeping and sharing, and reflections only where ticked."""

from __future__ import annotations

import json
import re

import pexpect
import pytest

from kjournal.journal.store import Journal
from tests.helpers import spawn
from tests.report_demo import save_demo


def test_session_shows_the_chosen_session_on_one_screen(journal: Journal, run) -> None:
    save_demo(journal)
    result = run("session", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Session 2 · 13 January 2026")
    assert "Sit with the grief about my father" in result.stdout  # the intention's own words
    assert "Check-ins until session 3 (20 Jan)" in result.stdout


def test_session_without_a_number_is_the_latest(journal: Journal, run) -> None:
    save_demo(journal)
    assert run("session").stdout.startswith("Session 5 ·")
    assert run("session", "latest").stdout == run("session", "5").stdout


def test_an_unknown_session_is_one_line_naming_the_sessions_there_are(journal, run) -> None:
    save_demo(journal)
    for reference in ("9", "two", "0", "../1", "²", "٣", "1" * 5000):
        result = run("session", reference)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.strip().splitlines() == [
            f"kjournal: no session '{reference}'; the journal has sessions 1 to 5, or latest"
        ]


def test_session_on_an_empty_journal_says_how_to_begin(run) -> None:
    result = run("session")
    assert result.exit_code == 2
    assert "kjournal intend" in result.stderr


def test_session_as_markdown_and_json_keeps_the_same_facts(journal: Journal, run) -> None:
    save_demo(journal)
    markdown = run("session", "2", "--format", "md").stdout
    assert markdown.startswith("#") and "Sit with the grief about my father" in markdown
    data = json.loads(run("session", "2", "-f", "json").stdout)
    assert (data["session"], data["mood_before"], data["mood_after"]) == (2, 4, 8)


def test_session_fits_forty_columns(journal: Journal, run, monkeypatch) -> None:
    save_demo(journal)
    monkeypatch.setenv("COLUMNS", "40")
    result = run("session", "2")
    assert result.exit_code == 0
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 40


def test_a_brief_from_a_pipe_includes_no_written_answers(journal: Journal, run) -> None:
    save_demo(journal)
    result = run("export", "brief")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Brief for the next appointment")
    assert "From the intention of session 5" in result.stdout
    assert "written answers: none chosen (2 written entries in the period)" in result.stdout
    assert "Not included: the 2 written entries," in result.stdout


def test_since_last_session_is_the_same_brief(journal: Journal, run) -> None:
    save_demo(journal)
    dated = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d")  # "generated" moves with the clock
    brief = dated.sub("T", run("export", "brief").stdout)
    assert dated.sub("T", run("export", "--since-last-session").stdout) == brief


def test_a_brief_includes_exactly_the_entries_named(journal: Journal, run) -> None:
    save_demo(journal)
    written = re.findall(r"\b(\d{6}-\d{4}[ir])\b", run("list").stdout)
    reflection = next(i for i in written if i.endswith("r") and i.startswith("260217"))
    result = run("export", "brief", "--include", reflection, "-f", "html")
    assert result.exit_code == 0, result.stderr
    assert "written answers: 1 of 2 written entries, chosen by the person" in result.stdout
    assert "<script" not in result.stdout


def test_brief_refusals_are_one_line_each(journal: Journal, run) -> None:
    save_demo(journal)
    for args, words in [
        (("export", "brief", "-f", "csv"), "a brief is md or html"),
        (("export", "brief", "--since", "2026-01-01"), "--since, --until and --include-text"),
        (("export", "brief", "--include-text"), "--since, --until and --include-text"),
        (("export", "--include", "latest"), "--include and --session choose what a brief covers"),
        (("export", "--session", "2"), "--include and --session choose what a brief covers"),
        (("export", "brief", "--session", "9"), "no session '9'"),
        (("export", "report", "--since-last-session"), "--since-last-session makes a brief"),
        (("export", "brief", "--include", "nonsense"), "nonsense"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr, args
        assert result.stdout == ""


def test_a_brief_written_to_a_file_says_so_and_keeps_the_file_private(journal, run, tmp_path):
    save_demo(journal)
    target = tmp_path / "brief.html"
    result = run("export", "brief", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "Wrote" in result.stderr and "the brief" in result.stderr
    assert target.read_text().startswith("<!doctype html>")
    assert target.stat().st_mode & 0o077 == 0


@pytest.mark.slow  # a real terminal
def test_in_a_terminal_the_brief_asks_about_each_written_entry(journal: Journal, tmp_path):
    save_demo(journal)
    target = tmp_path / "brief.md"
    child = spawn(journal, "export", "brief", "--out", str(target))
    child.expect(r"stay out of the brief unless you add them")
    child.expect(r"Add your intention of .*\? \[y/N\]")
    child.sendline("")  # Enter leaves it out
    child.expect(r"Add your reflection of .*\? \[y/N\]")
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = target.read_text()
    assert "written answers: 1 of 2 written entries, chosen by the person" in text
    assert "What stayed with you?" in text  # the reflection's own answers
    assert "What would you like to explore" not in text  # the intention left out
