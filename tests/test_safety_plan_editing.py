"""`kjournal support --edit` as a core rule (no Typer): made from the template once, opened in
the person's editor, never through a link, and a failing editor leaves the plan as it was."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kjournal.errors import KJournalError
from kjournal.journal.store import Journal
from kjournal.safety import edit_safety_plan, safety_plan_template


def _editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, exit_code: int = 0) -> Path:
    """An editor that notes the file it was given and exits with exit_code."""
    seen = tmp_path / "seen.txt"
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys\nopen({str(seen)!r}, 'a').write(sys.argv[1] + '\\n')\nsys.exit({exit_code})\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return seen


def test_a_missing_plan_is_made_from_the_template_before_the_editor_opens(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _editor(monkeypatch, tmp_path)
    created: list[Path] = []
    path = edit_safety_plan(journal, on_created=created.append)
    assert path == journal.safety_plan_path
    assert created == [path]
    assert path.read_text() == safety_plan_template()
    assert seen.read_text() == f"{path}\n"
    again: list[Path] = []
    edit_safety_plan(journal, on_created=again.append)
    assert again == []  # the person's own plan is never replaced by the template


def test_a_plan_that_is_a_link_is_neither_followed_nor_edited(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _editor(monkeypatch, tmp_path)
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text("not the plan")
    journal.root.mkdir(parents=True)
    journal.safety_plan_path.symlink_to(elsewhere)
    with pytest.raises(KJournalError, match="is a link, which kjournal does not follow or edit"):
        edit_safety_plan(journal, on_created=lambda path: None)
    assert not seen.exists() and elsewhere.read_text() == "not the plan"


def test_a_failing_editor_says_the_plan_is_as_it_left_it(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(monkeypatch, tmp_path, exit_code=3)
    with pytest.raises(KJournalError) as caught:
        edit_safety_plan(journal, on_created=lambda path: None)
    assert str(caught.value) == (
        f"the editor exited with status 3; {journal.safety_plan_path} is as it left it"
    )
