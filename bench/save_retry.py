"""Print what saving many entries in one minute costs: each save after the first finds its
minute's name taken and tries `-2`, `-3`, ... Run from the repository: python bench/save_retry.py

Two ways of trying names, on the same folder and disk: `save_entry` as it is, and the way it was
before (a new temp file written and fsynced for every name already taken), kept here as
the figure to compare against."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kjournal.journal.entry import Entry, Section, to_markdown
from kjournal.journal.files import write_atomic
from kjournal.journal.store import Journal

WHEN = datetime(2026, 12, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def entry(n: int) -> Entry:
    return Entry(kind="checkin", created=WHEN, sections=[Section("Note", f"entry {n}")])


def save_entry_now(root: Path, count: int) -> float:
    journal = Journal(root)
    start = time.perf_counter()
    for n in range(count):
        journal.save_entry(entry(n))
    return time.perf_counter() - start


def save_entry_before(root: Path, count: int) -> float:
    """The loop save_entry ran before: write_atomic(exclusive=True) once per candidate name."""
    folder = root / "entries" / "2026" / "12"
    start = time.perf_counter()
    for n in range(count):
        text = to_markdown(entry(n))
        for attempt in range(1, 1000):
            suffix = "" if attempt == 1 else f"-{attempt}"
            try:
                write_atomic(folder / f"2026-12-02T0930-checkin{suffix}.md", text, exclusive=True)
            except FileExistsError:
                continue
            break
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="saves in the same minute")
    args = parser.parse_args()
    print(f"{args.count} saves in one minute, one process ({os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.2f})")  # fmt: skip
    for label, run in (
        ("save_entry (one temp file, a link per name)", save_entry_now),
        ("before (a new fsynced temp file per name)", save_entry_before),
    ):
        with tempfile.TemporaryDirectory() as work:
            seconds = run(Path(work) / "journal", args.count)
            saved = len(list((Path(work) / "journal" / "entries").rglob("*.md")))
        print(f"  {label:<46}{seconds:>7.2f} s  ({saved} entries)")


if __name__ == "__main__":
    main()
