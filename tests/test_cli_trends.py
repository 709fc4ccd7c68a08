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
    make_entry(journal, "intention", "2026-01-05 09:00", 1, route="iv", ratings={"mood": 3, "anxiety": 7})
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 6, "anxiety": 4})
    make_entry(journal, "intention", "2026-01-12 09:00", 2, route="im", ratings={"mood": 4, "anxiety": 6})
    make_entry(journal, "integration", "2026-01-13 10:00", 2, ratings={"mood": 8, "anxiety": 2})
    make_entry(journal, "intention", "2026-01-19 09:00", 3, route="nasal", ratings={"mood": 5})
    return journal


def test_table_shows_each_session_and_the_summary(run, three_sessions) -> None:
    result = run("trends")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "1 │ 2026-01-05 │ iv │ 3 │ 6 │ +3 │ 7 │ 4" in lines
    assert "2 │ 2026-01-12 │ im │ 4 │ 8 │ +4 │ 6 │ 2" in lines
    assert "3 │ 2026-01-19 │ nasal │ 5 │ – │ – │ – │ –" in lines
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
        "session,date,route,mood_before,mood_after,mood_change,anxiety_before,anxiety_after,anxiety_change",
        "1,2026-01-05,iv,3,6,3,7,4,-3",
        "2,2026-01-12,im,4,8,4,6,2,-4",
        "3,2026-01-19,nasal,5,,,,,",
    ]
    assert result.stderr == ""


def test_json_has_sessions_summary_and_every_mood(run, three_sessions) -> None:
    data = json.loads(run("trends", "--format", "json").stdout)
    assert data["summary"] == {
        "sessions": 3,
        "average_mood_change": 3.5,
        "first_mood_before": 3,
        "last_mood_before": 5,
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
    assert "No sessions yet" in result.stdout
    assert "kjournal intend" in result.stdout
    assert "│" not in result.stdout


def test_a_broken_file_is_named_and_the_rest_still_shows(run, three_sessions) -> None:
    bad = three_sessions.entries_dir / "2026" / "01" / "2026-01-20T0900-checkin.md"
    bad.write_text("---\nkind: checkin\n")
    result = run("trends", "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        f"kjournal: could not read {bad}:1: the front matter has no closing '---' line (left as is)"
    )
    assert len(result.stdout.splitlines()) == 4
