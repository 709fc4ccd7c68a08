"""`kjournal trends` on a small journal whose every number was worked out by hand."""

from __future__ import annotations

import json

import pytest

from kjournal.journal.store import Journal
from tests.helpers import make_entry


@pytest.fixture
def three_sessions(journal: Journal) -> Journal:
    # Session 1: mood 3 -> 6 (+3), anxiety 7 -> 4. Session 2: mood 4 -> 8 (+4), anxiety 6 -> 2.
    # Session 3: mood 5 before, no integration yet. Average change (3 + 4) / 2 = 3.5.
    make_entry(
        journal, "intention", "2026-01-05 09:00", 1, route="iv", ratings={"mood": 3, "anxiety": 7}
    )
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 6, "anxiety": 4})
    make_entry(
        journal, "intention", "2026-01-12 09:00", 2, route="im", ratings={"mood": 4, "anxiety": 6}
    )
    make_entry(journal, "integration", "2026-01-13 10:00", 2, ratings={"mood": 8, "anxiety": 2})
    make_entry(journal, "intention", "2026-01-19 09:00", 3, route="nasal", ratings={"mood": 5})
    return journal


def test_table_shows_each_session_and_the_summary(run, three_sessions) -> None:
    result = run("trends", "--view", "sessions")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "1 │ 2026-01-05 │ iv │ 3 → 6 │ +3 │ 7 → 4 │ – │ – │ –" in lines
    assert "2 │ 2026-01-12 │ im │ 4 → 8 │ +4 │ 6 → 2 │ – │ – │ –" in lines
    assert "3 │ 2026-01-19 │ nasal │ 5 → – │ – │ – │ – │ – │ –" in lines
    assert "Sessions so far: 3" in lines
    assert "Average mood change within a session: +3.5 (2 sessions rated before and after)" in lines
    assert "Mood before session 1 (2026-01-05): 3; before session 3 (2026-01-19): 5" in lines
    assert not any(line.startswith("Relief lasted") for line in lines)  # no check-ins at all
    # moods 3, 6, 4, 8, 5 on a fixed 0-10 scale of eight bars
    assert "Mood over time (0-10): ▃▅▄▇▅ latest 5" in lines
    assert "not a clinical measure" in result.stdout


def test_csv_is_clean_for_piping(run, three_sessions) -> None:
    result = run("trends", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "session,date,route,mood_before,mood_after,mood_change,anxiety_before,anxiety_after,"
        "anxiety_change,phq9_before,gad7_before,relief_days,relief,relief_low,relief_high,"
        "relief_gap",
        "1,2026-01-05,iv,3,6,3,7,4,-3,,,,not enough check-ins,,,False",
        "2,2026-01-12,im,4,8,4,6,2,-4,,,,not enough check-ins,,,False",
        "3,2026-01-19,nasal,5,,,,,,,,,not enough check-ins,,,False",
    ]
    assert result.stderr == ""


def test_json_has_sessions_summary_and_every_mood(run, three_sessions) -> None:
    data = json.loads(run("trends", "--format", "json").stdout)
    assert data["summary"] == {
        "sessions": 3,
        "first_session": 1,
        "last_session": 3,
        "since": None,
        "average_mood_change": 3.5,
        "mood_change_sessions": 2,
        "first_mood_before": 3,
        "first_mood_before_session": 1,
        "first_mood_before_date": "2026-01-05",
        "last_mood_before": 5,
        "last_mood_before_session": 3,
        "last_mood_before_date": "2026-01-19",
        "relief_ranges": 0,
        "relief_max_gap_days": 3,
        "relief_median_days": None,
        "relief_median_at_least": False,
        "relief_sessions": 0,
        "relief_events": 0,
        "relief_censored": 0,
    }
    assert data["sessions"][1]["mood_change"] == 4
    assert [p["mood"] for p in data["mood"]] == [3, 6, 4, 8, 5]
    assert data["mood"][0]["created"] == "2026-01-05T09:00:00+01:00"


def test_since_keeps_later_sessions_only(run, three_sessions) -> None:
    data = json.loads(run("trends", "--format", "json", "--since", "2026-01-10").stdout)
    assert [s["session"] for s in data["sessions"]] == [2, 3]
    summary = data["summary"]
    assert (summary["sessions"], summary["since"]) == (2, "2026-01-10")
    assert (summary["first_session"], summary["last_session"]) == (2, 3)
    # Only session 2 has a mood after: +4 over one session.
    assert (summary["average_mood_change"], summary["mood_change_sessions"]) == (4, 1)
    assert (summary["first_mood_before"], summary["first_mood_before_session"]) == (4, 2)
    assert (summary["last_mood_before"], summary["last_mood_before_session"]) == (5, 3)


def test_bad_since_date_is_one_clear_line(run, three_sessions) -> None:
    result = run("trends", "--since", "last week")
    assert result.exit_code == 2
    assert result.stderr == (
        "kjournal: --since: 'last week' is not a date; use YYYY-MM-DD, e.g. 2026-01-31\n"
    )


def test_unknown_format_is_refused(run, three_sessions) -> None:
    result = run("trends", "--format", "xml")
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_empty_journal_gets_a_friendly_hint(run) -> None:
    result = run("trends")
    assert result.exit_code == 0
    assert "No entries yet" in result.stdout
    assert "kjournal intend" in result.stdout
    assert "│" not in result.stdout


def test_a_broken_file_is_named_and_the_rest_still_shows(run, three_sessions) -> None:
    bad = three_sessions.entries_dir / "2026" / "01" / "2026-01-20T0900-checkin.md"
    bad.write_text("---\nkind: checkin\n")
    result = run("trends", "--format", "csv")
    assert "│" not in result.stdout
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        f"kjournal: could not read {bad}:1: the front matter has no closing '---' line (left as is)"
    )
    assert len(result.stdout.splitlines()) == 4


@pytest.fixture
def clinical(journal: Journal) -> Journal:
    """A month worked through by hand in the comments of the tests below."""
    make_entry(
        journal,
        "checkin",
        "2026-01-01 09:00",
        ratings={"mood": 4},
        scales={"phq9": {"score": 16}, "gad7": {"score": 12}},
    )
    make_entry(
        journal, "intention", "2026-01-05 09:00", 1, route="iv", ratings={"mood": 5, "anxiety": 7}
    )
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 8, "anxiety": 3})
    for day, mood in [(6, 7), (7, 7), (8, 6), (9, 4)]:
        make_entry(
            journal, "checkin", f"2026-01-{day:02d} 20:00", ratings={"mood": mood, "anxiety": 5}
        )
    make_entry(
        journal,
        "checkin",
        "2026-01-11 09:00",
        ratings={"mood": 4},
        scales={"phq9": {"score": 8}, "gad7": {"score": 9}},
    )
    make_entry(
        journal, "intention", "2026-01-12 09:00", 2, route="im", ratings={"mood": 4, "anxiety": 6}
    )
    make_entry(journal, "integration", "2026-01-12 18:00", 2, ratings={"mood": 7, "anxiety": 2})
    make_entry(journal, "checkin", "2026-01-13 20:00", ratings={"mood": 6})
    make_entry(
        journal, "checkin", "2026-01-26 09:00", ratings={"mood": 3}, scales={"phq9": {"score": 14}}
    )
    return journal


def test_sessions_show_pre_session_scores_and_how_long_relief_lasted(run, clinical) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "sessions").stdout)
    first, second = data["sessions"]
    # Session 1: the scales of 1 Jan are 4 days before; mood before 5, check-ins 7, 7, 6 then
    # 4 on 9 Jan: relief held for 3 days (6, 7, 8 Jan).
    assert (first["phq9_before"], first["gad7_before"]) == (16, 12)
    assert (first["relief_days"], first["relief"]) == (3, "fell back")
    assert (first["relief_low"], first["relief_high"], first["relief_gap"]) == (3, 3, False)
    # Session 2: scales of 11 Jan; mood before 4, 6 on 13 Jan, then no check-in for 12 days
    # (14-25 Jan, more than 3), 3 on 26 Jan: it fell back somewhere in 14-26 Jan, so relief
    # lasted 1 to 13 days. (This used to say exactly 13.)
    assert (second["phq9_before"], second["gad7_before"]) == (8, 9)
    assert (second["relief_days"], second["relief"]) == (None, "fell back")
    assert (second["relief_low"], second["relief_high"], second["relief_gap"]) == (1, 13, True)
    # Kaplan-Meier: 1+ (the range, censored at its low end), then 3: at t=3 one at risk, S = 0:
    # median 3. (This used to say 8, the mean of 3 and an uncertain 13.)
    summary = data["summary"]
    assert (summary["relief_median_days"], summary["relief_median_at_least"]) == (3, False)
    assert (summary["relief_sessions"], summary["relief_events"]) == (2, 1)
    assert (summary["relief_censored"], summary["relief_ranges"]) == (1, 1)
    assert summary["average_mood_change"] == 3


def test_scales_compare_first_and_latest_against_their_thresholds(run, clinical) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "scales").stdout)
    phq9, gad7 = data["scales"]
    assert phq9 == {
        "scale": "PHQ-9", "scores": 3, "baseline": 16, "baseline_date": "2026-01-01",
        "latest": 14, "latest_date": "2026-01-26", "change": -2, "change_percent": -12.5,
        "meaningful": False, "response": False, "remission": False, "latest_band": "moderate",
    }  # fmt: skip
    assert (gad7["change"], gad7["change_percent"], gad7["meaningful"]) == (-3, -25.0, False)
    assert (gad7["response"], gad7["latest_band"]) == (None, "mild")  # no response rule for GAD-7
    # PHQ-9 rose 8 -> 14, at least its meaningful change of 5: a neutral note, no risk talk.
    assert data["notes"] == [
        "Your PHQ-9 went from 8 to 14 since 11 January. "
        "A change this size is worth telling your care team about."
    ]


def test_weeks_average_every_entry_and_keep_gaps(run, clinical) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "weeks").stdout)
    assert [(w["week"], w["mood"], w["anxiety"], w["entries"]) for w in data["weeks"]] == [
        ("2026-W01", 4, None, 1),
        ("2026-W02", 5.9, 5, 7),  # moods 5 8 7 7 6 4 4 = 41 / 7; anxiety 7 3 5 5 5 5 = 30 / 6
        ("2026-W03", 5.7, 4, 3),  # moods 4 7 6 = 17 / 3; anxiety 6 2
        ("2026-W04", None, None, 0),
        ("2026-W05", 3, None, 1),
    ]
    table = run("trends", "--view", "weeks").stdout
    assert "Weekly mood (0-10): ▄▅▅ ▃" in table


def test_clinical_table_view_names_bands_as_information(run, clinical) -> None:
    result = run("trends")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "PHQ-9 │ 16 (1 Jan) │ 14 (26 Jan) │ -2 (-12.5%) │ no │ moderate" in text
    assert "not a diagnosis" in text
    assert "worth telling your care team" in text
    assert "│ 3 d" in text and "│ 1–13 d" in text
    assert "13 d" not in text.replace("1–13 d", "")


@pytest.mark.parametrize("view", ["sessions", "scales", "weeks"])
def test_every_view_has_csv(run, clinical, view: str) -> None:
    result = run("trends", "--format", "csv", "--view", view)
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert rows and header.count(",") == rows[0].count(",")


def test_csv_of_all_views_at_once_is_refused_with_a_hint(run, clinical) -> None:
    result = run("trends", "--format", "csv", "--view", "all")
    assert result.exit_code == 2
    assert "choose --view sessions, scales or weeks" in result.stderr


def test_weeks_say_how_many_ratings_each_average_rests_on(run, clinical) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "weeks").stdout)
    counts = [(w["week"], w["mood_ratings"], w["anxiety_ratings"]) for w in data["weeks"]]
    assert counts == [
        ("2026-W01", 1, 0),
        ("2026-W02", 7, 6),
        ("2026-W03", 3, 2),
        ("2026-W04", 0, 0),
        ("2026-W05", 1, 0),
    ]
    text = " ".join(run("trends", "--view", "weeks").stdout.split())
    assert "2026-W02 │ 05 Jan │ 5.9 (7) │ 5 (6) │ 7" in text
    assert "2026-W04 │ 19 Jan │ – │ – │ 0" in text
    assert "average of every 0-10 rating that week" in text


def test_weeks_from_a_since_date_say_the_first_week_is_partial(run, clinical) -> None:
    # From Thu 8 Jan: week 2 holds the check-ins of 8, 9 and 11 Jan: moods 6, 4, 4 = 14 / 3 =
    # 4.7, anxiety 5, 5 = 5 (the 11 Jan one has none); 3 entries.
    result = run("trends", "--view", "weeks", "--since", "2026-01-08")
    text = " ".join(result.stdout.split())
    assert "2026-W02 │ 05 Jan │ 4.7 (3) │ 5 (2) │ 3" in text
    assert "The first week counts from 2026-01-08." in text


@pytest.fixture
def relief_journal(journal: Journal) -> Journal:
    """Four sessions a week apart, with daily check-ins, worked out in the tests below."""

    def checkins(days: range, month: int, mood: int) -> None:
        for day in days:
            make_entry(
                journal, "checkin", f"2026-{month:02d}-{day:02d} 20:00", ratings={"mood": mood}
            )

    # Session 1, Mon 26 Jan, mood 3 -> 6: check-ins 5 on 27-30 Jan, 3 on 31 Jan: 4 d.
    make_entry(journal, "intention", "2026-01-26 09:00", 1, ratings={"mood": 3})
    make_entry(journal, "integration", "2026-01-26 18:00", 1, ratings={"mood": 6})
    checkins(range(27, 31), 1, 5)
    checkins(range(31, 32), 1, 3)
    # Session 2, Mon 2 Feb, mood 4 -> 7: 6 on 3 and 4 Feb, 3 on 5 Feb: 2 d.
    make_entry(journal, "intention", "2026-02-02 09:00", 2, ratings={"mood": 4})
    make_entry(journal, "integration", "2026-02-02 18:00", 2, ratings={"mood": 7})
    checkins(range(3, 5), 2, 6)
    checkins(range(5, 6), 2, 3)
    # Session 3, Mon 9 Feb, mood 4 -> 8: 7 on 10-15 Feb, next session 16 Feb: held 6+ d.
    make_entry(journal, "intention", "2026-02-09 09:00", 3, ratings={"mood": 4})
    make_entry(journal, "integration", "2026-02-09 18:00", 3, ratings={"mood": 8})
    checkins(range(10, 16), 2, 7)
    # Session 4, Mon 16 Feb, mood 5, no check-ins since: –.
    make_entry(journal, "intention", "2026-02-16 09:00", 4, ratings={"mood": 5})
    return journal


def test_held_relief_counts_towards_the_median_as_censored(run, relief_journal) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "sessions").stdout)
    assert [(s["relief"], s["relief_days"]) for s in data["sessions"]] == [
        ("fell back", 4), ("fell back", 2), ("held", 6), ("not enough check-ins", None),
    ]  # fmt: skip
    # Sorted 2, 4, 6+. t=2: 3 at risk, S = 2/3. t=4: 2 at risk, S = 2/3 * 1/2 = 1/3 <= 1/2:
    # median 4. (Over the fallen-back ones only, the old way, it said (2 + 4) / 2 = 3.)
    summary = data["summary"]
    assert (summary["relief_median_days"], summary["relief_median_at_least"]) == (4, False)
    assert (summary["relief_sessions"], summary["relief_events"], summary["relief_censored"]) == (
        3, 2, 1,
    )  # fmt: skip
    # Mood change +3, +3, +4 over 3 sessions: 10 / 3 = 3.3.
    assert (summary["average_mood_change"], summary["mood_change_sessions"]) == (3.3, 3)
    lines = [
        " ".join(line.split()) for line in run("trends", "--view", "sessions").stdout.splitlines()
    ]
    assert "Sessions so far: 4" in lines
    assert "Average mood change within a session: +3.3 (3 sessions rated before and after)" in lines
    assert "Mood before session 1 (2026-01-26): 3; before session 4 (2026-02-16): 5" in lines
    text = " ".join(lines)
    assert (
        "Relief lasted 4 days (median, Kaplan-Meier, from 3 of 4 sessions: 2 fell back, 1 held)."
        in text
    )
    assert "│ 4 d" in text and "│ 2 d" in text and "│ held 6+ d" in text


def test_since_gives_the_issue_example_and_labels_the_period(run, relief_journal) -> None:
    data = json.loads(run("trends", "--format", "json", "--since", "2026-02-01").stdout)
    # Sessions 2-4: 2 d, held 6+ d, –. t=2: 2 at risk (the held one among them), S = 1/2:
    # median 2, resting on 2 of the 3 sessions in the period.
    summary = data["summary"]
    assert (summary["sessions"], summary["since"]) == (3, "2026-02-01")
    assert (summary["relief_median_days"], summary["relief_sessions"]) == (2, 2)
    assert (summary["relief_events"], summary["relief_censored"]) == (1, 1)
    # Mood change +3 and +4 over the 2 sessions rated before and after in the period: 3.5.
    assert (summary["average_mood_change"], summary["mood_change_sessions"]) == (3.5, 2)
    result = run("trends", "--view", "sessions", "--since", "2026-02-01")
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "Sessions from 2026-02-01 on: 3 (sessions 2–4)" in lines
    assert not any("so far" in line for line in lines)
    assert "Average mood change within a session: +3.5 (2 sessions rated before and after)" in lines
    assert "Mood before session 2 (2026-02-02): 4; before session 4 (2026-02-16): 5" in lines
    assert (
        "Relief lasted 2 days (median, Kaplan-Meier, from 2 of 3 sessions: 1 fell back, 1 held)."
        in " ".join(lines)
    )


def test_more_than_half_held_says_at_least(run, journal: Journal) -> None:
    # Session 1 (mood 4): 6, 6, then 2: 2 d. Session 2 (mood 4): 6 on 13-16 Jan, next session
    # 19 Jan: held 4+ d. Session 3 (mood 4): 6 on 20-24 Jan: held 5+ d.
    # Sorted 2, 4+, 5+: S(2) = 2/3 and it never drops again: at least 5 days.
    for number, day in ((1, 5), (2, 12), (3, 19)):
        make_entry(journal, "intention", f"2026-01-{day:02d} 09:00", number, ratings={"mood": 4})
    for day, mood in [(6, 6), (7, 6), (8, 2), (13, 6), (14, 6), (15, 6), (16, 6)] + [
        (d, 6) for d in range(20, 25)
    ]:
        make_entry(journal, "checkin", f"2026-01-{day:02d} 20:00", ratings={"mood": mood})
    data = json.loads(run("trends", "--format", "json", "--view", "sessions").stdout)
    assert (data["summary"]["relief_median_days"], data["summary"]["relief_median_at_least"]) == (
        5, True,
    )  # fmt: skip
    text = " ".join(run("trends", "--view", "sessions").stdout.split())
    assert "│ 2 d" in text and "│ held 4+ d" in text and "│ held 5+ d" in text
    assert (
        "Relief lasted at least 5 days (median, Kaplan-Meier, from 3 sessions: 1 fell back, "
        "2 held)." in text
    )


def test_the_footnote_says_what_relief_counts(run, clinical) -> None:
    text = " ".join(run("trends", "--view", "sessions").stdout.split())
    for part in (
        "stayed above the mood before the session",
        "check-in days from the day after it to the day before the next session",
        "fell back on the first day at or below",
        "held N+ d: still above at the last check-in",
        "More than 3 days without a check-in make it uncertain",
        "Kaplan-Meier",
    ):
        assert part in text


def test_the_allowed_gap_comes_from_the_config(run, clinical, tmp_path) -> None:
    # Session 2's gap is 14-25 Jan, 12 days: allowed when up to 12 are, so exactly 13 d again,
    # and Kaplan-Meier over 3 and 13: S(3) = 1/2: median 3.
    (tmp_path / "config.yaml").write_text("relief_max_gap_days: 12\n")
    data = json.loads(run("trends", "--format", "json", "--view", "sessions").stdout)
    assert [s["relief_days"] for s in data["sessions"]] == [3, 13]
    assert (data["summary"]["relief_median_days"], data["summary"]["relief_events"]) == (3, 2)
    assert data["summary"]["relief_max_gap_days"] == 12
    assert "More than 12 days without a check-in" in " ".join(run("trends").stdout.split())


@pytest.mark.parametrize("value", ["-1", "true", "'3'", "2.5"])
def test_a_bad_allowed_gap_in_the_config_is_one_warning_and_the_default(
    run, clinical, tmp_path, value
) -> None:
    (tmp_path / "config.yaml").write_text(f"relief_max_gap_days: {value}\n")
    result = run("trends")
    assert result.exit_code == 0
    assert "relief_max_gap_days must be a whole number of days" in result.stderr
    assert "using the default settings for now" in result.stderr
    assert "More than 3 days without a check-in" in " ".join(result.stdout.split())


@pytest.fixture
def one_phq9(journal: Journal) -> Journal:
    make_entry(journal, "checkin", "2026-01-05 09:00", scales={"phq9": {"score": 12}})
    make_entry(journal, "checkin", "2026-01-12 09:00", scales={"gad7": {"score": 0}})
    make_entry(journal, "checkin", "2026-01-19 09:00", scales={"gad7": {"score": 6}})
    return journal


def test_one_score_says_one_score_and_a_baseline_of_zero_has_no_percent(run, one_phq9) -> None:
    data = json.loads(run("trends", "--format", "json", "--view", "scales").stdout)
    phq9, gad7 = data["scales"]
    assert (phq9["scores"], phq9["change"], phq9["change_percent"]) == (1, None, None)
    assert (phq9["meaningful"], phq9["response"], phq9["remission"]) == (None, None, None)
    # GAD-7 0 -> 6: +6, at least its meaningful change of 4; no percent of 0.
    assert (gad7["change"], gad7["change_percent"], gad7["meaningful"]) == (6, None, True)
    text = " ".join(run("trends", "--view", "scales").stdout.split())
    assert "PHQ-9 │ 12 (5 Jan) │ 12 (5 Jan) │ one score │ – │ moderate" in text
    assert "GAD-7 │ 0 (12 Jan) │ 6 (19 Jan) │ +6 │ yes, worse │ mild" in text
    assert "+0" not in text


def test_scales_from_a_since_date_say_first_means_first_in_the_period(run, clinical) -> None:
    text = " ".join(run("trends", "--view", "scales", "--since", "2026-01-10").stdout.split())
    # From 10 Jan: PHQ-9 8 -> 14 (+6, +75%, meaningful, worse), GAD-7 9 alone: one score.
    assert "PHQ-9 │ 8 (11 Jan) │ 14 (26 Jan) │ +6 (+75%) │ yes, worse │ moderate" in text
    assert "GAD-7 │ 9 (11 Jan) │ 9 (11 Jan) │ one score │ – │ mild" in text
    assert "your first and latest score from 2026-01-10 on" in text


def test_the_report_for_a_clinician_says_what_each_figure_rests_on(run, relief_journal) -> None:
    result = run("export", "--since", "2026-02-01")
    assert result.exit_code == 0, result.output
    report = result.stdout
    # The period holds sessions 2-4 and the check-ins from 1 Feb: the same figures as trends
    # --since 2026-02-01 (see above).
    assert "- Sessions in this period: 3 (sessions 2–4)." in report
    assert (
        "- Average mood change within a session: +3.5 (2 sessions rated before and after)."
        in report
    )
    assert "- Mood before session 2 (2026-02-02): 4; before session 4 (2026-02-16): 5." in report
    assert (
        "- Relief lasted 2 days (median, Kaplan-Meier, from 2 of 3 sessions: 1 fell back, "
        "1 held)." in report
    )
    assert "- Relief: days the check-in mood (each day's average) stayed above" in report
    assert "| 2 | 2026-02-02 | – | 4 | 7 | – | – | – | – | 2 d |" in report
    assert "| 3 | 2026-02-09 | – | 4 | 8 | – | – | – | – | held 6+ d |" in report
    assert "| 4 | 2026-02-16 | – | 5 | – | – | – | – | – | – |" in report


def test_the_report_shows_a_relief_range_and_one_score_plainly(run, clinical) -> None:
    report = run("export", "--since", "2026-01-10").stdout
    # Session 2 only: 1-13 d (the gap of 14-25 Jan), censored at 1 with nothing else: at
    # least 1 day. GAD-7 has one score in the period.
    assert "| 2 | 2026-01-12 | im | 4 | 7 | 6 | 2 | 8 | 9 | 1–13 d |" in report
    assert (
        "- Relief lasted at least 1 day (median, Kaplan-Meier, from 1 session: 0 fell back, "
        "1 in a range after a gap)." in report
    )
    assert (
        "| GAD-7 | 1 | 9 (2026-01-11) | 9 (2026-01-11) | one score | – | – | – | mild |" in report
    )


@pytest.mark.parametrize("width", [80, 120])
def test_relief_values_show_whole_at_80_and_120_columns(width: int) -> None:
    from datetime import date

    from rich.console import Console

    from kjournal.render import views
    from kjournal.reports.trends import RELIEF_FELL_BACK, RELIEF_HELD, Relief, SessionRow

    reliefs = [Relief(RELIEF_HELD, 12), Relief(RELIEF_FELL_BACK, 10, 13, gap=True)]
    rows = [
        SessionRow(n, date(2026, 1, 5 * n), "sublingual", 4, 8, 7, 3, {"phq9": 16, "gad7": 12}, r)
        for n, r in enumerate(reliefs, 1)
    ]
    console = Console(record=True, width=width)
    console.print(views.session_table(rows))
    text = console.export_text()
    flat = " ".join(text.split())
    assert "│ 12 │ held 12+ d" in flat and "│ 12 │ 10–13 d" in flat
    assert max(len(line) for line in text.splitlines()) <= width
