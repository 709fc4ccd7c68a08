"""What doctor counts as still needing the person, decided in the core (doctor exits 1 on it)."""

from __future__ import annotations

from pathlib import Path

from kjournal.journal.doctor import Finding, still_needing_attention

LOCK = Finding("stale-lock", Path(".lock"), "held by a process that ended", fix="clear it")
TEMP = Finding("temp-file", Path(".kjournal-tmp-1"), "left by a stopped write", fix="remove it")
UNREADABLE = Finding("unreadable", Path("entries/x.md"), "is not UTF-8 text")
TODAY = Finding("draft", Path("drafts/checkin.yaml"), "answers waiting", attention=False)


def test_information_alone_needs_no_attention() -> None:
    assert still_needing_attention([TODAY], []) == 0


def test_what_was_fixed_no_longer_counts_but_what_cannot_be_fixed_does() -> None:
    findings = [LOCK, TEMP, UNREADABLE, TODAY]
    assert still_needing_attention(findings, []) == 3
    assert still_needing_attention(findings, [LOCK, TEMP]) == 1
