"""Trend arithmetic on its own: relief durability, thresholds in both directions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kjournal.entry import Entry
from kjournal.scales import load_scale
from kjournal.trends import (
    RELIEF_FELL_BACK,
    RELIEF_HELD,
    RELIEF_UNKNOWN,
    relief,
    scale_rows,
    worsening_notes,
)

DAY = date(2026, 3, 2)


def after(*moods: float | None) -> dict[date, float]:
    return {DAY + timedelta(days=i): m for i, m in enumerate(moods, 1) if m is not None}


def test_relief_example_from_the_issue_is_three_days() -> None:
    result = relief(DAY, 5, after(7, 7, 6, 4), None)
    assert (result.days, result.status) == (3, RELIEF_FELL_BACK)


def test_relief_that_never_fell_back_before_the_next_session_is_held() -> None:
    result = relief(DAY, 5, after(7, 7, 6, 6, 2), until=DAY + timedelta(days=5))
    assert (result.days, result.status) == (4, RELIEF_HELD)


def test_relief_without_check_ins_or_a_before_mood_is_unknown() -> None:
    assert relief(DAY, 5, {}, None).status == RELIEF_UNKNOWN
    assert relief(DAY, None, after(7), None).status == RELIEF_UNKNOWN


def test_a_fall_back_on_the_first_day_is_zero_days() -> None:
    assert relief(DAY, 5, after(5), None).days == 0


def test_gaps_between_check_ins_count_to_the_day_before_the_fall_back() -> None:
    assert relief(DAY, 5, after(8, None, None, 3), None).days == 3


def _scored(name: str, *scores: int) -> list[Entry]:
    tz = UTC
    return [
        Entry(kind="checkin", created=datetime(2026, 1, 1 + 7 * i, tzinfo=tz),
              fields={"scales": {name: {"score": s}}})
        for i, s in enumerate(scores)
    ]  # fmt: skip


def test_phq9_response_and_remission() -> None:
    [row] = scale_rows(_scored("phq9", 16, 4), {"phq9": load_scale("phq9")})
    assert (row.change, row.change_percent, row.meaningful, row.better) == (-12, -75.0, True, True)
    assert (row.response, row.remission, row.latest_band) == (True, True, "minimal")


def test_phq9_response_needs_half_the_baseline() -> None:
    [row] = scale_rows(_scored("phq9", 16, 9), {"phq9": load_scale("phq9")})
    assert (row.response, row.remission) == (False, False)


def test_who5_is_better_when_higher_and_a_drop_is_the_worsening() -> None:
    who5 = {"who5": load_scale("who5")}
    [row] = scale_rows(_scored("who5", 40, 60), who5)
    assert (row.meaningful, row.better) == (True, True)
    assert worsening_notes(_scored("who5", 40, 60), who5) == []
    assert worsening_notes(_scored("who5", 60, 48), who5) == [
        "Your WHO-5 went from 60 to 48 since 1 January. "
        "A change this size is worth telling your care team about."
    ]


def test_a_rise_below_the_meaningful_change_gets_no_note() -> None:
    assert worsening_notes(_scored("gad7", 5, 8), {"gad7": load_scale("gad7")}) == []
    assert len(worsening_notes(_scored("gad7", 5, 9), {"gad7": load_scale("gad7")})) == 1
