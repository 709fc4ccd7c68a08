"""Corrupt and odd files in the journal: every command keeps working on the good entries, names
each bad file once with its path and reason, and rewrites nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from kjournal.journal.store import Journal
from tests.helpers import make_entry

FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture
def odd_journal(journal: Journal, tmp_path: Path) -> dict[str, str]:
    """Good entries plus one file of every odd sort; returns {file name: expected reason}."""
    make_entry(journal, "intention", "2026-01-05 09:00", 1, ratings={"mood": 4}, text="hope")
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 7})
    good = make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6})
    folder = good.parent
    files = {
        "2026-01-07T0900-checkin.md": (
            "---\nkind: checkin\nnote: a: b\n---\nsecret\n",
            "not valid YAML",
        ),
        "2026-01-07T0901-checkin.md": ("---\nkind: checkin\n# never closed\n", "no closing '---'"),
        "2026-01-07T0902-checkin.md": (
            "---\nkjournal: 3\nkind: checkin\ncreated: 2026-01-07T09:02:00+01:00\n---\n",
            "written by a newer kjournal (format 3)",
        ),
        "2026-01-07T0903-checkin.md": (b"---\nkind: checkin\nnote: \xff\xfe\n---\n", "not UTF-8"),
        "2026-01-07T0904-checkin.md": ("", "the file is empty"),
    }
    reasons = {}
    for name, (content, reason) in files.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        reasons[name] = reason
    with open(folder / "2026-01-07T0905-checkin.md", "wb") as huge:
        huge.write(b"---\nkind: checkin\n---\n")
        huge.truncate(FIFTY_MB)
    reasons["2026-01-07T0905-checkin.md"] = "too large to be an entry (50.0 MB"
    (folder / "2026-01-07T0906-checkin.md").mkdir()
    reasons["2026-01-07T0906-checkin.md"] = "is a folder"
    outside = tmp_path / "outside.md"
    shutil.copy(good, outside)
    (folder / "2026-01-07T0907-checkin.md").symlink_to(outside)
    reasons["2026-01-07T0907-checkin.md"] = "link to a file outside the journal"
    twin = journal.entries_dir / "2026" / "02"
    twin.mkdir(parents=True)
    shutil.copy(good, twin / good.name)
    reasons[good.name] = f"has the same id as {good}"
    return reasons


def fingerprint(journal: Journal) -> dict[str, str]:
    prints = {}
    for folder, _, names in os.walk(journal.entries_dir):
        for name in names:
            path = Path(folder, name)
            if path.stat().st_size < FIFTY_MB:
                prints[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return prints


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("trends",), 0),
        (("trends", "--format", "json"), 0),
        (("trends", "--format", "csv", "--view", "weeks"), 0),
        (("intend", "--no-input"), 0),
        (("integrate", "--session", "1", "--again", "--no-input"), 0),
        (("doctor",), 1),
    ],
)
def test_every_reading_command_names_each_bad_file_and_keeps_going(
    run, journal: Journal, odd_journal: dict[str, str], args, code: int
) -> None:
    before = fingerprint(journal)
    result = run(*args)
    assert result.exit_code == code, result.output
    report = result.stderr if args[:1] != ("doctor",) else result.stdout
    for name, reason in odd_journal.items():
        lines = [line for line in report.splitlines() if f"{name}" in line and reason in line]
        assert len(lines) == 1, (name, report)
    assert "secret" not in result.output
    assert "Traceback" not in result.output
    after = fingerprint(journal)
    assert {p: h for p, h in after.items() if p in before} == before  # nothing rewritten


def test_good_entries_still_count_in_trends(run, journal: Journal, odd_journal) -> None:
    import json

    data = json.loads(run("trends", "--format", "json").stdout)
    assert [(s["session"], s["mood_before"], s["mood_after"]) for s in data["sessions"]] == [
        (1, 4, 7)
    ]
    assert [p["mood"] for p in data["mood"]] == [4, 7, 6]


def test_bad_bytes_below_the_front_matter_are_named_when_the_answers_are_read(
    run, journal: Journal
) -> None:
    path = make_entry(journal, "checkin", "2026-01-06 09:00", ratings={"mood": 6}, text="fine")
    path.write_bytes(path.read_bytes().replace(b"fine", b"fi\xffne"))
    assert run("trends", "--format", "json").exit_code == 0  # needs the front matter only
    for args in (["search", "fine"], ["export", "--include-text"]):
        result = run(*args)
        assert result.exit_code == 0, args
        assert f"could not read {path}:" in result.stderr and "not UTF-8" in result.stderr, args
    shown = run("show", "latest")
    assert shown.exit_code == 1
    assert shown.stderr.startswith(f"kjournal: {path}:")
