"""`kjournal intend` picks up the thread: what the last reflection carried forward (an insight,
one small action) is shown in the person's words, asked about, and linked to that session."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import decline_questionnaires, entry_files, spawn

INSIGHT = "I can be with grief without drowning in it."
ACTION = "Call my sister on Sunday."
# Declining the questionnaires offered, then mood, anxiety, route, dose, setting.
OPENING = "n\n" + "\n" * 5


def _session_with_reflection(run, tmp_path: Path, **answers: str) -> None:
    before = tmp_path / "intention.yaml"
    before.write_text("mood: 4\n")
    assert run("intend", "--answers", str(before), "--no-input").exit_code == 0
    answers_file = tmp_path / "reflection.yaml"
    answers_file.write_text("".join(f"{key}: {value!r}\n" for key, value in answers.items()))
    result = run("integrate", "--answers", str(answers_file), "--no-input")
    assert result.exit_code == 0, result.output


def _newest_intention(journal: Journal):
    intentions = [read_entry(p) for p in entry_files(journal)]
    return max((e for e in intentions if e.kind == "intention"), key=lambda e: e.session)


def test_the_insight_and_action_are_shown_asked_about_and_linked(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, insight=INSIGHT, action=ACTION)
    typed = OPENING + "Mostly, on good days.\n\nI called her. Awkward, then good.\n\n"
    result = run("intend", input=typed + "\n" * 5)
    assert result.exit_code == 0, result.output
    screen = result.stdout
    assert screen.index(INSIGHT) < screen.index("Does that insight still feel true?")
    assert screen.index(ACTION) < screen.index("How did that small action go?")
    assert screen.index("How did that small action go?") < screen.index("What would you like")
    assert "(after session 1)" in screen
    entry = _newest_intention(journal)
    assert entry.session == 2 and entry.fields["carried_from"] == 1
    assert entry.fields["carried"] == {"insight": INSIGHT, "action": ACTION}  # which words
    assert [(s.heading, s.text) for s in entry.sections] == [
        ("Does that insight still feel true?", "Mostly, on good days."),
        ("How did that small action go?", "I called her. Awkward, then good."),
    ]


def test_without_an_earlier_reflection_intend_says_nothing_of_it(run, journal) -> None:
    result = run("intend", input=OPENING + "\n" * 5)
    assert result.exit_code == 0, result.output
    assert "insight" not in result.stdout and "small action" not in result.stdout
    assert "1 of 10" in result.stdout  # the positions count only what is asked
    assert "carried_from" not in _newest_intention(journal).fields


def test_only_what_the_reflection_wrote_is_asked_about(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, action=ACTION)  # the insight was skipped
    result = run("intend", input=OPENING + "Not yet.\n\n" + "\n" * 5)
    assert result.exit_code == 0, result.output
    assert "Does that insight still feel true?" not in result.stdout
    assert ACTION in result.stdout
    entry = _newest_intention(journal)
    assert [s.text for s in entry.sections] == ["Not yet."]
    assert entry.fields["carried"] == {"action": ACTION}


def test_a_reflection_with_neither_asks_nothing_about_it(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, surprise="The music.")
    result = run("intend", input=OPENING + "\n" * 5)
    assert "small action" not in result.stdout and "insight" not in result.stdout


def test_skipping_both_questions_links_nothing(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, insight=INSIGHT, action=ACTION)
    result = run("intend", input=OPENING + "\n" * 7)
    assert result.exit_code == 0, result.output
    entry = _newest_intention(journal)
    assert "carried_from" not in entry.fields and "carried" not in entry.fields
    assert entry.sections == []


def test_a_broken_integrate_prompt_file_never_stops_an_intention(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, insight=INSIGHT)
    (journal.root / "prompts").mkdir()
    (journal.root / "prompts" / "integrate.yaml").write_text("prompts: [unclosed\n")
    result = run("intend", input=OPENING + "\n" * 5)
    assert result.exit_code == 0, result.output
    assert INSIGHT not in result.stdout
    assert _newest_intention(journal).session == 2


def test_scripted_answers_about_earlier_words_are_kept(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, insight=INSIGHT)
    answers = tmp_path / "intend.yaml"
    answers.write_text("insight_still: Mostly\n")
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    entry = _newest_intention(journal)
    assert entry.fields["carried_from"] == 1
    assert [s.text for s in entry.sections] == ["Mostly"]


def test_escape_sequences_in_the_earlier_words_never_reach_the_terminal(run, journal, tmp_path):
    _session_with_reflection(run, tmp_path, insight="calm\x1b]52;c;aGk=\x07 \x1b[2J now")
    result = run("intend", input=OPENING + "\n" * 6)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "calm" in result.stdout


@pytest.mark.slow  # a real terminal
def test_in_a_terminal_intend_shows_the_insight_before_asking(run, journal, tmp_path) -> None:
    _session_with_reflection(run, tmp_path, insight=INSIGHT)
    child = spawn(journal, "intend")
    decline_questionnaires(child)
    for _ in range(5):  # mood, anxiety, route, dose, setting
        child.expect("›")
        child.sendline("")
    child.expect("An insight to carry forward")
    child.expect("grief without drowning")
    child.expect("Does that insight still feel true")
    child.sendline("Yes.")
    child.sendline("")
    child.sendline("")
    child.expect("What would you like to explore")
    child.expect_exact("› ")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_the_panel_titles_fit_a_narrow_terminal(run, journal, tmp_path, monkeypatch) -> None:
    """At 40 columns each panel keeps its whole title (Rich cuts a title that does not fit)."""
    from kjournal.render.asker import CONTEXT_TITLES

    _session_with_reflection(run, tmp_path, insight=INSIGHT, action=ACTION)
    monkeypatch.setenv("COLUMNS", "40")
    result = run("intend", input=OPENING + "\n" * 7)
    assert result.exit_code == 0, result.output
    for title in (CONTEXT_TITLES["last_insight"], CONTEXT_TITLES["last_action"]):
        assert f"─ {title} ─" in result.stdout
