"""Every YAML file kjournal reads is read as plain YAML: an alias that refers to itself, or a
few lines of nested aliases that expand to billions of items ("billion laughs"), is one clear
error naming the file, never a crash or a hang, and never stands between a person and an
intention or the crisis lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.journal.store import Journal
from tests.helpers import entry_files

SELF = "a: &a [*a]\n"
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{new}: &{new} [{', '.join([f'*{old}'] * 9)}]\n"
    for old, new in zip("abcdefgh", "bcdefghi", strict=True)
)
HOSTILE = pytest.mark.parametrize("text", [SELF, LAUGHS], ids=["self-alias", "billion-laughs"])


@HOSTILE
def test_a_hostile_config_never_stops_the_crisis_lines(run, tmp_path: Path, text: str) -> None:
    (tmp_path / "config.yaml").write_text(text)
    result = run("support")
    assert result.exit_code == 0
    assert "988" in result.stdout
    assert "config.yaml: not valid YAML" in result.stderr and "alias" in result.stderr


@HOSTILE
def test_a_hostile_integrate_file_never_stops_an_intention(run, journal: Journal, tmp_path, text):
    answers = tmp_path / "reflection.yaml"
    answers.write_text("insight: Slow down.\n")
    assert run("intend", "--no-input").exit_code == 0
    assert run("integrate", "--no-input", "--answers", str(answers)).exit_code == 0
    (journal.root / "prompts").mkdir()
    (journal.root / "prompts" / "integrate.yaml").write_text(text)
    result = run("intend", input="n\n" + "\n" * 12)
    assert result.exit_code == 0, result.output
    assert len(entry_files(journal)) == 3
    shown = run("prompts", "show", "integrate")
    assert shown.exit_code != 0 and len(shown.stderr.strip().splitlines()) == 1
    assert "integrate.yaml: not valid YAML" in shown.stderr


@HOSTILE
def test_a_hostile_scale_file_is_named_and_others_still_list(run, journal, text) -> None:
    (journal.root / "prompts" / "scales").mkdir(parents=True)
    (journal.root / "prompts" / "scales" / "odd.yaml").write_text(text)
    listed = run("prompts", "list")
    assert listed.exit_code == 0 and "phq9" in listed.stdout
    taken = run("scale", "odd", "--items", "1")
    assert taken.exit_code != 0 and "odd.yaml: not valid YAML" in taken.stderr


@HOSTILE
def test_a_hostile_draft_is_set_aside_not_resumed(run, journal: Journal, text: str) -> None:
    journal.drafts_dir.mkdir(parents=True)
    (journal.drafts_dir / "checkin-1.yaml").write_text(text)
    result = run("checkin", "--mood", "5")
    assert result.exit_code == 0, result.output
    assert len(entry_files(journal)) == 1
