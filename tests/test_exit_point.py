"""Every run of kjournal ends in one place (`cli._Group.main`): a known error is one line on
stderr with its own exit code, an unexpected one says so honestly, Ctrl-C is a calm stop."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest
from typer.testing import CliRunner

from kjournal import errors
from kjournal.cli import UNEXPECTED_ERROR, app
from kjournal.journal.store import Journal
from kjournal.reports import query
from tests.helpers import make_entry


def _raising(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """Make `kjournal list` meet exc halfway through, after the journal was read."""

    def select(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(query, "select", select)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.SessionError("there is no session 7 (sessions: 1, 2)"), 1),
        (errors.JournalBusy("another kjournal is saving to this journal"), 1),
        (errors.AnswersFileError("a.yaml: not valid YAML at line 2"), 2),
        (errors.InvalidAnswer("mood: a rating is a whole number from 0 to 10"), 2),
        (errors.Interrupted("Stopped. Nothing was written."), 130),
    ],
    ids=lambda value: value.__class__.__name__ if isinstance(value, Exception) else str(value),
)
def test_a_known_error_in_a_command_is_one_line_on_stderr_with_its_exit_code(
    run, monkeypatch: pytest.MonkeyPatch, error: errors.KJournalError, code: int
) -> None:
    _raising(monkeypatch, error)
    result = run("list")
    assert result.exit_code == code == error.exit_code
    assert result.stderr == f"kjournal: {error}\n"
    assert result.stdout == ""


def test_an_unexpected_error_says_so_honestly_without_a_traceback_or_its_message(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raising(monkeypatch, RuntimeError("my secret words about mum"))
    result = run("list")
    assert result.exit_code == UNEXPECTED_ERROR
    assert UNEXPECTED_ERROR not in {0, 1, 2, 130, 141}  # told apart from every known ending
    said = " ".join(result.stderr.split())
    assert said.startswith("kjournal: an unexpected error happened (RuntimeError).")
    assert "answers already saved are in your journal" in said
    assert "any not yet saved wait in a draft that the next run" in said
    assert "--debug" in said
    assert "no entry was changed" not in said  # it may well have been saved
    assert "secret" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_with_debug_an_unexpected_error_is_raised_for_its_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _raising(monkeypatch, RuntimeError("boom"))
    result = CliRunner().invoke(app, ["--debug", "list"])
    assert isinstance(result.exception, RuntimeError)
    assert "unexpected error" not in result.stderr


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_ctrl_c_or_ctrl_d_in_a_command_stops_calmly_with_130(
    run, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    _raising(monkeypatch, stop())
    result = run("list")
    assert result.exit_code == 130
    assert result.stderr == "kjournal: stopped. Nothing more was written.\n"


def test_a_reader_that_went_away_ends_the_run_quietly_with_141(
    run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _raising(monkeypatch, BrokenPipeError())
    result = run("list")
    assert result.exit_code == 141
    assert result.stderr == ""


def test_a_usage_error_is_one_line_naming_the_help_to_read(run) -> None:
    result = run("list", "-n", "0")
    assert result.exit_code == 2
    assert result.stderr == (
        "kjournal: Invalid value for '-n': 0 is not in the range x>=1. "
        "(see: kjournal list --help)\n"
    )


def test_without_standalone_mode_the_exit_code_is_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert app(["where"], standalone_mode=False) == 0
    _raising(monkeypatch, errors.SessionError("there is no session 7"))
    assert app(["list"], standalone_mode=False) == 1


def test_ctrl_c_at_a_question_in_a_real_terminal_exits_130(journal: Journal) -> None:
    make_entry(journal, "checkin", "2026-01-05 09:00", ratings={"mood": 5})
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root)}
    command = ["-m", "kjournal", "delete", "latest"]
    child = pexpect.spawn(sys.executable, command, env=env, encoding="utf-8", timeout=20)
    child.expect_exact("to the trash? [y/N]")
    child.sendintr()  # Ctrl-C, as typed
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    assert "kjournal: stopped. Nothing more was written." in child.before
    assert "Traceback" not in child.before and "Aborted" not in child.before
    assert len(journal.entry_paths()) == 1
