"""The clinician report: one honest chart per questionnaire, a mood line that does not invent data
across gaps, tables that wrap and print, and the same facts in Markdown."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from kjournal import export
from kjournal.entry import Entry
from kjournal.scales import SCALE_NAMES, Scale, load_scale
from tests.conftest import TZ

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
