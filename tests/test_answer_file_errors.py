"""An --answers file's YAML error says where it is, line and column, and never quotes the file:
PyYAML's own messages can quote a word of an answer (an alias, a tag)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kjournal.errors import AnswersFileError
from kjournal.questions.interview import load_answers


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("mood: 3\nnote: *secretword and more\n", "line 2, column 7"),
        ("mood: 3\nnote: !secretword hello\n", "line 2, column 7"),
        ("note: &secretword x\nother: *secretwor\n", "line 2, column 8"),
        ("note: [secretword\n", "line 2, column 1"),
        ("note: 'secretword\n", "line 2, column 1"),
        ('mood: 3\nnote: "secretword \x07"\n', "line 2, column 19"),
    ],
)
def test_an_answers_files_yaml_error_names_the_place_and_quotes_nothing(
    tmp_path: Path, text: str, where: str
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(text)
    with pytest.raises(AnswersFileError) as caught:
        load_answers(str(answers))
    # The line always; the column where PyYAML knows it (not for a refused tag or alias).
    message = str(caught.value)
    line = where.split(",")[0]
    assert message.startswith(f"{answers}: not valid YAML at {line}")
    assert message == f"{answers}: not valid YAML at {where}" or "not read" in message
    assert "secret" not in message


def test_the_cli_shows_the_same_line(run, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("note: !private word\n")
    result = run("checkin", "--answers", str(answers), "--no-input")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kjournal: {answers}: not valid YAML at line 1")
    assert "private" not in result.stderr


def test_an_answers_file_error_without_a_place_gives_kjournals_own_reason(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("when: 2026-02-30\n")
    with pytest.raises(AnswersFileError) as caught:
        load_answers(str(answers))
    assert str(caught.value) == (
        f"{answers}: not valid YAML (a date, time or number in it is not valid)"
    )
