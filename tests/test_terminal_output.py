"""Nothing an answer holds reaches a terminal raw: escape sequences are shown, never acted on;
answers are shown as typed, never as markup; JSON keeps every character and escapes controls."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from kjournal import cli
from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal
from kjournal.render import plain as formats
from kjournal.render import views
from tests.helpers import COMMANDS_THAT_SHOW_ANSWERS, RAW, SGR, TZ, spawn

# What a planted or accidentally pasted answer may hold, one class per item.
ATTACKS = {
    "OSC 52 clipboard write, BEL-terminated": "\x1b]52;c;ZXZpbA==\x07",
    "OSC 8 hyperlink, ST-terminated": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "CSI colour": "\x1b[31mred\x1b[0m",
    "C1 CSI": "\x9b31mred",
    "C1 OSC with C1 ST": "\x9d8;;http://evil.example\x9clink",
    "DEL and backspace": "abc\x7f\x08\x08",
    "cursor up and clear line": "\x1b[1A\x1b[2K",
    "right-to-left override": "invoice\u202etxt.exe",
    "isolates": "\u2066\u2067\u2068hidden\u2069",
}


@pytest.mark.parametrize("typed", ATTACKS.values(), ids=ATTACKS.keys())
def test_every_sequence_starter_is_shown_not_acted_on(typed: str) -> None:
    shown = formats.printable(typed)
    assert not RAW.search(shown)
    assert "\\x" in shown or "\\u" in shown  # visible: the person sees something was there


def test_printable_keeps_text_lines_tabs_and_bidi_marks() -> None:
    typed = "ligne\tun\nשלום\u200f עולם\u200e, ☀ café"
    assert formats.printable(typed) == typed


def test_bidi_controls_are_shown_by_code_point() -> None:
    assert formats.printable("a\u202eb\u2066c") == "a\\u202eb\\u2066c"


@given(st.text())
def test_printable_leaves_no_control_and_changes_nothing_else(text: str) -> None:
    assert not RAW.search(formats.printable(text))
    clean = RAW.sub("", text)
    assert formats.printable(clean) == clean


def test_output_is_exact_into_a_pipe_and_printable_on_a_terminal() -> None:
    text = "a,b\n" + ATTACKS["OSC 52 clipboard write, BEL-terminated"] + "\n"
    assert formats.for_stdout(text, terminal=False) == text
    assert formats.for_stdout(text, terminal=True) == "a,b\n\\x1b]52;c;ZXZpbA==\\x07\n"


@given(st.text())
def test_json_gives_back_every_character_and_escapes_controls(text: str) -> None:
    out = formats.to_json({"answer": text, text: [text]})
    assert not RAW.search(out)
    assert "\u2028" not in out and "\u2029" not in out
    assert json.loads(out) == {"answer": text, text: [text]}


def test_json_keeps_other_non_ascii_readable() -> None:
    assert "café ☀ שלום" in formats.to_json({"a": "café ☀ שלום"})
    assert '"\\u009b31m"' in formats.to_json("\x9b31m")


# show: the text the person typed, never markup


def _entry(text: str, preamble: str = "") -> Entry:
    return Entry(
        kind="integration",
        created=datetime(2026, 1, 5, 9, 30, tzinfo=TZ),
        session=1,
        preamble=preamble,
        sections=[Section("What stays with you?", text)],
    )


def _on_terminal(renderable: object, width: int = 80) -> str:
    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system="truecolor", width=width).print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("width", [40, 80, 120])
def test_show_prints_a_markdown_link_as_typed_not_as_a_live_link(width: int) -> None:
    typed = "I read [this](http://example.com/x) **twice**\n# not a heading\n[b]bold?[/b]"
    shown = _on_terminal(views.entry_view(_entry(typed)), width)
    assert "\x1b]8" not in shown  # no OSC 8 hyperlink
    plain = SGR.sub("", shown)
    assert not RAW.search(plain)
    words = " ".join(plain.split())  # wrapped at 40 columns
    assert "I read [this](http://example.com/x) **twice** # not a heading [b]bold?[/b]" in words


def test_show_keeps_each_typed_line_on_its_own_line() -> None:
    typed = "first line\nsecond line\n\nafter a blank\n  indented"
    plain = SGR.sub("", _on_terminal(views.entry_view(_entry(typed, "a\nb"))))
    lines = [line.rstrip() for line in plain.splitlines()]
    for line in ("first line", "second line", "after a blank", "  indented", "a", "b"):
        assert line in lines
    assert lines.index("second line") + 2 == lines.index("after a blank")


def test_show_still_styles_the_headings() -> None:
    shown = _on_terminal(views.entry_view(_entry("an answer")))
    assert re.search(r"\x1b\[[0-9;]*m\s*What stays with you\?", shown)
    assert re.search(r"\x1b\[[0-9;]*mIntegration", shown)


@pytest.mark.parametrize("typed", ATTACKS.values(), ids=ATTACKS.keys())
def test_show_never_replays_an_answers_escape_sequences(typed: str) -> None:
    entry = _entry(f"before {typed} after", preamble=typed)
    entry.fields["route"] = typed
    plain = SGR.sub("", _on_terminal(views.entry_view(entry, [typed])))
    assert not RAW.search(plain)


def test_the_safety_plan_shows_its_headings_and_no_live_links() -> None:
    plan = "# My safety plan\n\n## People I can ask\nSam [call](tel:123)\n\x1b]52;c;eA==\x07"
    shown = _on_terminal(views.safety_plan_view(plan))
    assert "\x1b]8" not in shown and not RAW.search(SGR.sub("", shown))
    assert re.search(r"\x1b\[1m## People I can ask", shown)
    assert "Sam [call](tel:123)" in SGR.sub("", shown)


# The commands, on a terminal and into a pipe


NASTY = "".join(ATTACKS.values()) + " [text](http://example.com) <b>x</b> =1+1"


@pytest.fixture
def nasty(journal: Journal) -> Journal:
    journal.save_entry(
        Entry(
            kind="intention",
            created=datetime(2026, 1, 5, 9, 30, tzinfo=TZ),
            session=1,
            fields={"route": NASTY, "ratings": {"mood": 4}, "tags": [NASTY]},
            sections=[Section("What would you like to explore?", f"zqx {NASTY}\nline two")],
        )
    )
    return journal


@pytest.mark.parametrize("args", COMMANDS_THAT_SHOW_ANSWERS, ids=" ".join)
def test_no_command_sends_an_answers_controls_to_a_terminal(
    run, nasty, monkeypatch, args: list[str]
) -> None:
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich, too, believes it writes to a terminal
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "\x1b]" not in result.stdout  # no OSC: no clipboard write, no hyperlink
    assert not RAW.search(SGR.sub("", result.stdout))
    assert not RAW.search(result.stderr)


@pytest.mark.parametrize(
    "args", [["export", "--include-text"], ["export", "--format", "csv"]], ids=" ".join
)
def test_export_into_a_pipe_is_the_exact_data(run, nasty, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 0
    assert "\x1b]52;c;ZXZpbA==\x07" in result.stdout


def test_json_into_a_pipe_gives_back_the_exact_answer(run, nasty) -> None:
    [entry] = json.loads(run("export", "--format", "json").stdout)["entries"]
    assert entry["sections"][0]["text"] == f"zqx {NASTY}\nline two"
    assert entry["fields"]["route"] == NASTY
    shown = json.loads(run("show", "latest", "--format", "json").stdout)
    assert shown["fields"]["tags"] == [NASTY]


@pytest.mark.parametrize(
    "args", [["export", "--format", "csv"], ["export", "--include-text"], ["show", "latest"]]
)
@pytest.mark.slow  # a real terminal
def test_in_a_real_terminal_nothing_raw_arrives(nasty, args: list[str]) -> None:
    import pexpect

    child = spawn(nasty, *args)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = child.before.replace("\r\n", "\n")  # the terminal's own line endings
    assert "\x1b]" not in shown
    assert not RAW.search(SGR.sub("", shown))
    assert "\\x1b]52;c;ZXZpbA==\\x07" in shown  # shown, visibly, for what it is
