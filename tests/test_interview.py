"""The interview engine: a draft after every answer and typed line, resume, required prompts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kjournal.errors import AnswersFileError, MissingAnswer
from kjournal.questions.interview import InterviewState, load_answers, run_interview
from kjournal.questions.prompts import Prompt, PromptSet, parse_prompt_set

SET = parse_prompt_set(
    "t",
    {
        "prompts": [
            {"id": "mood", "type": "rating", "text": "Mood?"},
            {"id": "story", "text": "Tell me"},
            {"id": "word", "text": "One word", "multiline": False, "optional": False},
        ]
    },
    Path("t.yaml"),
)


class ScriptedAsker:
    """Answers from a list; a multi-line answer is a list of lines; KeyboardInterrupt is raised
    where the script says 'CTRL-C', as a person pressing it would."""

    def __init__(self, script: list[Any]) -> None:
        self.script = list(script)
        self.invalid_messages: list[str] = []
        self.started: dict[str, str] = {}

    def intro(self, prompt_set: PromptSet) -> None:
        pass

    def ask(
        self, prompt: Prompt, *, position, context, started_text: str, on_line: Callable
    ) -> Any:
        self.started[prompt.id] = started_text
        item = self.script.pop(0)
        if isinstance(item, list):
            lines = [started_text] if started_text else []
            for line in item:
                if line == "CTRL-C":
                    raise KeyboardInterrupt
                lines.append(line)
                on_line("\n".join(lines))
            return "\n".join(lines)
        if item == "CTRL-C":
            raise KeyboardInterrupt
        return item

    def invalid(self, message: str) -> None:
        self.invalid_messages.append(message)

    def confirm(self, question: str, *, default: bool) -> bool:
        return default


def test_each_typed_line_is_in_the_draft_before_the_next_is_typed() -> None:
    drafts: list[dict] = []
    asker = ScriptedAsker(["5", ["first line", "second line", "CTRL-C"]])
    state = InterviewState()
    with pytest.raises(KeyboardInterrupt):
        run_interview(SET, state, asker, lambda s: drafts.append(s.to_draft()))
    assert drafts[-1] == {
        "answers": {"mood": 5},
        "skipped": [],
        "partial": {"story": "first line\nsecond line"},
    }
    resumed = InterviewState.from_draft(drafts[-1], SET)
    asker = ScriptedAsker([["third line"], "calm"])
    final = run_interview(SET, resumed, asker, lambda s: None)
    assert asker.started["story"] == "first line\nsecond line"
    assert final.answers == {
        "mood": 5,
        "story": "first line\nsecond line\nthird line",
        "word": "calm",
    }


def test_invalid_answers_are_asked_again_and_required_ones_cannot_be_skipped() -> None:
    asker = ScriptedAsker(["12", "", "", "", "ok"])
    state = run_interview(SET, InterviewState(), asker, lambda s: None)
    assert state.answers == {"word": "ok"}
    assert state.skipped == ["mood", "story"]
    assert asker.invalid_messages == [
        "a rating is a whole number from 0 to 10, not 12",
        "This one is needed to save the entry.",
    ]


def test_without_an_asker_optional_prompts_are_skipped_and_required_ones_fail() -> None:
    with pytest.raises(MissingAnswer, match="required prompt 'word'"):
        run_interview(SET, InterviewState(), None, lambda s: None)
    state = InterviewState(answers={"word": "ok"})
    assert run_interview(SET, state, None, lambda s: None).answers == {"word": "ok"}


def test_a_draft_answer_that_no_longer_fits_the_prompt_set_is_asked_again() -> None:
    state = InterviewState.from_draft({"answers": {"mood": 42, "gone": "x", "word": "ok"}}, SET)
    assert state.answers == {"word": "ok"}


def test_a_contradictory_choice_is_asked_again_with_a_kind_word() -> None:
    prompt_set = parse_prompt_set(
        "t",
        {
            "prompts": [
                {
                    "id": "side_effects",
                    "type": "choices",
                    "text": "Any of these?",
                    "options": [
                        {"value": "nausea", "label": "nausea"},
                        {"value": "none", "label": "none of these", "exclusive": True},
                    ],
                }
            ]
        },
        Path("t.yaml"),
    )
    asker = ScriptedAsker(["2, 1", "none"])
    state = run_interview(prompt_set, InterviewState(), asker, lambda s: None)
    assert state.answers == {"side_effects": ["none"]}
    assert asker.invalid_messages == [
        "'none of these' can't be combined with other choices; "
        "pick either 'none of these', or the ones that apply"
    ]


def test_an_answers_file_that_answers_a_prompt_twice_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("mood: 3\nnote: fine\nmood: 7\n")
    with pytest.raises(AnswersFileError) as caught:
        load_answers(str(answers))
    assert str(caught.value) == (
        f"{answers}: not valid YAML at line 3, column 1; a prompt is answered twice"
    )
