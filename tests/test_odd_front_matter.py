"""One odd hand-edited entry never breaks a command: it is named with its reason and left out, or
read as what it is; the other entries and every figure keep working (issue 15)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kjournal.errors import EntryError
from kjournal.journal.entry import from_markdown
from kjournal.journal.store import Journal
from kjournal.questions.scales import load_scale
from tests.helpers import make_entry

STAMP = "created: 2026-01-07T09:00:00+01:00\n"


def alias_bomb(levels: int = 9) -> str:
    """Nine lists of nine aliases of the list before: about 500 bytes, 9**levels leaves."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def good(journal: Journal) -> list[Path]:
    return [
        make_entry(journal, "intention", "2026-01-05 09:00", 1, ratings={"mood": 4}, text="hope"),
        make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 7}),
        make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6}, text="fine"),
    ]


def write_odd(journal: Journal, front: str) -> Path:
    path = journal.entries_dir / "2026" / "01" / "2026-01-07T0900-checkin.md"
    path.write_text(f"---\nkind: checkin\n{front}---\n# Odd\n\n## Note\n\nsecret words\n")
    path.chmod(0o600)  # as kjournal makes its files: doctor then speaks only of the content
    return path


READING = [
    (),
    ("list",),
    ("list", "--format", "json"),
    ("show", "latest"),
    ("search", "fine"),
    ("trends",),
    ("trends", "--all", "--format", "json"),
    ("trends", "--view", "weeks", "--format", "csv"),
    ("export", "--format", "md"),
    ("export", "--format", "csv"),
    ("export", "--format", "json"),
    ("export", "--format", "html"),
    ("doctor",),
]

REFUSED = {
    "binary tag": (STAMP + "photo: !!binary aGVsbG8=\n", "'!!binary' is not read by kjournal"),
    "set tag": (STAMP + "tags: !!set {a, b}\n", "'!!set' is not read by kjournal"),
    "python tag": (STAMP + "x: !!python/object:os.system ls\n", "is not read by kjournal"),
    "recursive alias": (STAMP + "tags: &a [*a]\n", "an anchor (&name) is repeated by an alias"),
    "alias bomb": (STAMP + alias_bomb(), "an anchor (&name) is repeated by an alias"),
    "deep nesting": (STAMP + "x: " + "[" * 40 + "]" * 40 + "\n", "nested more than"),
    "year 1": ("created: 0001-01-01\n", "'created' is in the year 1, outside 1900-2200"),
    "year 9999": ("created: 9999-12-31\n", "in the year 9999"),
    "year typo": ("created: 0026-01-07T09:00:00+01:00\n", "in the year 26, outside 1900-2200"),
    "rating text": (STAMP + "ratings: {mood: good}\n", "'ratings': 'mood' must be a number"),
    "rating list": (STAMP + "ratings: {mood: [1, 2]}\n", "must be a number from 0 to 10"),
    "rating 11": (STAMP + "ratings: {mood: 11}\n", "must be a number from 0 to 10"),
    "rating inf": (STAMP + "ratings: {mood: .inf}\n", "not finite"),
    "rating nan": (STAMP + "ratings: {mood: .nan}\n", "not finite"),
    "number key": (STAMP + "1: one\n", "the key '1' is not a name (YAML read it as a number)"),
    "null key": (STAMP + "null: nothing\n", "YAML read it as null"),
    "date key": (STAMP + "odd: {2026-01-01: x}\n", "has a key that is not a name"),
    "score text": (STAMP + "scales: {phq9: {score: high}}\n", "score of 'phq9' must be a whole"),
    "items text": (STAMP + "scales: {phq9: {items: many}}\n", "items of 'phq9' must be a list"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_odd_file_is_named_with_its_reason_and_every_command_keeps_working(
    run, journal: Journal, good: list[Path], case: str
) -> None:
    front, reason = REFUSED[case]
    odd = write_odd(journal, front)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in [*good, odd]}
    for args in READING:
        started = time.monotonic()
        result = run(*args)
        assert time.monotonic() - started < 10, args
        assert result.exit_code in (0, 1), (args, result.stderr)
        report = result.stdout if args == ("doctor",) else result.stderr
        named = [line for line in report.splitlines() if odd.name in line and reason in line]
        assert len(named) == 1, (args, report)
        assert "secret" not in result.output
    listed = json.loads(run("list", "--format", "json").stdout)
    assert sorted(item["file_id"] for item in listed) == sorted(p.stem for p in good)
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in [*good, odd]} == before


READ_AS_IS = {
    "score above the scale": (STAMP + "scales: {phq9: {score: 99, items: [3]}}\n"),
    "score below the scale": (STAMP + "scales: {phq9: {score: -4}}\n"),
    "custom questionnaire": (STAMP + "scales: {mine: {score: 3, band: low, items: [1, 2]}}\n"),
    "odd nested keys": (STAMP + "odd: {1: 2, null: 3, true: 4}\n"),
    "timestamp in another field": (STAMP + "next: 2026-01-08T09:00:00+01:00\n"),
    "nested timestamp": (STAMP + "plan:\n  next: 2026-01-08T09:00:00+01:00\n"),
    "null rating": (STAMP + "ratings: {mood: null, anxiety: 2.5}\n"),
    "big number": (STAMP + "steps: " + "9" * 40 + "\n"),
    "earliest plausible year": ("created: 1900-01-01T00:00:00+14:00\n"),
    "latest plausible year": ("created: 2200-12-31T23:59:00-12:00\n"),
}


@pytest.mark.parametrize("case", list(READ_AS_IS))
def test_an_unusual_but_meaningful_file_is_read_and_shown_everywhere(
    run, journal: Journal, good: list[Path], case: str
) -> None:
    odd = write_odd(journal, READ_AS_IS[case])
    for args in [*READING, ("show", odd.stem), ("show", odd.stem, "--format", "json")]:
        result = run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        assert "could not read" not in result.stderr, args
        assert "Infinity" not in result.stdout and "NaN" not in result.stdout, args
    listed = json.loads(run("list", "--format", "json").stdout)
    assert odd.stem in {item["file_id"] for item in listed}


def test_a_score_outside_its_scale_gets_a_band_that_says_so() -> None:
    phq9 = load_scale("phq9")
    assert phq9.band(99) == "outside 0-27"
    assert phq9.band(-1) == "outside 0-27"
    assert phq9.band(14) == "moderate"


def test_a_score_of_99_is_shown_in_trends_as_outside_the_scale(run, journal: Journal) -> None:
    make_entry(journal, "questionnaire", "2026-01-06 09:00", scales={"phq9": {"score": 9}})
    make_entry(journal, "questionnaire", "2026-01-07 09:00", scales={"phq9": {"score": 99}})
    data = json.loads(run("trends", "--view", "scales", "--format", "json").stdout)
    assert data["scales"][0]["latest_band"] == "outside 0-27"


def test_a_year_typo_is_named_and_kept_out_of_the_weeks(run, journal: Journal, good) -> None:
    write_odd(journal, "created: 0026-01-07T09:00:00+01:00\nratings: {mood: 1}\n")
    started = time.monotonic()
    result = run("trends", "--all", "--format", "json")
    assert time.monotonic() - started < 10
    weeks = json.loads(result.stdout)["weeks"]
    assert [w["week"] for w in weeks] == ["2026-W02"]
    assert "in the year 26" in result.stderr


def test_an_infinite_mood_never_reaches_json_output(run, journal: Journal, good) -> None:
    write_odd(journal, STAMP + "ratings: {mood: .inf}\n")
    for args in (("list", "--format", "json"), ("trends", "--format", "json")):
        result = run(*args)
        json.loads(result.stdout)  # strict JSON: no Infinity
        assert "Infinity" not in result.stdout


def test_an_alias_bomb_is_refused_in_well_under_a_second() -> None:
    started = time.monotonic()
    with pytest.raises(EntryError) as caught:
        from_markdown(f"---\nkind: checkin\n{STAMP}{alias_bomb()}---\n", path="e.md")
    assert time.monotonic() - started < 1
    assert "alias" in caught.value.reason and caught.value.line == 4


def test_an_answers_file_with_an_alias_bomb_is_refused_at_once(
    run, journal: Journal, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(alias_bomb())
    started = time.monotonic()
    result = run("checkin", "--answers", str(answers), "--no-input")
    assert time.monotonic() - started < 5
    assert result.exit_code == 2
    assert "alias" in result.stderr and "answers.yaml" in result.stderr
    assert journal.entry_paths() == []


def test_an_answers_file_with_a_tag_is_refused_with_the_line(
    run, journal: Journal, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("mood: 5\nnote: !!binary aGVsbG8=\n")
    result = run("checkin", "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert "not valid YAML at line 2 (tags, anchors and aliases are not read" in result.stderr
    assert "binary" not in result.stderr  # a tag may be a word of an answer: never quoted
