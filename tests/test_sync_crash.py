"""`kjournal sync` killed with SIGKILL at every point between its steps (commit, fetch, merge,
each conflict resolved, the merge committed, each renumbered entry written, push): the journal
still reads, and the next sync completes with nothing lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_sync import Device, encrypt_and_keep_unlocked, git, words

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("git_isolated")]


def prepare(
    work: Path, run: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    """Two devices that disagree in every way a sync must settle: a checkin edited on both,
    a session begun on both, reflections on both, new check-ins on both; `a` has synced."""
    subprocess.run(["git", "init", "-q", "--bare", str(work / "remote.git")], check=True)
    a, b = Device(work / "a", run, work), Device(work / "b", run, work)
    a.ok("sync", "--setup", str(work / "remote.git"))
    b.ok("sync", "--setup", str(work / "remote.git"))
    if encrypted:
        encrypt_and_keep_unlocked(a, (b,))
    a.ok("checkin", "--mood", "4", "--note", "shared words")
    a.ok("sync")
    b.ok("sync")
    monkeypatch.setenv("EDITOR", "sed -i s/shared/edited-on-a/")
    a.ok("edit", "latest")
    monkeypatch.setenv("EDITOR", "sed -i s/shared/edited-on-b/")
    b.ok("edit", "latest")
    a.intend("a's intention")
    a.integrate("a's reflection")
    time.sleep(1.1)
    b.intend("b's intention")
    b.integrate("b's reflection")
    b.ok("checkin", "--mood", "6", "--note", "only on b")
    a.ok("sync")


def settled(a: Device, b: Device) -> None:
    """What every run, killed or not, must end in once both have synced again."""
    for device in (a, b):
        scan = device.journal.scan()
        assert not scan.problems
        texts = sorted(words(p) for p in device.entries())
        for wanted in ("a's intention", "b's intention", "a's reflection", "b's reflection"):
            assert wanted in texts
        assert "only on b" in texts
        assert "edited-on-a words" in texts and "edited-on-b words" in texts
        intentions = sorted(
            (e for e in scan.entries if e.kind == "intention"), key=lambda e: e.created
        )
        assert [e.session for e in intentions] == [1, 2]
        for reflection in (e for e in scan.entries if e.kind == "integration"):
            linked = next(e for e in intentions if e.id == reflection.fields["intention"])
            assert reflection.session == linked.session
        assert "<<<<<<<" not in "".join(texts)
        assert len(texts) == 7  # nothing lost, nothing kept twice (one conflict copy)
    assert a.names() == b.names()


def test_a_sync_killed_at_any_point_leaves_a_readable_journal_and_the_next_completes(
    tmp_path: Path,
    run: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    encrypted: bool,
    request: pytest.FixtureRequest,
) -> None:
    snapshot, work = tmp_path / "snapshot", tmp_path / "work"
    work.mkdir()
    if encrypted:
        request.getfixturevalue("runtime")  # the unlocked key is kept there
    prepare(work, run, monkeypatch, encrypted)
    shutil.copytree(work, snapshot, symlinks=True)
    killed = 0
    for point in range(1, 200):
        shutil.rmtree(work)
        shutil.copytree(snapshot, work, symlinks=True)
        a, b = Device(work / "a", run, work), Device(work / "b", run, work)
        before = len(b.entries())
        done = subprocess.run(
            [sys.executable, "-m", "kjournal", "--journal", str(b.root), "sync"],
            env={**os.environ, "KJOURNAL_TEST_KILL_AT": str(point)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode == 0:
            break
        assert done.returncode == -signal.SIGKILL, (point, done.stderr)
        killed += 1
        listed = b("list", "--format", "json")
        assert listed.exit_code == 0, (point, listed.stderr)
        assert len(b.journal.scan().entries) >= before, point
        again = b("sync")
        assert again.exit_code == 0, (point, again.stdout, again.stderr)
        a.ok("sync")
        b.ok("sync")
        settled(a, b)
        assert git(b.root, "status", "--porcelain") == "", point
    else:
        pytest.fail("the sync never finished without being killed")
    assert killed >= 10  # commit, fetch, merge, each resolution, renumbering, push
