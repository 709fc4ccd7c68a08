"""Choices through the CLI: 'none of these' with a side effect is refused in one kind line and
nothing is written, whether typed, given as a flag or in an --answers file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, flow_draft, make_entry

REFUSED = (
    "side_effects: 'none of these' can't be combined with other choices; "
    "pick either 'none of these', or the ones that apply"
)


@pytest.mark.parametrize("flow", ["checkin", "integrate"])
def test_none_with_a_side_effect_in_an_answers_file_is_one_line_and_writes_nothing(
    run, journal: Journal, tmp_path: Path, flow: str
) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    before = entry_files(journal)
    answers = tmp_path / "answers.yaml"
    answers.write_text("mood: 6\nside_effects: [none, nausea]\n")
    result = run(flow, "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr == f"kjournal: {answers}: {REFUSED}\n"
    assert result.stdout == ""
    assert entry_files(journal) == before
    assert flow_draft(journal, flow) is None


def test_none_with_a_side_effect_as_a_flag_is_refused(run, journal: Journal) -> None:
    result = run("checkin", "--mood", "5", "--side-effects", "nausea, none")
    assert result.exit_code == 2
    assert result.stderr == f"kjournal: flags: {REFUSED}\n"
    assert entry_files(journal) == []


def test_typing_none_with_a_side_effect_is_asked_again_kindly(run, journal: Journal) -> None:
    result = run("checkin", input="5\n4\n6\n8\n7, 1\n7\n\n")
    assert result.exit_code == 0, result.output
    assert REFUSED.split(": ", 1)[1] in " ".join(result.stdout.split())
    [path] = entry_files(journal)
    assert read_entry(path).fields["side_effects"] == ["none"]
