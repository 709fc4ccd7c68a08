"""Any text at all, saved as an answer, never reaches a terminal raw through any command, and JSON
gives it back exactly."""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kjournal import cli
from kjournal.cli import app
from kjournal.journal.entry import Entry, Section, normalise_text
from kjournal.journal.store import Journal
from tests.helpers import COMMANDS_THAT_SHOW_ANSWERS, RAW, SGR, TZ

PIECES = [
    "\x1b",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;http://e.example\x1b\\",
    "\x1b[31m",
    "\x9b",
    "\x9d",
    "\x9c",
    "\x7f",
    "\x07",
    "\x00",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u2028",
    "[t](http://e.example)",
    "[bold]",
    "<b>",
    "&amp;",
    "## ",
    "```",
    "|",
    "=",
    "-",
    "@",
    "\\",
]
# Mostly the characters that matter here, mixed with any other Unicode text.
ANSWERS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=12).map(
    "".join
)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ANSWERS, route=ANSWERS)
@example(text="".join(PIECES), route="=1+1\x1b]52;c;eA==\x07")
def test_any_answer_reaches_a_terminal_only_as_printable_text_and_json_loses_nothing(
    terminal: None, text: str, route: str
) -> None:
    answer = normalise_text(f"zqx {text}")
    with tempfile.TemporaryDirectory() as folder:
        journal = Journal(Path(folder))
        journal.save_entry(
            Entry(
                kind="intention",
                created=datetime(2026, 1, 5, 9, 30, tzinfo=TZ),
                session=1,
                fields={
                    "route": route,
                    "ratings": {"mood": 4},
                    "setting": route,
                    "carried_from": 1,
                    "carried": {"insight": route},
                },
                sections=[Section("What would you like to explore?", answer)],
            )
        )
        journal.save_entry(  # hand-written side effects are the person's text too
            Entry(
                kind="integration",
                created=datetime(2026, 1, 5, 15, 0, tzinfo=TZ),
                session=1,
                fields={"side_effects": [route, "nausea"], "ratings": {"mood": 6}},
                sections=[Section("What stayed with you?", answer)],
            )
        )
        runner = CliRunner()
        for args in COMMANDS_THAT_SHOW_ANSWERS:
            result = runner.invoke(app, ["--journal", folder, *args], catch_exceptions=False)
            assert result.exit_code == 0, (args, result.stderr)
            assert "\x1b]" not in result.stdout, args  # no clipboard write, no hyperlink
            assert not RAW.search(SGR.sub("", result.stdout)), args
            assert not RAW.search(result.stderr), args
            if args[-1] == "json" and args[0] == "export":
                entry = json.loads(result.stdout)["entries"][0]  # the intention
                assert entry["sections"][0]["text"] == answer  # the exact text, nothing lost
                assert entry["fields"]["route"] == route
