"""Validated scales: scored as published, bands as data, a broken scale file named with its key."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kjournal.errors import InvalidAnswer, PromptSetError, UsageError
from kjournal.journal.entry import Entry
from kjournal.journal.store import Journal, read_entry
from kjournal.journal.yamlio import dump_yaml, load_yaml
from kjournal.questions.catalogue import scale_names
from kjournal.questions.prompts import validate_answer
from kjournal.questions.scales import (
    as_prompt_set,
    available_scales,
    items_as_answers,
    load_scale,
    parse_items,
    score,
)

SPITZER = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues"


def test_every_packaged_scale_loads_and_no_licensed_scale_ships() -> None:
    assert scale_names() == ["phq9", "gad7", "pcl5", "who5"]
    assert available_scales() == sorted(scale_names())
    for name in scale_names():
        load_scale(name)


@pytest.mark.parametrize(
    ("name", "items", "total", "band"),
    [
        ("phq9", [2] * 9, 18, "moderately severe"),  # the published all-2 example
        ("phq9", [0] * 9, 0, "minimal"),
        ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ("phq9", [3] * 9, 27, "severe"),
        ("gad7", [3] * 7, 21, "severe"),
        ("gad7", [2, 2, 2, 2, 1, 1, 0], 10, "moderate"),
        ("pcl5", [4] * 20, 80, "at or above the usual screening threshold (31-33)"),
        ("pcl5", [1] * 20, 20, "below the usual screening threshold (31-33)"),
        ("who5", [5] * 5, 100, "not in the low range"),
        ("who5", [2] * 5, 40, "low wellbeing (50 or below)"),  # raw 10 x 4
    ],
)
def test_scores_and_bands_match_the_published_scoring(name, items, total, band) -> None:
    result = score(load_scale(name), items)
    assert (result.score, result.band) == (total, band)


def test_phq9_and_gad7_carry_their_authors_notice() -> None:
    assert load_scale("phq9").notice.startswith(SPITZER)
    assert load_scale("gad7").notice.startswith(SPITZER)
    assert "No permission required to reproduce" in load_scale("phq9").notice


def test_phq9_item_nine_above_zero_is_a_risk_signal_and_nothing_else_is() -> None:
    phq9 = load_scale("phq9")
    assert score(phq9, [0] * 8 + [1]).risk
    assert not score(phq9, [3] * 8 + [0]).risk
    assert not score(phq9, [3] * 8 + [None]).risk
    assert not score(load_scale("gad7"), [3] * 7).risk


def test_a_skipped_item_leaves_the_scale_unscored() -> None:
    result = score(load_scale("gad7"), [1, 1, None, 1, 1, 1, 1])
    assert result.score is None
    assert result.as_fields() == {"items": [1, 1, None, 1, 1, 1, 1]}


def test_answers_outside_the_options_are_rejected() -> None:
    with pytest.raises(InvalidAnswer, match="item 2 must be one of 0, 1, 2, 3, not 4"):
        score(load_scale("phq9"), [0, 4, 0, 0, 0, 0, 0, 0, 0])
    with pytest.raises(InvalidAnswer, match="expected 9 answers"):
        score(load_scale("phq9"), [0] * 8)


def test_unknown_scale_lists_the_available_ones() -> None:
    with pytest.raises(
        UsageError, match=r"unknown scale 'qids' \(available: gad7, pcl5, phq9, who5\)"
    ):
        load_scale("qids")


FOLLOWUP_OPTIONS = [{"value": "some", "label": "Some"}, {"value": "lots", "label": "Lots"}]
FOLLOWUP = {"id": "difficulty", "text": "How hard was it?", "options": FOLLOWUP_OPTIONS}


def _broken(tmp_path: Path, change) -> Path:
    data = load_yaml(load_scale("gad7").source.read_text())
    change(data)
    folder = tmp_path / "scales"
    folder.mkdir()
    (folder / "gad7.yaml").write_text(dump_yaml(data))
    return folder / "gad7.yaml"


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda d: d.pop("items"), "items"),
        (lambda d: d["bands"].pop(1), "bands[1]: should start at 5"),
        (lambda d: d["bands"].pop(), "bands: end at 14, but scores go up to 21"),
        (lambda d: d.pop("notice"), "notice"),
        (lambda d: d["options"].append({"value": "x"}), "options"),
        (lambda d: d.update(risk_items=[8]), "risk_items"),
        (lambda d: d.update(recall_days=0), "recall_days: must be a whole number from 1"),
        (lambda d: d.pop("recall_days"), "recall_days"),
        (lambda d: d.update(meaningful_change="4"), "meaningful_change"),
        (lambda d: d.update(order=0), "order: must be a whole number from 1"),
        (lambda d: d.update(order="first"), "order: must be a whole number from 1"),
        (lambda d: d.update(session_column="yes"), "session_column: must be true or false"),
        (lambda d: d.update(followup={**FOLLOWUP, "id": "impact"}), "followup.id"),
        (lambda d: d.update(followup={**FOLLOWUP, "text": None}), "followup.text"),
        (lambda d: d.update(followup={**FOLLOWUP, "options": []}), "followup.options"),
        (
            lambda d: d.update(followup={**FOLLOWUP, "options": [{"value": 1, "label": "Some"}]}),
            "followup.options",
        ),
        (
            lambda d: d.update(
                followup={**FOLLOWUP, "options": [{"value": 0, "label": "No"}, *FOLLOWUP_OPTIONS]}
            ),
            "followup.options[0].value: must be lower-case letters",
        ),
        (
            lambda d: d.update(followup={**FOLLOWUP, "options": FOLLOWUP_OPTIONS * 2}),
            "followup.options: values must be unique",
        ),
    ],
)
def test_a_broken_scale_file_fails_with_its_file_and_key(tmp_path: Path, change, key: str) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(PromptSetError) as caught:
        load_scale("gad7", [tmp_path])
    assert str(caught.value).startswith(f"{path}: {key}")


PHQ9_DIFFICULTY = (
    "If you checked off any problems, how difficult have these problems made it for you to do your "
    "work, take care of things at home, or get along with other people?"
)


def test_phq9_ends_with_its_unscored_difficulty_question_as_published() -> None:
    prompts = as_prompt_set(load_scale("phq9")).prompts
    assert [p.id for p in prompts] == [f"item{n}" for n in range(1, 10)] + ["difficulty"]
    difficulty = prompts[-1]
    assert (difficulty.text, difficulty.type, difficulty.optional) == (
        PHQ9_DIFFICULTY,
        "choice",
        True,
    )
    assert [(o.value, o.label) for o in difficulty.options] == [
        ("not_difficult", "Not difficult at all"),
        ("somewhat", "Somewhat difficult"),
        ("very", "Very difficult"),
        ("extremely", "Extremely difficult"),
    ]
    assert "not counted in the score" in difficulty.help
    assert validate_answer(difficulty, "3") == "very"
    assert validate_answer(difficulty, "somewhat difficult") == "somewhat"


@pytest.mark.parametrize("name", ["gad7", "pcl5", "who5"])
def test_the_other_scales_ask_only_their_items(name: str) -> None:
    scale = load_scale(name)
    assert scale.followup is None
    assert [p.id for p in as_prompt_set(scale).prompts] == [
        f"item{n}" for n in range(1, len(scale.items) + 1)
    ]


def test_difficulty_is_kept_beside_the_items_and_never_changes_the_score() -> None:
    phq9 = load_scale("phq9")
    items = [2] * 8 + [0]
    plain = score(phq9, items)
    with_difficulty = score(phq9, items, difficulty="extremely")
    assert (plain.score, plain.band, plain.risk) == (16, "moderately severe", False)
    assert (with_difficulty.score, with_difficulty.band, with_difficulty.risk) == (
        16,
        "moderately severe",
        False,
    )
    assert with_difficulty.difficulty == "extremely" and plain.difficulty is None
    band = "moderately severe"
    assert with_difficulty.as_fields() == {
        "score": 16,
        "band": band,
        "items": items,
        "difficulty": "extremely",
    }
    assert plain.as_fields() == {"score": 16, "band": band, "items": items}
    skipped_item = score(phq9, [None] + [0] * 7 + [1], difficulty="not_difficult")
    assert skipped_item.as_fields() == {
        "items": [None] + [0] * 7 + [1],
        "difficulty": "not_difficult",
    }
    assert skipped_item.risk  # the risk rule reads item 9 only, as before


def test_a_difficulty_answer_outside_the_follow_up_or_without_one_is_refused() -> None:
    with pytest.raises(InvalidAnswer, match="difficulty must be not_difficult, somewhat"):
        score(load_scale("phq9"), [0] * 9, difficulty="2")
    with pytest.raises(InvalidAnswer, match="gad7: difficulty must be nothing"):
        score(load_scale("gad7"), [0] * 7, difficulty="very")


def test_items_typed_on_the_command_line_still_map_to_the_nine_items_only() -> None:
    phq9 = load_scale("phq9")
    answers = items_as_answers(phq9, parse_items(phq9, "1,0,,2,1,0,0,3,0"))
    assert answers == {
        "phq9_item1": 1,
        "phq9_item2": 0,
        "phq9_item4": 2,
        "phq9_item5": 1,
        "phq9_item6": 0,
        "phq9_item7": 0,
        "phq9_item8": 3,
        "phq9_item9": 0,
    }


def test_a_saved_difficulty_reads_back_from_the_file_and_from_the_cache(journal: Journal) -> None:
    fields = {"phq9": score(load_scale("phq9"), [1] * 9, difficulty="somewhat").as_fields()}
    created = datetime(2026, 1, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    path = journal.save_entry(Entry(kind="checkin", created=created, fields={"scales": fields}))
    assert "difficulty: somewhat" in path.read_text()
    assert read_entry(path).fields["scales"] == fields
    for _ in range(2):  # the first scan fills the cache, the second reads from it
        [entry] = journal.scan().entries
        assert entry.fields["scales"] == fields


def test_phq9_answered_in_full_keeps_its_difficulty_answer_in_the_entry(run, journal) -> None:
    result = run("scale", "phq9", input="1\n" * 8 + "0\n" + "3\n")
    assert result.exit_code == 0, result.output
    assert "how difficult have these problems made it" in result.stdout
    [path] = journal.entry_paths()
    assert read_entry(path).fields["scales"]["phq9"] == {
        "score": 8,
        "band": "mild",
        "items": [1] * 8 + [0],
        "difficulty": "very",
    }
