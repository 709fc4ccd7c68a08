"""The questionnaire offer before an intention: true to what was answered before, and Enter
never starts questions the person did not ask for."""

from __future__ import annotations

from datetime import datetime, timedelta

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, make_entry


def test_the_first_offer_of_questionnaires_is_honest_and_enter_declines(
    run, journal: Journal
) -> None:
    result = run("intend", input="\n" * 11)
    assert result.exit_code == 0, result.output
    assert "more than 7 days" not in result.stdout
    assert "Clinics often follow treatment with two short questionnaires, PHQ-9 and GAD-7." in (
        result.stdout
    )
    assert "(17 questions, a few minutes; Enter means not now) [y/N]" in result.stdout
    assert [read_entry(p).kind for p in entry_files(journal)] == ["intention"]
    assert "PHQ-9 ·" not in result.stdout  # no questionnaire item was asked


def test_the_offer_says_which_questionnaire_was_never_answered(run, journal: Journal) -> None:
    earlier = (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    make_entry(journal, "questionnaire", earlier, scales={"phq9": {"score": 8}})
    result = run("intend", input="\n" * 11)
    assert result.exit_code == 0, result.output
    assert (
        "It has been more than 7 days since your last PHQ-9, and you have not answered GAD-7 yet."
        in result.stdout
    )


def test_the_offer_after_a_week_names_both_questionnaires(run, journal: Journal) -> None:
    earlier = (datetime.now() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M")
    make_entry(
        journal, "questionnaire", earlier, scales={"phq9": {"score": 8}, "gad7": {"score": 5}}
    )
    result = run("intend", input="y\n" + "\n" * 30)
    assert "It has been more than 7 days since your last PHQ-9 and GAD-7." in result.stdout
    assert "PHQ-9 · Little interest or pleasure" in result.stdout  # a yes starts them
