"""Where prompt sets come from and which questionnaires a report loads, decided in the core."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from kjournal.journal.entry import Entry
from kjournal.questions.catalogue import scale_names
from kjournal.questions.prompts import load_prompt_set
from kjournal.questions.sources import loadable_scales, prompt_dirs, report_scale_names

WHEN = datetime(2026, 1, 5, 9, tzinfo=UTC)


def _scored(*names: str) -> Entry:
    return Entry(kind="questionnaire", created=WHEN, fields={"scales": {n: {} for n in names}})


def _checkin_prompts(folder: Path, title: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = f"title: {title}\nprompts:\n  - {{id: mood, type: rating, text: Mood?}}\n"
    (folder / "checkin.yaml").write_text(text)
    return folder


def test_the_journal_s_own_prompts_come_before_the_configured_folder(tmp_path: Path) -> None:
    own = tmp_path / "journal" / "prompts"
    clinic = tmp_path / "clinic"
    assert prompt_dirs(own, None) == [own]
    assert prompt_dirs(own, clinic) == [own, clinic]
    _checkin_prompts(clinic, "The clinic's")
    assert load_prompt_set("checkin", prompt_dirs(own, clinic)).title == "The clinic's"
    _checkin_prompts(own, "My own")
    assert load_prompt_set("checkin", prompt_dirs(own, clinic)).title == "My own"


def test_a_scale_that_does_not_load_is_left_out_of_a_report(tmp_path: Path) -> None:
    broken = tmp_path / "prompts"
    (broken / "scales").mkdir(parents=True)
    (broken / "scales" / "gad7.yaml").write_text("id: gad7\nitems: not a list\n")
    found = loadable_scales(["phq9", "gad7", "no_such_scale", "../x"], [broken])
    assert list(found) == ["phq9"]


def test_trends_load_the_packaged_questionnaires_used_then_the_person_s_own() -> None:
    entries = [_scored("who5", "zeta"), _scored("phq9"), _scored("alpha", "phq9")]
    packaged = [name for name in scale_names() if name in ("phq9", "who5")]  # in their order
    assert packaged == ["phq9", "who5"]
    assert report_scale_names(entries, every_packaged=False) == [*packaged, "alpha", "zeta"]
    assert report_scale_names([], every_packaged=False) == []


def test_an_export_loads_every_packaged_questionnaire_then_the_person_s_own() -> None:
    entries = [_scored("zeta"), _scored("gad7")]
    assert report_scale_names(entries, every_packaged=True) == [*scale_names(), "zeta"]
