"""Two windows running the same flow at once, as a person with two terminals open does: each
keeps a draft of its own, and the next run offers each one."""

from __future__ import annotations

import pexpect
import pytest

from kjournal.journal.store import Journal
from tests.helpers import answer, spawn


@pytest.mark.slow  # a real terminal
def test_two_windows_in_one_flow_each_keep_their_own_draft(run, journal: Journal) -> None:
    window_a = spawn(journal, "checkin")
    answer(window_a, "How is your mood today?", "3")
    window_b = spawn(journal, "checkin")
    answer(window_b, "How is your mood today?", "8")
    for window in (window_a, window_b):
        answer(window, "How anxious do you feel today?", "")
        answer(window, "How is your energy today?", "")
        answer(window, "About how many hours did you sleep", "")
        answer(window, "Any of these since your last check-in?", "")
    answer(window_a, "Anything else you would like to note?", "window A, first line")
    window_a.expect_exact("› ")
    window_a.sendline("window A, second line")
    window_a.expect_exact("› ")
    window_a.close(force=True)  # the terminal is closed mid-answer
    window_b.expect_exact("Anything else you would like to note?")
    window_b.expect_exact("› ")
    window_b.sendintr()
    window_b.expect(pexpect.EOF)
    texts = [d.path.read_text() for d in journal.flow_drafts("checkin")]
    assert len(texts) == 2
    assert any("window A, first line\nwindow A, second line" in t for t in texts) or any(
        "window A, first line" in t and "window A, second line" in t for t in texts
    )
    assert any("mood: 8" in t for t in texts)
    # The next run offers each, newest first with its first words; declining sets it aside.
    offered = run("checkin", input="n\ny\n" + "\n" * 6)
    assert offered.stdout.count("You have unfinished answers from") == 2
    assert '("window A, first line window A' in offered.stdout
    assert offered.exit_code == 0, offered.output
    assert len([d for d in journal.drafts() if d.set_aside]) == 1
