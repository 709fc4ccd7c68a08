"""`kjournal trends --view themes` as a person runs it: the words they return to, read from their
own intentions and reflections, as a table or JSON."""

from __future__ import annotations

import json

from kjournal.journal.store import Journal
from tests.report_demo import save_demo


def test_themes_list_the_words_written_in_several_sessions(journal: Journal, run) -> None:
    save_demo(journal)
    result = run("trends", "--view", "themes")
    assert result.exit_code == 0, result.stderr
    assert "Recurring words and phrases" in result.stdout
    assert "my father" in result.stdout and "grief" in result.stdout
    assert "nothing is sent anywhere" in " ".join(result.stdout.split())


def test_themes_as_json_name_the_sessions_of_each(journal: Journal, run) -> None:
    save_demo(journal)
    data = json.loads(run("trends", "--view", "themes", "--format", "json").stdout)
    father = next(t for t in data["themes"] if t["theme"] == "my father")
    assert father["sessions"] == [1, 2, 3, 4, 5]


def test_themes_since_a_date_read_only_what_came_after(journal: Journal, run) -> None:
    save_demo(journal)
    data = json.loads(
        run("trends", "--view", "themes", "-f", "json", "--since", "2026-02-01").stdout
    )
    assert data["sessions_read"] == [4, 5]


def test_themes_of_an_empty_journal_say_so_calmly(run) -> None:
    result = run("trends", "--view", "themes")
    assert result.exit_code == 0
    assert "No intentions or reflections yet" in result.stdout


def test_themes_as_csv_are_refused_in_one_line(journal: Journal, run) -> None:
    save_demo(journal)
    result = run("trends", "--view", "themes", "--format", "csv")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "kjournal: --view themes is a table or --format json"
