"""Typing an answer: paragraphs, pastes, keys that are not text. The real terminal, with readline,
is in test_pty.py; here the asker's rules, and what arrives through a pipe."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from rich.console import Console
from rich.text import Text

from kjournal.journal.store import Journal, read_entry
from kjournal.questions.prompts import Prompt
from kjournal.render.asker import TerminalAsker, strip_key_sequences
from tests.helpers import entry_files

STORY = Prompt(id="story", text="What stayed with you?", type="text")


class FakeReader:
    """Plays back what a person typed: (text, pasted) pairs; EOFError stands for Ctrl-D."""

    def __init__(self, typed: list[tuple[str, bool] | type[EOFError]], paragraphs: bool) -> None:
        self.typed: Iterator = iter(typed)
        self.paragraphs = paragraphs

    def read(self, prompt: Text, *, remember: bool = False) -> tuple[str, bool]:
        step = next(self.typed)
        if step is EOFError:
            raise EOFError
        return step


def written(
    typed: list, *, paragraphs: bool = True, started: str = ""
) -> tuple[str, list[str], str]:
    """The answer, the drafts kept along the way, and the screen."""
    console = Console(record=True, width=80, color_system=None)
    asker = TerminalAsker(console)
    asker._reader = FakeReader(typed, paragraphs)
    drafts: list[str] = []
    text = asker.ask(
        STORY, position=(1, 1), context="", started_text=started, on_line=drafts.append
    )
    return text, drafts, console.export_text()


def test_a_typed_answer_holds_paragraphs_and_two_empty_lines_finish_it() -> None:
    typed = [("The heaviness.", False), ("", False), ("And then light.", False)]
    text, drafts, screen = written([*typed, ("", False), ("", False)])
    assert text == "The heaviness.\n\nAnd then light."
    assert drafts == ["The heaviness.", "The heaviness.\n\nAnd then light."]
    assert "An empty line starts a new paragraph, two in a row finish." in screen
    assert "Enter once more to finish, or write on." in screen


def test_enter_before_anything_is_written_skips_the_question() -> None:
    text, drafts, screen = written([("", False)])
    assert text == "" and drafts == []
    assert "Enter now to skip." in screen


def test_a_paste_with_blank_lines_lands_whole_in_the_answer() -> None:
    paste = "para one\n\npara two\n\n\npara three\n\n"
    text, _, _ = written([(paste, True), ("", False), ("", False)])
    assert text == "para one\n\npara two\n\n\npara three"


def test_a_paste_that_starts_with_blank_lines_is_not_a_skip() -> None:
    text, _, _ = written([("\n\nlate start", True), ("", False), ("", False)])
    assert text == "late start"


def test_ctrl_d_on_an_empty_line_finishes_too() -> None:
    text, _, _ = written([("one line", False), EOFError])
    assert text == "one line"


def test_a_resumed_answer_goes_on_after_what_was_written() -> None:
    text, _, screen = written(
        [("", False), ("more", False), ("", False), ("", False)], started="first"
    )
    assert text == "first\n\nmore"
    assert "You had started this answer" in screen and "Enter now to skip" not in screen


def test_from_a_pipe_an_empty_line_still_finishes_as_scripts_expect() -> None:
    text, _, screen = written([("a line", False), ("", False)], paragraphs=False)
    assert text == "a line"
    assert "an empty line finishes" in screen


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("I felt helo\x1b[Dl", "I felt helol"),  # Left, where no line editor read it
        ("\x1b[A5", "5"),  # Up at a rating prompt
        ("\x1b[200~pasted\x1b[201~", "pasted"),  # bracketed-paste markers
        ("\x1bOHhome\x1bOF", "home"),  # Home and End in application mode
        ("tab\tand ünïcode ✓", "tab\tand ünïcode ✓"),  # text is text
    ],
)
def test_keys_are_never_kept_as_text(typed: str, kept: str) -> None:
    assert strip_key_sequences(typed) == kept


def test_arrow_keys_from_a_pipe_never_reach_the_file(run, journal: Journal) -> None:
    # Enter declines the questionnaires; Up then 5 at the mood; Left inside a written answer.
    typed = "\n\x1b[A5\n\n\n\n\nI felt helo\x1b[Dl\n\n" + "\n" * 4
    result = run("intend", input=typed)
    assert result.exit_code == 0, result.output
    [path] = entry_files(journal)
    entry = read_entry(path)
    assert entry.ratings == {"mood": 5}
    assert entry.sections[0].text == "I felt helol"
    assert "\x1b" not in path.read_text()


def test_readline_is_loaded_only_when_a_question_is_asked() -> None:
    code = (
        "import sys, kjournal.cli, kjournal.render.asker; "
        "assert 'readline' not in sys.modules, 'readline imported at start-up'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
