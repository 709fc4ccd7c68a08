"""What several test modules (and bench/) share: entries at fixed times, the installed command in
a pseudo-terminal, snapshots, the terminal-safety patterns. conftest.py keeps the fixtures only."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal

if TYPE_CHECKING:
    import pexpect

TZ = timezone(timedelta(hours=1))


def frozen_datetime(now: datetime) -> type[datetime]:
    """A `datetime` whose now() is always `now`: monkeypatch it over a module's `datetime`."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return now if tz is None else now.astimezone(tz)

    return Frozen


# Entries and drafts


def entry_files(journal: Journal) -> list[Path]:
    return journal.entry_paths()


def make_entry(
    journal: Journal,
    kind: str,
    when: str,
    session: int | None = None,
    *,
    text: str = "",
    **fields,
) -> Path:
    """Save an entry at a fixed time ('2026-01-05 09:30'), for trends computed by hand."""
    created = datetime.fromisoformat(when).replace(tzinfo=TZ)
    sections = [Section("What would you like to explore, or soften, today?", text)] if text else []
    return journal.save_entry(
        Entry(kind=kind, created=created, session=session, fields=fields, sections=sections)
    )


def flow_draft(journal: Journal, flow: str) -> Path | None:
    """The newest unfinished draft of a flow (each run has its own), or None."""
    drafts = journal.flow_drafts(flow)
    return drafts[0].path if drafts else None


# The installed command in a real pseudo-terminal


def kjournal_command() -> str:
    beside_python = Path(sys.executable).parent / "kjournal"
    found = str(beside_python) if beside_python.exists() else shutil.which("kjournal")
    if not found:
        pytest.fail("the kjournal command is not installed; run the README's install command")
    return found


def spawn(journal: Journal, *args: str) -> pexpect.spawn:
    import pexpect

    env = {**os.environ, "KJOURNAL_HOME": str(journal.root), "TERM": "xterm", "COLUMNS": "100"}
    child = pexpect.spawn(
        kjournal_command(), list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 100)
    )
    return child


def answer(child: pexpect.spawn, question: str, typed: str) -> None:
    child.expect_exact(question)
    child.expect_exact("› ")
    child.sendline(typed)


# Snapshots of screens


def decline_questionnaires(child: pexpect.spawn) -> None:
    child.expect_exact("Would you like to answer them now, before your intention?")
    child.expect_exact("[y/N]")
    child.sendline("")  # Enter means not now


SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("KJOURNAL_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with KJOURNAL_UPDATE_SNAPSHOTS=1 to write it")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "snapshot", "now", lineterm=""
        )
        pytest.fail(
            f"{path.name} differs (KJOURNAL_UPDATE_SNAPSHOTS=1 rewrites it):\n" + "\n".join(diff)
        )


# What reaches a terminal

# C0 (but tab and newline), DEL, C1, and the bidi embeddings, overrides and isolates.
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own styling on a terminal, and nothing else
# Every command that shows or exports an answer, in each of its formats.
COMMANDS_THAT_SHOW_ANSWERS = [
    ["show", "latest"],
    ["show", "latest", "--format", "json"],
    ["list"],
    ["list", "--format", "json"],
    ["search", "zqx"],
    ["search", "zqx", "--format", "json"],
    ["export", "--include-text"],
    ["export", "--format", "csv"],
    ["export", "--format", "html", "--include-text"],
    ["export", "--format", "json"],
    ["trends", "--format", "json"],
    ["trends", "--format", "csv"],
    ["trends"],
    ["trends", "--view", "themes"],
    ["trends", "--view", "themes", "--format", "json"],
    ["session", "1"],
    ["session", "1", "--format", "md"],
    ["session", "1", "--format", "json"],
    ["export", "brief", "--include", "latest"],
    ["export", "brief", "--format", "html", "--include", "latest"],
]


# Several kjournal processes writing at once (tests/test_concurrency.py, bench/robustness.py).
WRITER = """
import sys
from kjournal.cli import app
worker, count, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for i in range(count):
    if command == "checkin":
        args = ["checkin", "--mood", str(i % 11), "--note", f"writer {worker} entry {i}"]
    else:
        args = ["intend", "--no-input"]
    code = app(args, standalone_mode=False)
    assert code in (None, 0), code
"""


def run_writers(root: Path, command: str, writers: int, each: int) -> None:
    env_home = {"KJOURNAL_HOME": str(root)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(w), str(each), command],
            env={**os.environ, **env_home},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for w in range(writers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
