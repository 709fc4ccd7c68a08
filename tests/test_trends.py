"""Trend arithmetic on its own, every figure worked out by hand in the comments: relief
durability with its gaps, the Kaplan-Meier median, thresholds in both directions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from statistics import median, median_low

from hypothesis import given
from hypothesis import strategies as st

from kjournal.journal.entry import Entry
from kjournal.questions.scales import load_scale
from kjournal.reports.trends import (
    RELIEF_FELL_BACK,
    RELIEF_HELD,
    RELIEF_NO_MOOD_BEFORE,
    RELIEF_UNKNOWN,
    KaplanMeierMedian,
    Relief,
    SessionRow,
    daily_moods,
    kaplan_meier_median,
    relief,
    relief_median_text,
    scale_rows,
    summarise,
    week_rows,
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
    # Plenty of check-ins but nothing to compare them with: said as such, not "not enough".
    assert relief(DAY, None, after(7), None).status == RELIEF_NO_MOOD_BEFORE
    assert relief(DAY, None, after(7), None).label() == "–"


def test_a_fall_back_on_the_first_day_is_zero_days() -> None:
    assert relief(DAY, 5, after(5), None).days == 0


def test_gaps_between_check_ins_count_to_the_day_before_the_fall_back() -> None:
    assert relief(DAY, 5, after(8, None, None, 3), None).days == 3


# Gaps: more than max_gap_days (3) days in a row without a check-in


def test_a_gap_of_exactly_the_allowed_days_still_gives_one_number() -> None:
    # Day 1 above, days 2-4 without check-ins (3 days, not more than 3), day 5 fell back: 4 d.
    result = relief(DAY, 5, after(8, None, None, None, 3), None)
    assert (result.status, result.low, result.high, result.gap) == (RELIEF_FELL_BACK, 4, 4, False)
    assert result.label() == "4 d"


def test_a_fall_back_after_a_long_gap_is_a_range() -> None:
    # Day 1 above (7 > 5), days 2-5 without check-ins (4 > 3), day 6 fell back (3 <= 5).
    # Known above up to day 1; it fell back on one of days 2-6, so relief lasted 1 to 5 days.
    result = relief(DAY, 5, after(7, None, None, None, None, 3), None)
    assert (result.status, result.low, result.high, result.gap) == (RELIEF_FELL_BACK, 1, 5, True)
    assert (result.days, result.label()) == (None, "1–5 d")


def test_a_long_gap_right_after_the_session_starts_the_range_at_zero() -> None:
    # Days 1-4 without check-ins, day 5 fell back: anything from 0 to 4 days.
    result = relief(DAY, 5, after(None, None, None, None, 4), None)
    assert (result.low, result.high, result.label()) == (0, 4, "0–4 d")


def test_an_early_long_gap_makes_a_later_fall_back_a_range_from_before_the_gap() -> None:
    # Day 1 above, days 2-6 missing (5 > 3), day 7 above, day 8 fell back. Mood may have dipped
    # unseen in the gap, so the first fall-back lies on day 2 at the earliest: 1 to 7 days.
    result = relief(DAY, 5, after(7, None, None, None, None, None, 8, 2), None)
    assert (result.low, result.high, result.gap) == (1, 7, True)


def test_held_after_a_long_gap_counts_only_up_to_the_check_in_before_it() -> None:
    # Day 1 above, days 2-5 missing (4 > 3), days 6 and 7 above, next session on day 9.
    # Held, censored at day 1: the only stretch seen without a hole.
    result = relief(DAY, 5, after(7, None, None, None, None, 8, 7), DAY + timedelta(days=9))
    assert (result.status, result.low, result.high, result.gap) == (RELIEF_HELD, 1, None, True)
    assert result.label() == "held 1+ d"


def test_a_gap_after_the_last_check_in_changes_nothing() -> None:
    # Days 1 and 2 above, then nothing until the next session on day 10: held at day 2.
    result = relief(DAY, 5, after(7, 7), DAY + timedelta(days=10))
    assert (result.status, result.low, result.gap, result.label()) == (
        RELIEF_HELD, 2, False, "held 2+ d"
    )  # fmt: skip


def test_the_allowed_gap_is_a_parameter() -> None:
    # Day 1 above, day 2 missing, day 3 fell back: 2 d; with no gap allowed, 1 to 2 days.
    assert relief(DAY, 5, after(8, None, 3), None).label() == "2 d"
    assert relief(DAY, 5, after(8, None, 3), None, max_gap_days=0).label() == "1–2 d"


def test_check_ins_on_the_next_session_day_do_not_count() -> None:
    # Next session on day 3: the 3 of day 3 belongs to it, so relief held for days 1 and 2.
    result = relief(DAY, 5, after(7, 7, 3), DAY + timedelta(days=3))
    assert (result.status, result.low) == (RELIEF_HELD, 2)


def test_fell_back_compares_the_days_average_check_in_mood() -> None:
    # Two check-ins on day 1, 6 and 4: their average 5 is not above the 5 before: 0 days.
    entries = [
        Entry(kind="checkin", created=datetime(2026, 3, 3, hour, tzinfo=UTC),
              fields={"ratings": {"mood": mood}})
        for hour, mood in ((9, 6), (20, 4))
    ]  # fmt: skip
    moods = daily_moods(entries)
    assert moods == {date(2026, 3, 3): 5}
    assert relief(DAY, 5, moods, None).label() == "0 d"
    assert relief(DAY, 4, moods, None).label() == "held 1+ d"


@given(
    st.lists(st.one_of(st.none(), st.integers(0, 10)), max_size=20),
    st.integers(0, 10),
    st.integers(0, 5),
)
def test_relief_agrees_with_the_check_ins_it_was_made_from(
    moods: list[int | None], before: int, max_gap: int
) -> None:
    checked = after(*moods)
    result = relief(DAY, before, checked, None, max_gap_days=max_gap)
    seen = sorted((day - DAY).days for day in checked)
    if not seen:
        assert result.status == RELIEF_UNKNOWN
        return
    fall = next((n for n in seen if checked[DAY + timedelta(days=n)] <= before), None)
    last = fall if fall is not None else seen[-1]
    # The first stretch without check-ins longer than max_gap before `last`, if any.
    known = [0, *[n for n in seen if n <= last]]
    holes = [a for a, b in pairwise(known) if b - a - 1 > max_gap]
    assert result.gap == bool(holes)
    low = holes[0] if holes else (last - 1 if fall is not None else last)
    if fall is None:
        assert (result.status, result.low, result.high) == (RELIEF_HELD, low, None)
    else:
        assert (result.status, result.low, result.high) == (RELIEF_FELL_BACK, low, fall - 1)
        assert result.is_range == bool(holes)


# The Kaplan-Meier median: (days, fell back) pairs; False is censored ("held", "at least").


def km(*pairs: tuple[int, bool]) -> KaplanMeierMedian:
    return kaplan_meier_median(pairs)


def test_km_with_every_value_fallen_back_and_an_odd_count_is_the_ordinary_median() -> None:
    # 2, 4, 7: S(2) = 2/3, S(4) = 2/3 * 1/2 = 1/3 <= 1/2: median 4, as statistics.median.
    assert km((2, True), (4, True), (7, True)) == KaplanMeierMedian(4, False, 3, 3, 0)
    assert median([2, 4, 7]) == 4


def test_km_with_an_even_count_takes_the_lower_middle_value() -> None:
    # 3, 13: S(3) = 1 - 1/2 = 1/2, already <= 1/2: median 3 (statistics.median says 8). At
    # day 3 half had fallen back; the mean of the middle two is not a day anyone observed.
    assert km((3, True), (13, True)).days == 3
    # 1, 2, 3, 4: S(1) = 3/4, S(2) = 3/4 * 2/3 = 1/2: median 2, not 2.5.
    assert km((1, True), (2, True), (3, True), (4, True)).days == 2


def test_km_with_censored_values_among_the_events() -> None:
    # fell back 1, 3, 5; held 2+, 4+.  t=1: 5 at risk, S = 4/5.  t=2: held, 3 left at risk.
    # t=3: S = 4/5 * 2/3 = 8/15 > 1/2.  t=4: held, 1 left.  t=5: S = 8/15 * 0 = 0: median 5.
    # Leaving the held ones out (the old way) would have said 3.
    result = km((1, True), (2, False), (3, True), (4, False), (5, True))
    assert result == KaplanMeierMedian(5, False, sessions=5, events=3, censored=2)


def test_km_with_more_than_half_held_says_at_least_the_longest_seen() -> None:
    # fell back 2; held 5+, 8+.  S(2) = 2/3 and never drops again: at least 8 days.
    assert km((2, True), (5, False), (8, False)) == KaplanMeierMedian(8, True, 3, 1, 2)
    # Nothing fell back: at least the longest, 4.
    assert km((3, False), (4, False)) == KaplanMeierMedian(4, True, 2, 0, 2)


def test_km_of_the_issue_example_two_days_and_held_six_plus() -> None:
    # fell back 2, held 6+.  t=2: 2 at risk, S = 1 - 1/2 = 1/2 <= 1/2: median 2, resting on
    # both sessions (the held one keeps the risk set at 2; without it S(2) would be 0).
    assert km((2, True), (6, False)) == KaplanMeierMedian(2, False, 2, 1, 1)


def test_km_counts_events_before_values_censored_on_the_same_day() -> None:
    # fell back 4, held 4+, fell back 6. At t=4 the held one was still at risk: S = 1 - 1/3 =
    # 2/3; then 1 at risk, t=6: S = 0: median 6. (Censored first would give S(4) = 1/2: 4.)
    assert km((4, False), (4, True), (6, True)).days == 6


def test_km_of_nothing_is_no_figure() -> None:
    assert km() == KaplanMeierMedian(None, False, 0, 0, 0)


def _row(number: int, result: Relief, mood_before: int | None = 5) -> SessionRow:
    return SessionRow(number, DAY + timedelta(days=7 * number), None, mood_before, None, None,
                      None, relief=result)  # fmt: skip


def test_the_summary_median_counts_a_range_as_at_least_its_low_end() -> None:
    # 3 d; 1-13 d (censored at 1); held 2+; unknown.  Sorted: 1+, 2+, 3.
    # t=1, t=2: held, 3 -> 1 at risk.  t=3: S = 1 - 1/1 = 0: median 3, from 3 of 4 sessions.
    rows = [
        _row(1, Relief(RELIEF_FELL_BACK, 3, 3)),
        _row(2, Relief(RELIEF_FELL_BACK, 1, 13, gap=True)),
        _row(3, Relief(RELIEF_HELD, 2)),
        _row(4, Relief(RELIEF_UNKNOWN)),
    ]
    summary = summarise(rows)
    assert summary.relief == KaplanMeierMedian(3, False, sessions=3, events=1, censored=2)
    assert summary.relief_ranges == 1
    assert relief_median_text(summary) == (
        "Relief lasted 3 days (median, Kaplan-Meier, from 3 of 4 sessions: 1 fell back, "
        "1 held, 1 in a range after a gap)."
    )


def test_the_summary_says_at_least_when_more_than_half_held() -> None:
    # fell back 1; held 4+, 6+.  S(1) = 2/3, never lower: at least 6 days.
    rows = [
        _row(1, Relief(RELIEF_FELL_BACK, 1, 1)),
        _row(2, Relief(RELIEF_HELD, 4)),
        _row(3, Relief(RELIEF_HELD, 6)),
    ]
    assert relief_median_text(summarise(rows)) == (
        "Relief lasted at least 6 days (median, Kaplan-Meier, from 3 sessions: 1 fell back, "
        "2 held)."
    )


def test_the_summary_without_any_relief_value_has_no_sentence() -> None:
    assert relief_median_text(summarise([_row(1, Relief(RELIEF_UNKNOWN))])) is None


observations = st.lists(st.tuples(st.integers(0, 30), st.booleans()), min_size=1, max_size=25)


@given(observations)
def test_km_median_lies_between_the_shortest_and_longest_time(data) -> None:
    result = kaplan_meier_median(data)
    times = [t for t, _ in data]
    assert result.days is not None
    assert min(times) <= result.days <= max(times)
    assert (result.sessions, result.events) == (len(data), sum(e for _, e in data))


@given(st.lists(st.integers(0, 30), min_size=1, max_size=25))
def test_km_median_without_censoring_is_the_lower_median(times: list[int]) -> None:
    assert kaplan_meier_median((t, True) for t in times) == KaplanMeierMedian(
        median_low(times), False, len(times), len(times), 0
    )


@given(observations, st.integers(1, 10))
def test_a_held_value_longer_than_every_other_never_lowers_the_median(data, beyond: int) -> None:
    before = kaplan_meier_median(data)
    longest = max(t for t, _ in data) + beyond
    later = kaplan_meier_median([*data, (longest, False)])
    assert before.days is not None and later.days is not None
    assert later.days >= before.days
    assert later.at_least >= before.at_least  # once "at least", it stays so


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


def test_one_score_is_one_score_and_claims_no_change() -> None:
    [row] = scale_rows(_scored("phq9", 12), {"phq9": load_scale("phq9")})
    assert (row.scores, row.baseline, row.latest) == (1, 12, 12)
    assert (row.change, row.change_percent, row.meaningful, row.better) == (None,) * 4
    assert (row.response, row.remission) == (None, None)
    assert row.change_label() == "one score"
    assert row.as_record()["change"] is None


def test_a_change_from_zero_has_no_percent_and_no_response() -> None:
    # 0 -> 6: +6 points, meaningful (5), worse; 6 is not a percentage of 0, and a 50 % drop
    # from 0 is no question to answer. Remission: the first score was already below 5.
    [row] = scale_rows(_scored("phq9", 0, 6), {"phq9": load_scale("phq9")})
    assert (row.change, row.change_percent, row.meaningful, row.better) == (6, None, True, False)
    assert (row.response, row.remission, row.change_label()) == (None, None, "+6")


def test_remission_needs_a_first_score_at_or_above_five() -> None:
    phq9 = {"phq9": load_scale("phq9")}
    # 3 -> 2: below 5 all along, so "remission" would claim a recovery that never was.
    [row] = scale_rows(_scored("phq9", 3, 2), phq9)
    assert (row.change, row.change_percent, row.remission) == (-1, -33.3, None)
    assert row.response is False  # 1 point is not half of 3
    # 5 -> 4: from exactly 5 to below it is remission; 1 of 5 (20 %) is no response.
    [row] = scale_rows(_scored("phq9", 5, 4), phq9)
    assert (row.change_percent, row.response, row.remission) == (-20.0, False, True)


def test_response_is_a_drop_of_at_least_half_the_first_score() -> None:
    phq9 = {"phq9": load_scale("phq9")}
    # 15 -> 8: a drop of 7 is less than 7.5 (half of 15): no.  15 -> 7: 8 >= 7.5: yes.
    assert scale_rows(_scored("phq9", 15, 8), phq9)[0].response is False
    assert scale_rows(_scored("phq9", 15, 7), phq9)[0].response is True


def test_week_averages_say_how_many_ratings_they_rest_on() -> None:
    # Week of Mon 5 Jan 2026: moods 4, 7 and one entry with anxiety only; Sunday 11 Jan counts.
    entries = [
        Entry(kind="checkin", created=datetime(2026, 1, day, 9, tzinfo=UTC),
              fields={"ratings": ratings})
        for day, ratings in ((5, {"mood": 4}), (7, {"anxiety": 6}), (11, {"mood": 7}))
    ]  # fmt: skip
    [week] = week_rows(entries)
    assert (week.week, week.mood, week.mood_ratings, week.anxiety, week.anxiety_ratings) == (
        "2026-W02", 5.5, 2, 6, 1
    )  # fmt: skip
    assert week.entries == 3
    # From Wednesday 7 Jan on, the same week holds only what came from that day: 7 and 6.
    [week] = week_rows(entries, since=date(2026, 1, 7))
    assert (week.mood, week.mood_ratings, week.anxiety, week.entries) == (7, 1, 6, 2)
