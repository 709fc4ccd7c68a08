"""Prompt sets are data: packaged ones load, custom ones override, broken ones name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.errors import InvalidAnswer, PromptSetError
from kjournal.questions.prompts import load_prompt_set, validate_answer


@pytest.mark.parametrize("name", ["intend", "integrate"])
def test_packaged_prompt_sets_load(name: str) -> None:
    prompt_set = load_prompt_set(name)
    ids = [p.id for p in prompt_set.prompts]
    assert ids[:2] == ["mood", "anxiety"]
    assert all(p.optional for p in prompt_set.prompts)  # every packaged prompt can be skipped


def test_intend_has_session_facts_and_four_to_six_intention_prompts() -> None:
    prompts = load_prompt_set("intend").prompts
    route = next(p for p in prompts if p.id == "route")
    assert route.option_values() == ["iv", "im", "sublingual", "nasal", "other"]
    intention = [p for p in prompts if p.type == "text" and p.store == "body" and not p.context]
    assert 4 <= len(intention) <= 6


def test_intend_asks_about_the_carried_insight_and_action_just_before_the_intention() -> None:
    ids = [p.id for p in load_prompt_set("intend").prompts]
    contexts = {p.id: p.context for p in load_prompt_set("intend").prompts}
    assert ids.index("insight_still") + 1 == ids.index("action_went") == ids.index("explore") - 1
    assert (contexts["insight_still"], contexts["action_went"]) == ("last_insight", "last_action")


def test_integrate_has_five_to_nine_reflection_prompts_one_showing_the_intention() -> None:
    prompts = load_prompt_set("integrate").prompts
    assert 5 <= sum(p.type == "text" for p in prompts) <= 9
    assert [p.id for p in prompts if p.context == "intention"] == ["intention_link"]


def test_integrate_asks_what_to_bring_to_the_therapist_before_looking_forward() -> None:
    prompts = load_prompt_set("integrate").prompts
    ids = [p.id for p in prompts]
    assert ids.index("intention_link") + 1 == ids.index("for_therapist") == ids.index("insight") - 1
    prompt = prompts[ids.index("for_therapist")]
    assert "difficult or unsettling" in prompt.text and "therapist" in prompt.text
    assert (prompt.type, prompt.store, prompt.optional, prompt.risk) == (
        "text",
        "body",
        True,
        False,
    )
    assert prompt.help == "This stays private in your journal unless you choose to share it."


def test_a_custom_prompt_set_in_the_journal_replaces_the_packaged_one(tmp_path: Path) -> None:
    (tmp_path / "intend.yaml").write_text("prompts:\n  - {id: word, text: One word for today}\n")
    prompt_set = load_prompt_set("intend", [tmp_path])
    assert [p.id for p in prompt_set.prompts] == ["word"]
    assert prompt_set.source == tmp_path / "intend.yaml"


@pytest.mark.parametrize(
    ("yaml_text", "key"),
    [
        ("prompts: []", "prompts"),
        ("prompts:\n  - {id: a, text: A, type: ratin}", "prompts[0].type"),
        ("prompts:\n  - {id: a, text: A}\n  - {id: a, text: B}", "prompts[1].id"),
        ("prompts:\n  - {id: a}", "prompts[0].text"),
        ("prompts:\n  - {id: Bad Id, text: A}", "prompts[0].id"),
        ("prompts:\n  - {id: a, text: A, optinal: true}", "prompts[0]: unknown key 'optinal'"),
        ("prompts:\n  - {id: a, text: A, type: choice}", "prompts[0].options"),
        ("prompts:\n  - {id: a, text: A, type: rating, anchors: [low]}", "prompts[0].anchors"),
        ("prompts:\n  - {id: a, text: A, optional: maybe}", "prompts[0].optional"),
        (
            "prompts:\n  - {id: a, text: A, type: choice, options: [{value: x, label: Same},"
            " {value: y, label: same}]}",
            "prompts[0].options: option labels must be different",
        ),
        ("prompts: [\n", "not valid YAML"),
    ],
)
def test_malformed_prompt_file_names_the_file_and_the_bad_key(
    tmp_path: Path, yaml_text: str, key: str
) -> None:
    (tmp_path / "intend.yaml").write_text(yaml_text)
    with pytest.raises(PromptSetError) as caught:
        load_prompt_set("intend", [tmp_path])
    assert str(caught.value).startswith(str(tmp_path / "intend.yaml"))
    assert key in str(caught.value)


def test_answers_are_checked_against_their_prompt() -> None:
    prompts = load_prompt_set("intend").by_id
    assert validate_answer(prompts["mood"], "7") == 7
    assert validate_answer(prompts["mood"], "") is None
    assert validate_answer(prompts["route"], "2") == "im"
    assert validate_answer(prompts["route"], "Nasal") == "nasal"
    assert validate_answer(prompts["explore"], "a\r\nb\n\n") == "a\nb"
    for bad in ("11", "-1", "six", "5.5", True):
        with pytest.raises(InvalidAnswer, match="whole number from 0 to 10"):
            validate_answer(prompts["mood"], bad)
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(prompts["route"], "oral")
    assert str(caught.value) == (
        "route: 'oral' is not one of the choices; choose a number from 1 to 5, or type one of: "
        "IV infusion; IM injection; sublingual lozenge or tablet; nasal spray (esketamine); "
        "something else"
    )


def test_lingering_dissociation_after_a_session_means_still_feeling_detached_now() -> None:
    # Unquoted, the comma in this label split it: "still now" was lost, and detachment felt only
    # during the session was recorded as lingering dissociation.
    side_effects = load_prompt_set("integrate").by_id["side_effects"]
    labels = {o.value: o.label for o in side_effects.options}
    assert labels["dissociation_lingering"] == "feeling detached or unreal, still now"


def test_a_choice_can_be_given_as_its_number_its_words_or_its_value() -> None:
    route = load_prompt_set("intend").by_id["route"]
    for typed in ("4", " nasal spray  (Esketamine) ", "NASAL", "nasal"):
        assert validate_answer(route, typed) == "nasal"


def test_several_choices_can_be_numbers_words_or_values_even_with_a_comma_in_a_label() -> None:
    side_effects = load_prompt_set("integrate").by_id["side_effects"]
    for typed in (
        "1, 4",
        "1 4",
        "Nausea, feeling detached or unreal, still now",
        "feeling detached or unreal,still now,nausea",
        "nausea dissociation_lingering",
    ):
        assert sorted(validate_answer(side_effects, typed)) == [
            "dissociation_lingering",
            "nausea",
        ], typed
    assert validate_answer(side_effects, ["trouble sleeping", 1, "nausea"]) == [
        "sleep_trouble",
        "nausea",
    ]


@pytest.mark.parametrize(
    ("typed", "shown"), [("9", "'9'"), ("itching", "'itching'"), ("1, 0", "'0'")]
)
def test_a_choice_that_is_not_offered_is_explained_in_the_words_the_person_was_shown(
    typed: str, shown: str
) -> None:
    side_effects = load_prompt_set("checkin").by_id["side_effects"]
    with pytest.raises(InvalidAnswer) as caught:
        validate_answer(side_effects, typed)
    message = str(caught.value)
    assert message.startswith(
        f"side_effects: {shown} is not one of the choices; choose numbers from 1 to 7, "
        "separated by commas, or type any of: nausea; dizziness; headache; "
    )
    assert "trouble sleeping; bladder discomfort or pain passing urine; none of these" in message
    assert "dissociation_lingering" not in message and "sleep_trouble" not in message


NONE_WITH_OTHERS = (
    "side_effects: 'none of these' can't be combined with other choices; "
    "pick either 'none of these', or the ones that apply"
)


@pytest.mark.parametrize("name", ["checkin", "integrate"])
def test_none_of_these_cannot_be_chosen_together_with_a_side_effect(name: str) -> None:
    side_effects = load_prompt_set(name).by_id["side_effects"]
    for contradictory in ("7, 1", "nausea, none", ["none", "headache"], "none of these, 2"):
        with pytest.raises(InvalidAnswer) as caught:
            validate_answer(side_effects, contradictory)
        assert str(caught.value) == NONE_WITH_OTHERS
    assert validate_answer(side_effects, "none, none of these") == ["none"]
    assert validate_answer(side_effects, " , ,") is None  # nothing chosen: skipped
    assert validate_answer(side_effects, "1, 2") == ["nausea", "dizziness"]


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        (
            "{value: x, label: X, exclusive: yes please}",
            "options[0].exclusive: must be true or false",
        ),
        ("{value: x, label: X, exclusive: true}", "options: only the options of a choices prompt"),
    ],
)
def test_exclusive_is_true_or_false_and_only_on_a_choices_prompt(
    tmp_path: Path, option: str, problem: str
) -> None:
    kind = "choices" if "yes please" in option else "choice"
    (tmp_path / "checkin.yaml").write_text(
        f"prompts:\n  - id: a\n    text: A\n    type: {kind}\n    options:\n      - {option}\n"
    )
    with pytest.raises(PromptSetError) as caught:
        load_prompt_set("checkin", [tmp_path])
    assert f"checkin.yaml: prompts[0].{problem}" in str(caught.value)
