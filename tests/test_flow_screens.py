"""The flows' own screens (intend, integrate, check-in, a questionnaire) read whole at 40, 80 and
120 columns, in a real pseudo-terminal of that width, typed one answer at a time as a person
does: snapshots of each, with the journal's path and the time taken out."""

from __future__ import annotations

import os
import re

import pexpect
import pytest
from rich.cells import cell_len

from kjournal.journal.store import Journal
from tests.helpers import assert_snapshot, kjournal_command

FLOWS = {
    # name: (command, the answers typed, one per question)
    "flow-intend": (
        ("intend",),
        ["", "4", "6", "2", "", "", "The heaviness since spring.", "", "", "", "", "", "", ""],
    ),
    "flow-integrate": (
        ("integrate",),
        ["7", "3", "1,3", "", "", "Warm hands.", "", "", *[""] * 14],
    ),
    "flow-checkin": (("checkin",), ["5", "4", "6", "7.5", "7", "Slept well.", "", ""]),
    "flow-scale": (("scale", "gad7"), ["1", "2", "0", "1", "1", "0", "2"]),
}
PROMPTS = ["› ", r"\[[yY]/[nN]\] ", pexpect.EOF]
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\r")


def screen_text(journal: Journal, width: int, name: str) -> str:
    args, typed = FLOWS[name]
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root), "NO_COLOR": "1", "TERM": "xterm"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(
        kjournal_command(), list(args), env=env, encoding="utf-8", dimensions=(60, width)
    )
    child.timeout = 20
    seen: list[str] = []
    answers = iter(typed)
    while child.expect(PROMPTS) != 2:
        seen.append(child.before + child.after)
        child.sendline(next(answers, ""))
    seen.append(child.before)
    child.close()
    assert child.exitstatus == 0, "".join(seen)[-2000:]
    text = _CONTROL.sub("", "".join(seen)).replace(str(journal.root), "<journal>")
    text = re.sub(r"\d{4}-\d{2}-\d{2}T\d{4}", "<time>", text)
    # Whether "Saved: <path>" fits on one line depends on how long the journal's path is (the
    # temp folder, the user's name, a test process's own folder): the path on its own line.
    text = text.replace("Saved: <journal>", "Saved:\n<journal>")
    return "\n".join(line.rstrip() for line in text.split("\n")) + "\n"


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("name", list(FLOWS))
def test_each_flow_screen_reads_whole_at_any_width(
    run, journal: Journal, name: str, width: int
) -> None:
    if name == "flow-integrate":  # a session to reflect on
        assert run("intend", "--no-input", "--answers", "-", input="mood: 4\n").exit_code == 0
    text = screen_text(journal, width, name)
    for line in text.splitlines():
        if "<journal>" not in line:  # a path is one word: it may run past the edge
            assert cell_len(line) <= width, f"wider than {width}: {line!r}"
    assert "Saved" in text
    assert_snapshot(f"{name}-{width}", text)
