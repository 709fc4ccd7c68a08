"""SIGKILL a real kjournal at every point of its write path: nothing typed and shown as saved is
lost, every entry still parses, and no temp file is left where a person would see it."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.crashkit import SCENARIOS, kill_everywhere


@pytest.mark.slow
def test_killing_kjournal_anywhere_while_it_saves_loses_nothing(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda s: kill_everywhere(s, tmp_path), SCENARIOS))
    kills = sum(r.kills for r in reports)
    assert kills >= 200, f"only {kills} kill points"
    assert all(r.completed_runs == 1 for r in reports)  # each flow was killed at every point
    assert [loss for r in reports for loss in r.lost] == []
    assert [bad for r in reports for bad in r.unreadable] == []
    assert [left for r in reports for left in r.visible_leftovers] == []
    # The save that found its minute's name and the next one taken got the third, and was
    # killed at each point of trying them too.
    taken = {s.name: r for s, r in zip(SCENARIOS, reports, strict=True)}[
        "checkin-in-a-taken-minute"
    ]
    assert taken.saved_as == [taken.saved_as[0]] and taken.saved_as[0].endswith("-checkin-3.md")
