"""The cache is rebuilt whatever its shape, says so, and is never read or written through a link
(issue 15): a damaged cache costs one slower run, never a command or an entry."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kjournal.journal.cache import CACHE_VERSION
from kjournal.journal.store import Journal
from tests.helpers import make_entry


@pytest.fixture
def three(journal: Journal) -> Journal:
    for day in (1, 2, 3):
        make_entry(journal, "checkin", f"2026-01-0{day} 09:00", ratings={"mood": day})
    make_entry(journal, "intention", "2026-01-04 09:00", 1, ratings={"mood": 4})
    journal.scan()
    return journal


def bend(journal: Journal, change) -> None:
    """Apply change to the first record: one malformed record is enough to distrust the file."""
    data = json.loads(journal.cache_path.read_text())
    key = sorted(data["files"])[0]
    record = data["files"][key]
    data["files"][key] = change(record) or record
    journal.cache_path.write_text(json.dumps(data))


BENDS = {
    "record a list": lambda r: [r["sig"]],
    "record text": lambda r: "record",
    "kind unknown": lambda r: r.update(kind="dream"),
    "kind missing": lambda r: r.pop("kind", None),
    "created not text": lambda r: r.update(created=5),
    "created year 1": lambda r: r.update(created="0001-01-01T00:00:00+00:00"),
    "created year 9999": lambda r: r.update(created="9999-12-31T23:59:59+00:00"),
    "session text": lambda r: r.update(session="one"),
    "session zero": lambda r: r.update(session=0),
    "fields a list": lambda r: r.update(fields=[1]),
    "rating text": lambda r: r.update(fields={"ratings": {"mood": "x"}}),
    "rating list": lambda r: r.update(fields={"ratings": {"mood": [1]}}),
    "rating huge": lambda r: r.update(fields={"ratings": {"mood": 1e308}}),
    "fields with kind": lambda r: r.update(fields={"kind": "checkin"}),
    "encoded date wrong": lambda r: r.pop("fields") and r.update(encoded={"d": {"$dt": 5}}),
    "encoded map wrong": lambda r: r.pop("fields") and r.update(encoded={"m": {"$map": [[1]]}}),
    "excerpt a number": lambda r: r.update(excerpt=5),
    "error without reason": lambda r: r.update(error=[None, None]),
    "error sessions text": lambda r: r.update(error=["x", 1], sessions=["a"]),
    "deep fields": lambda r: r.update(fields={"x": json.loads("[" * 500 + "]" * 500)}),
}


@pytest.mark.parametrize("case", list(BENDS))
def test_a_cache_with_one_malformed_record_is_rebuilt_with_a_notice(
    run, three: Journal, case: str
) -> None:
    bend(three, BENDS[case])
    journal = Journal(three.root)
    scan = journal.scan()
    assert [(e.kind, e.ratings.get("mood")) for e in scan.entries] == [
        ("checkin", 1), ("checkin", 2), ("checkin", 3), ("intention", 4),
    ]  # fmt: skip
    assert scan.problems == []
    assert len(scan.notices) == 1 and "cache" in scan.notices[0]
    assert "rebuilt" in scan.notices[0] and journal.notices == scan.notices
    assert Journal(three.root).scan().notices == []  # rebuilt: the next run is quiet
    for args in (("list",), ("trends", "--format", "json"), ("export", "--format", "html")):
        bend(three, BENDS[case])
        assert run(*args).exit_code == 0, args


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"version": 3, "files": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"version": 3, "files": {"2026/01/x.md": ' + "{" * 50 + "}" * 50 + "}}",
        '{"version": 3, "files": []}',
        '{"version": 3}',
        '{"files": {}}',
        "[]",
        '"text"',
        "{not json",
        '{"version": 3, "files": {"k": 1}, "n": ' + "9" * 5000 + "}",
    ],
)
def test_a_cache_of_any_shape_never_breaks_a_command(run, three: Journal, text: str) -> None:
    three.cache_path.write_text(text)
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 4
    assert json.loads(three.cache_path.read_text())["version"] == CACHE_VERSION


def test_a_cache_of_another_version_is_rebuilt_without_a_word(three: Journal) -> None:
    three.cache_path.write_text(json.dumps({"version": 1, "files": {"x": "anything"}}))
    scan = Journal(three.root).scan()
    assert len(scan.entries) == 4 and scan.notices == []


def test_a_cache_folder_linked_outside_the_journal_is_neither_read_nor_written(
    run, journal: Journal, tmp_path: Path
) -> None:
    make_entry(journal, "checkin", "2026-01-01 09:00", ratings={"mood": 5})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    planted = outside / "front-matter.json"
    planted.write_text(json.dumps({"version": CACHE_VERSION, "files": {"x": {}}}))
    (journal.root / ".cache").symlink_to(outside)
    result = run("list")
    assert result.exit_code == 0 and "260101-0900c" in result.stdout
    assert f"{journal.root / '.cache'}: is a link, not a folder (not followed)" in result.stderr
    assert json.loads(planted.read_text()) == {"version": CACHE_VERSION, "files": {"x": {}}}
    assert os.listdir(outside) == ["front-matter.json"]
    doctor = run("doctor")
    assert ".cache: is a link, not a folder" in doctor.stdout


def test_a_cache_file_replaced_by_a_fifo_is_not_waited_on(journal: Journal) -> None:
    make_entry(journal, "checkin", "2026-01-01 09:00", ratings={"mood": 5})
    journal.cache_path.parent.mkdir(mode=0o700)
    os.mkfifo(journal.cache_path)
    scan = journal.scan()  # a blocking open would wait here for a writer forever
    assert len(scan.entries) == 1 and "rebuilt" in scan.notices[0]
    assert journal.cache_path.is_file()


def test_a_cache_file_that_is_a_link_is_not_followed(journal: Journal, tmp_path: Path) -> None:
    make_entry(journal, "checkin", "2026-01-01 09:00", ratings={"mood": 5})
    target = tmp_path / "target.json"
    target.write_text("keep me")
    journal.cache_path.parent.mkdir(mode=0o700)
    journal.cache_path.symlink_to(target)
    assert len(journal.scan().entries) == 1
    assert target.read_text() == "keep me"
    assert not journal.cache_path.is_symlink()  # replaced by a cache of its own
