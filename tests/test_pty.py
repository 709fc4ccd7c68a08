"""The installed `kjournal`, typed into in a real pseudo-terminal, the way a person uses it."""

from __future__ import annotations

import signal
from pathlib import Path

import pexpect
import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import answer, decline_questionnaires, flow_draft, spawn


def finish(child: pexpect.spawn) -> None:
    """Two empty lines in a row end a written answer; the first one says so."""
    child.expect_exact("› ")
    child.sendline("")
    child.expect_exact("Enter once more to finish")
    child.expect_exact("› ")
    child.sendline("")


def test_intend_in_a_terminal_survives_ctrl_c_mid_answer_and_resumes(journal: Journal) -> None:
    child = spawn(journal, "intend")
    decline_questionnaires(child)
    child.expect_exact("Before your session")
    answer(child, "How is your mood right now?", "3")
    answer(child, "How anxious do you feel right now?", "12")
    child.expect_exact("a rating is a whole number from 0 to 10, not 12")
    child.expect_exact("› ")
    child.sendline("7")
    answer(child, "How will you receive ketamine today?", "4")
    answer(child, "The dose, as your clinic gave it", "")
    answer(child, "Where will you be", "")
    answer(child, "What would you like to explore, or soften, today?", "the fear of falling apart")
    child.expect_exact("› ")
    child.sendline("and letting people in")
    child.expect_exact("› ")
    child.sendintr()  # Ctrl-C in the middle of the answer
    # stderr wraps at word boundaries to the terminal's width: any space may be a line break
    child.expect(r"pick\s+up\s+where\s+you\s+left\s+off")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert journal.entry_paths() == []

    child = spawn(journal, "intend")
    child.expect_exact("left off? [Y/n]")
    child.sendline("")
    child.expect_exact("You had started this answer")
    child.expect_exact("the fear of falling apart")
    child.expect_exact("› ")
    child.sendline("gently")
    finish(child)
    for question in ("learning or noticing", "treat yourself", "support you afterwards"):
        answer(child, question, "")
    answer(child, "A word or phrase to return to", "soften")
    child.expect_exact("Saved your intention for session 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    entry = read_entry(journal.entry_paths()[0])
    assert entry.ratings == {"mood": 3, "anxiety": 7}
    assert entry.fields["route"] == "nasal"
    assert entry.sections[0].text == "the fear of falling apart\nand letting people in\ngently"
    assert entry.sections[-1].text == "soften"
    assert flow_draft(journal, "intend") is None


def test_closing_the_terminal_mid_answer_keeps_every_line_typed(journal: Journal) -> None:
    child = spawn(journal, "intend")
    decline_questionnaires(child)
    answer(child, "How is your mood right now?", "5")
    for question in ("anxious", "receive ketamine", "The dose", "Where will you be"):
        answer(child, question, "")
    answer(child, "What would you like to explore", "a line I must not lose")
    child.expect_exact("› ")
    child.kill(signal.SIGHUP)  # what a closed terminal window sends
    child.expect(pexpect.EOF)
    child.close()
    draft = flow_draft(journal, "intend").read_text()
    assert "a line I must not lose" in draft
    assert "mood: 5" in draft


def test_integrate_in_a_terminal_shows_the_intention_and_saves(journal: Journal) -> None:
    setup = spawn(journal, "intend", "--answers", "-", "--no-input")
    setup.sendline("explore: to meet my grief with kindness")
    setup.sendeof()
    setup.expect(pexpect.EOF)
    setup.close()
    assert setup.exitstatus == 0

    child = spawn(journal, "integrate")
    child.expect_exact("After your session")
    answer(child, "How is your mood now?", "8")
    answer(child, "How anxious do you feel now?", "2")
    answer(child, "Any of these during or since the session?", "1, 3")
    answer(child, "What did you notice in your body", "lightness in my chest")
    finish(child)
    for question in ("What emotions came up?", "images, words or phrases", "What surprised you?"):
        answer(child, question, "")
    child.expect_exact("to meet my grief with kindness")  # the intention, shown before the link
    answer(child, "How does what happened relate to your intention?", "it did, softly")
    finish(child)
    answer(child, "difficult or unsettling", "the old fear, briefly")
    finish(child)
    for question in ("insight", "one small thing", "share some of this"):
        answer(child, question, "")
    child.expect_exact("Saved your reflection for session 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    integration = next(read_entry(p) for p in journal.entry_paths() if "integration" in p.name)
    assert integration.ratings == {"mood": 8, "anxiety": 2}
    assert integration.fields["side_effects"] == ["nausea", "headache"]
    assert [s.text for s in integration.sections] == [
        "lightness in my chest",
        "it did, softly",
        "the old fear, briefly",
    ]


def test_phq9_in_a_terminal_re_asks_bad_answers_and_shows_support_after_saving(
    journal: Journal,
) -> None:
    child = spawn(journal, "scale", "phq9")
    child.expect_exact("Over the last 2 weeks")
    answer(child, "Little interest or pleasure in doing things", "4")
    child.expect_exact("'4' is not one of the answers; choose 0, 1, 2 or 3")
    child.expect_exact("› ")
    child.sendline("2")
    for _ in range(7):
        child.expect_exact("Nearly every day")
        child.expect_exact("› ")
        child.sendline("2")
    answer(child, "better off dead", "1")
    child.expect_exact("Saved your PHQ-9:")
    child.expect_exact("PHQ-9: 17 of 27")
    child.expect_exact("moderately severe")
    child.expect_exact("988")
    child.expect_exact("not monitored")
    # The lines come before PHQ-9's unscored follow-up; its answer joins the saved entry.
    answer(child, "how difficult have these problems made it", "3")
    child.expect_exact("Developed by Drs. Robert L. Spitzer")  # once, at the end
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [path] = journal.entry_paths()
    entry = read_entry(path)
    assert entry.fields["risk"] is True
    assert entry.fields["scales"]["phq9"] == {
        "score": 17,
        "band": "moderately severe",
        "items": [2, 2, 2, 2, 2, 2, 2, 2, 1],
        "difficulty": "very",
    }


def test_ctrl_c_after_a_risk_answer_in_intend_leaves_it_saved_flagged_and_the_lines_shown(
    journal: Journal,
) -> None:
    child = spawn(journal, "intend")
    child.expect_exact("[y/N]")
    child.sendline("y")
    answer(child, "How is your mood right now?", "4")
    answer(child, "How anxious do you feel right now?", "6")
    for _ in range(8):
        child.expect_exact("Nearly every day")
        child.expect_exact("› ")
        child.sendline("0")
    answer(child, "better off dead", "3")
    child.expect_exact("Saved your PHQ-9:")
    child.expect_exact("988")
    child.expect_exact("not monitored")
    child.expect_exact("how difficult have these problems made it")
    child.expect_exact("› ")
    child.sendintr()  # Ctrl-C before the GAD-7 and the intention
    child.expect_exact("Your PHQ-9 is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    [path] = journal.entry_paths()
    entry = read_entry(path)
    assert (entry.kind, entry.fields["risk"]) == ("questionnaire", True)
    assert entry.fields["scales"]["phq9"]["items"] == [0] * 8 + [3]


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP"])
def test_a_closed_terminal_after_a_risk_answer_keeps_one_flagged_entry(
    journal: Journal, how: str
) -> None:
    child = spawn(journal, "scale", "phq9")
    for _ in range(8):
        child.expect_exact("Nearly every day")
        child.expect_exact("› ")
        child.sendline("0")
    answer(child, "better off dead", "2")
    child.expect_exact("988")
    child.expect_exact("how difficult")
    child.kill(getattr(signal, how))
    child.expect(pexpect.EOF)
    child.close()
    resumed = spawn(journal, "scale", "phq9", "--resume")
    answer(resumed, "how difficult", "2")
    resumed.expect(pexpect.EOF)
    resumed.close()
    [path] = journal.entry_paths()  # saved once, completed in place on resuming
    fields = read_entry(path).fields
    assert fields["risk"] is True and fields["scales"]["phq9"]["difficulty"] == "somewhat"


def test_ctrl_c_in_a_half_typed_risk_answer_saves_and_flags_it(journal: Journal) -> None:
    journal.prompts_dir.mkdir(parents=True)
    (journal.prompts_dir / "checkin.yaml").write_text(
        "prompts:\n  - {id: thoughts, text: Any thoughts of harming yourself?, risk: true}\n"
    )
    child = spawn(journal, "checkin")
    answer(child, "Any thoughts of harming yourself?", "the first line")
    child.expect_exact("› ")
    child.sendintr()
    child.expect_exact("988")
    child.expect(pexpect.EOF)
    child.close()
    [path] = journal.entry_paths()
    entry = read_entry(path)
    assert entry.fields["risk"] is True and entry.sections[0].text == "the first line"


LEFT, HOME, END, UP = "\x1b[D", "\x1b[H", "\x1b[F", "\x1b[A"
CTRL_A, CTRL_E, CTRL_U, CTRL_W = "\x01", "\x05", "\x15", "\x17"


def test_first_intend_offers_questionnaires_honestly_and_enter_does_not_start_them(
    journal: Journal,
) -> None:
    child = spawn(journal, "intend")
    child.expect_exact("Clinics often follow treatment with two short questionnaires")
    offer = child.before
    child.expect_exact("Enter means not now) [y/N]")
    offer += child.before
    assert "since your last" not in offer  # there has been none
    child.sendline("")
    child.expect_exact("Before your session")
    child.expect_exact("How is your mood right now?")
    assert "PHQ-9" not in child.before  # the first question is the mood, not PHQ-9's first
    child.expect_exact("› ")  # Ctrl-C once the answer line is shown, as a person would
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert journal.entry_paths() == []


def test_line_editing_keys_edit_the_answer_and_up_recalls_earlier_ones(
    journal: Journal, tmp_path: Path
) -> None:
    child = spawn(journal, "intend")
    decline_questionnaires(child)
    answer(child, "How is your mood right now?", UP + "5")  # nothing earlier to recall yet
    answer(child, "How anxious do you feel right now?", UP)  # recalls the 5 typed just before
    answer(child, "How will you receive ketamine today?", "nasal")
    answer(child, "The dose, as your clinic gave it", "a wrong note" + CTRL_U + "84 mg")
    answer(child, "Where will you be", "home with" + CTRL_W + "and music")
    answer(child, "What would you like to explore", "I felt helo" + LEFT + "l")
    child.expect_exact("› ")
    child.sendline("then" + CTRL_A + "And " + CTRL_E + " light" + HOME + "~" + END + ".")
    finish(child)
    for question in ("learning or noticing", "treat yourself", "support you afterwards"):
        answer(child, question, "")
    answer(child, "A word or phrase to return to", UP + UP)  # two answers back
    child.expect_exact("Saved your intention for session 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [path] = journal.entry_paths()
    entry = read_entry(path)
    assert entry.ratings == {"mood": 5, "anxiety": 5}
    assert entry.fields["dose"] == "84 mg"
    assert entry.fields["setting"] == "home and music"
    assert entry.sections[0].text == "I felt hello\n~And then light."
    assert entry.sections[-1].text == "I felt hello"
    assert "\x1b" not in path.read_text()
    # Answers are private: the line editor's history is never written to a file.
    assert not (tmp_path / "home" / ".python_history").exists()


def test_paragraphs_typed_and_pasted_land_whole_in_the_answer_they_belong_to(
    journal: Journal,
) -> None:
    child = spawn(journal, "intend")
    decline_questionnaires(child)
    for question in ("mood", "anxious", "receive ketamine", "The dose", "Where will you be"):
        answer(child, question, "")
    answer(child, "What would you like to explore", "The heaviness.")
    child.expect_exact("› ")
    child.sendline("")
    child.expect_exact("Enter once more to finish, or write on.")
    child.expect_exact("› ")
    child.sendline("And the light after it.")
    finish(child)
    # A terminal brackets a paste once asked to; blank lines and all, it is one piece.
    child.expect_exact("What are you open to learning or noticing?")
    child.expect_exact("› ")
    child.send("\x1b[200~para one\r\rpara two\r\r\rpara three\x1b[201~")
    child.sendline("")
    finish(child)
    # Without brackets (libedit, older terminals) a paste still arrives faster than anyone
    # types: what is already waiting belongs to the same answer, not to the next questions.
    child.expect_exact("how would you like to treat yourself?")
    child.expect_exact("› ")
    child.send("first\r\rsecond\r\r\rthird\r")
    finish(child)
    answer(child, "support you afterwards", "")
    answer(child, "A word or phrase to return to", "soften")
    child.expect_exact("Saved your intention for session 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    entry = read_entry(journal.entry_paths()[0])
    assert [s.text for s in entry.sections] == [
        "The heaviness.\n\nAnd the light after it.",
        "para one\n\npara two\n\n\npara three",
        "first\n\nsecond\n\n\nthird",
        "soften",
    ]


def test_a_rating_never_stores_an_arrow_key(journal: Journal) -> None:
    child = spawn(journal, "checkin")
    answer(child, "How is your mood today?", "7")
    answer(child, "How anxious do you feel today?", UP + "5")  # recalls 7, then 5: 75
    child.expect_exact("a rating is a whole number from 0 to 10, not 75")
    child.expect_exact("› ")
    child.sendline("3")
    child.expect_exact("How is your energy today?")
    child.expect_exact("› ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    draft = flow_draft(journal, "checkin").read_text()
    assert "mood: 7" in draft and "anxiety: 3" in draft
    assert "\x1b" not in draft and "[A" not in draft
