"""The clinician report: one honest chart per questionnaire, a mood line that does not invent data
across gaps, tables that wrap and print, and the same facts in Markdown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from kjournal import export
from kjournal.entry import Entry
from kjournal.scales import SCALE_NAMES, Scale, load_scale
from kjournal.store import Journal
from tests.conftest import TZ
from tests.report_demo import demo_entries, save_demo

GENERATED = datetime(2026, 2, 21, 10, 0)


@pytest.fixture(scope="module")
def scales() -> dict[str, Scale]:
    return {name: load_scale(name) for name in SCALE_NAMES}


def at(day: str, hour: int = 20) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ)


def checkin(day: str, **fields: Any) -> Entry:
    return Entry(kind="checkin", created=at(day), fields=fields)


def md_report(entries: list[Entry], scales: dict[str, Scale]) -> str:
    return export.render("md", entries, scales, include_text=False, generated=GENERATED)


def test_a_period_with_one_score_says_so_instead_of_a_change(scales) -> None:
    entries = [checkin("2026-03-01", scales={"phq9": {"score": 12, "items": [2] * 6 + [0] * 3}})]
    md = md_report(entries, scales)
    assert (
        "| PHQ-9 | 1 | 12 (2026-03-01) | 12 (2026-03-01) | one score | – | – | – | moderate |" in md
    )
    assert "+0" not in md and "not meaningful" not in md
    assert "Period: 2026-03-01 to 2026-03-01, 1 entry." in md
    page = export.render("html", entries, scales, include_text=False, generated=GENERATED)
    assert "<td>one score</td>" in page and "<td>no</td>" not in page


def html_report(entries: list[Entry], scales: dict[str, Scale]) -> str:
    return export.render("html", entries, scales, include_text=True, generated=GENERATED)


def test_the_risk_list_says_which_answer_signalled_risk(scales) -> None:
    entries = demo_entries()
    for text in (html_report(entries, scales), md_report(entries, scales)):
        assert "2026-02-02: PHQ-9 item 9 = 2" in text
        assert text.count("signalled risk") == 1  # listed once, with the answer, not twice


def test_risk_without_a_scale_item_is_a_question_marked_for_risk(scales) -> None:
    phq9_items = [1, 1, 1, 1, 0, 0, 0, 0, 1]
    entries = [
        checkin("2026-03-01", risk=True, ratings={"mood": 3}),
        # An older or hand-edited file: the answer signalled risk though the flag is missing.
        checkin("2026-03-05", scales={"phq9": {"score": 5, "items": phq9_items}}),
        checkin("2026-03-06", scales={"phq9": {"score": 4, "items": [1, 1, 1, 1, 0, 0, 0, 0]}}),
    ]
    for text in (html_report(entries, scales), md_report(entries, scales)):
        assert "2026-03-01: a question marked for risk" in text
        assert "2026-03-05: PHQ-9 item 9 = 1" in text
        assert "2026-03-06:" not in text


@pytest.fixture
def demo_journal(journal: Journal) -> Journal:
    save_demo(journal)
    return journal


def test_export_md_command_lists_the_risk_answer(run, demo_journal) -> None:
    risky = run("export", "--until", "2026-02-03").stdout
    assert "- Answers that signalled risk:\n  - 2026-02-02: PHQ-9 item 9 = 2\n" in risky
    assert "signalled risk" not in run("export", "--since", "2026-02-10").stdout
