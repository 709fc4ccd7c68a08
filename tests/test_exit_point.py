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
    assert "Anything it reported as saved is in your journal" in said
    assert "draft" not in said  # `list` keeps no draft: none is promised
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


@pytest.mark.parametrize("error", [RuntimeError("boom"), OSError(5, "Input/output error")])
def test_with_debug_any_unexpected_error_keeps_its_traceback(
    monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """An OSError inside a command is not a failed output: --debug shows where it came from."""
    _raising(monkeypatch, error)
    result = CliRunner().invoke(app, ["--debug", "list"])
    assert result.exception is error
    assert "could not be written" not in result.stderr


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


@pytest.mark.slow  # a real terminal
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


def test_an_unexpected_error_in_an_asking_flow_points_to_its_draft(
    run, journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kjournal.journal.store import Journal

    def broken_save(self: Journal, entry: object) -> None:
        raise RuntimeError("disk gremlin")

    monkeypatch.setattr(Journal, "save_entry", broken_save)
    result = run("checkin", input="6\n3\n\n\n\nslow day\n\n")
    assert result.exit_code == UNEXPECTED_ERROR
    said = " ".join(result.stderr.split())
    assert "any not yet saved wait in a draft that the next run" in said
    assert list(journal.drafts_dir.glob("*.yaml"))  # the promise holds: the draft is there


def test_output_that_cannot_be_written_is_said_plainly(journal, tmp_path) -> None:
    """`kjournal list > /dev/full`: the output failed, not kjournal; exit 1, one line."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    from tests.helpers import make_entry

    for day in range(1, 29):
        make_entry(journal, "checkin", f"2026-01-{day:02d} 09:00", text="words " * 400)
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "kjournal", "list", "--format", "json"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False,
        )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert (
        done.stderr.strip() == "kjournal: the output could not be written (No space left on device)"
    )
