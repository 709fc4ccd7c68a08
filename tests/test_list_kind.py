"""`list --kind` takes back the words `list` prints: reflection, check-in, PHQ-9."""

from __future__ import annotations

import json

import pytest

from kjournal.journal.store import Journal
from tests.helpers import make_entry


@pytest.fixture
def kinds_of_entries(journal: Journal) -> Journal:
    make_entry(journal, "intention", "2026-01-05 09:00", 1, ratings={"mood": 5})
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 7})
    make_entry(journal, "checkin", "2026-01-06 20:00", ratings={"mood": 4})
    make_entry(journal, "questionnaire", "2026-01-07 09:00", scales={"phq9": {"score": 9}})
    # as earlier versions saved a questionnaire: a check-in with scores and no ratings
    make_entry(journal, "checkin", "2026-01-08 09:00", scales={"gad7": {"score": 6}})
    return journal


@pytest.mark.parametrize(
    ("kind", "ids"),
    [
        ("reflection", ["260105-1800r"]),
        ("integration", ["260105-1800r"]),
        ("check-in", ["260106-2000c"]),
        ("Check-In", ["260106-2000c"]),
        ("checkin", ["260106-2000c"]),
        ("intention", ["260105-0900i"]),
        ("questionnaire", ["260108-0900c", "260107-0900-phq9"]),
        ("PHQ-9", ["260107-0900-phq9"]),
        ("phq9", ["260107-0900-phq9"]),
        ("gad-7", ["260108-0900c"]),
        ("WHO-5", []),
    ],
)
def test_list_kind_takes_what_list_prints(run, kinds_of_entries, kind: str, ids) -> None:
    result = run("list", "--format", "json", "--kind", kind)
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in json.loads(result.stdout)] == ids


def test_list_shows_the_words_that_kind_takes(run, kinds_of_entries) -> None:
    shown = run("list").stdout
    for word in ("reflection", "check-in", "PHQ-9", "GAD-7", "intention"):
        assert word in shown
        assert run("list", "--kind", word).exit_code == 0


def test_an_unknown_kind_says_what_is_accepted(run, kinds_of_entries) -> None:
    result = run("list", "--kind", "dream")
    assert result.exit_code == 2
    assert "reflection, check-in, or a questionnaire's name such as PHQ-9" in result.stderr
