"""Validated scales: scored as published, bands as data, a broken scale file named with its key."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.errors import InvalidAnswer, PromptSetError, UsageError
from kjournal.scales import SCALE_NAMES, available_scales, load_scale, score
from kjournal.yamlio import dump_yaml, load_yaml

SPITZER = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues"


def test_every_packaged_scale_loads_and_no_licensed_scale_ships() -> None:
    assert available_scales() == sorted(SCALE_NAMES)
    for name in SCALE_NAMES:
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
    ],
)
def test_a_broken_scale_file_fails_with_its_file_and_key(tmp_path: Path, change, key: str) -> None:
    path = _broken(tmp_path, change)
    with pytest.raises(PromptSetError) as caught:
        load_scale("gad7", [tmp_path])
    assert str(caught.value).startswith(f"{path}: {key}")
