"""How a flow is started, decided in the core (no Typer): answers given in advance, flags on top,
whether anything may be asked, which questionnaires intend offers, and the risk rule once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal import flows
from kjournal.errors import UsageError
from kjournal.flows import FlowOptions
from kjournal.journal.store import Journal, read_entry
from kjournal.safety import entry_signals_risk
from tests.helpers import entry_files


def test_flags_go_on_top_of_an_answers_file_and_make_the_entry_scripted(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("mood: 3\nnote: from the file\n")
    options = FlowOptions(answers_file=str(answers), flags={"mood": 6, "anxiety": None})
    options.read_answers()
    assert options.answers == {"mood": 6, "note": "from the file"}
    assert options.answers_source == "flags"


def test_an_answers_file_alone_is_named_in_errors_by_its_path(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("mood: 3\n")
    options = FlowOptions(answers_file=str(answers), flags={"mood": None})
    options.read_answers()
    assert options.answers == {"mood": 3}
    assert options.answers_source == str(answers)


def test_flags_that_were_not_given_leave_the_flow_interactive() -> None:
    options = FlowOptions(flags={"mood": None, "note": None})
    options.read_answers()
    assert options.answers is None
    assert options.asks(no_input=False)


@pytest.mark.parametrize(
    ("options", "no_input"),
    [
        (FlowOptions(), True),
        (FlowOptions(answers_file="-"), False),
        (FlowOptions(flags={"mood": 0}), False),
        (FlowOptions(items="1,0,2"), False),
    ],
    ids=["--no-input", "--answers -", "a flag", "--items"],
)
def test_a_flow_never_asks_when_told_not_to_or_when_its_answers_were_given(
    options: FlowOptions, no_input: bool
) -> None:
    assert not options.asks(no_input=no_input)


def test_an_answers_file_still_lets_the_flow_ask_what_it_does_not_answer(tmp_path: Path) -> None:
    assert FlowOptions(answers_file=str(tmp_path / "a.yaml")).asks(no_input=False)


def test_intend_offers_no_questionnaire_and_reads_none_when_offering_is_off() -> None:
    off = FlowOptions(intend_scales=("no_such_scale",), scales_due_days=0)
    assert flows._offered_scales(off) == []
    on = FlowOptions(intend_scales=("phq9", "gad7"), scales_due_days=7)
    assert [s.id for s in flows._offered_scales(on)] == ["phq9", "gad7"]
    with pytest.raises(UsageError):
        flows._offered_scales(FlowOptions(intend_scales=("no_such_scale",)))


def test_a_check_in_runs_from_flags_alone_in_the_core(journal: Journal) -> None:
    result = flows.checkin(journal, None, FlowOptions(flags={"mood": 6, "note": "steady"}))
    assert entry_files(journal) == [result.path]
    assert read_entry(result.path).ratings == {"mood": 6}
    assert not result.risk


def test_a_questionnaire_is_found_by_the_name_people_write(journal: Journal) -> None:
    options = FlowOptions(items="1,1,1,1,1,1,1")
    result = flows.take_scale(journal, None, options, name="GAD-7")
    assert result.entry.scale_ids == ["gad7"]
    assert options.answers_source == "--items"


def test_the_risk_of_a_saved_entry_is_the_safety_rule(journal: Journal) -> None:
    options = FlowOptions(items="0,0,0,0,0,0,0,0,2")
    result = flows.take_scale(journal, None, options, name="phq9")
    assert result.risk is entry_signals_risk(result.entry.fields) is True
    assert [part.risk for part in result.parts] == [True]
