"""`kjournal trends` on a small journal whose every number was worked out by hand."""

from __future__ import annotations

import json

import pytest

from kjournal.store import Journal
from tests.conftest import make_entry


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
    assert "Average mood change within a session: +3.5" in lines
    assert "Mood before your first session: 3; before your latest: 5" in lines
    # moods 3, 6, 4, 8, 5 on a fixed 0-10 scale of eight bars
    assert "Mood over time (0-10): ▃▅▄▇▅ latest 5" in lines
    assert "not a clinical measure" in result.stdout


def test_csv_is_clean_for_piping(run, three_sessions) -> None:
    result = run("trends", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "session,date,route,mood_before,mood_after,mood_change,anxiety_before,anxiety_after,"
        "anxiety_change,phq9_before,gad7_before,relief_days,relief",
        "1,2026-01-05,iv,3,6,3,7,4,-3,,,,not enough check-ins",
        "2,2026-01-12,im,4,8,4,6,2,-4,,,,not enough check-ins",
        "3,2026-01-19,nasal,5,,,,,,,,,not enough check-ins",
    ]
    assert result.stderr == ""


def test_json_has_sessions_summary_and_every_mood(run, three_sessions) -> None:
    data = json.loads(run("trends", "--format", "json").stdout)
    assert data["summary"] == {
        "sessions": 3,
        "average_mood_change": 3.5,
        "first_mood_before": 3,
        "last_mood_before": 5,
        "median_relief_days": None,
    }
    assert data["sessions"][1]["mood_change"] == 4
    assert [p["mood"] for p in data["mood"]] == [3, 6, 4, 8, 5]
    assert data["mood"][0]["created"] == "2026-01-05T09:00:00+01:00"


def test_since_keeps_later_sessions_only(run, three_sessions) -> None:
    data = json.loads(run("trends", "--format", "json", "--since", "2026-01-10").stdout)
    assert [s["session"] for s in data["sessions"]] == [2, 3]
    assert data["summary"]["average_mood_change"] == 4


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
    # Session 2: scales of 11 Jan; mood before 4, 6 on 13 Jan, 3 on 26 Jan: 13 days.
    assert (second["phq9_before"], second["gad7_before"]) == (8, 9)
    assert (second["relief_days"], second["relief"]) == (13, "fell back")
    assert data["summary"]["median_relief_days"] == 8  # median of 3 and 13
    assert data["summary"]["average_mood_change"] == 3


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
    assert "3 d" in text and "13 d" in text


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
