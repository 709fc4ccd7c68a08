"""The themes view reads whole at 40, 80 and 120 columns, shows without interpreting, and its
JSON form gives back every figure."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from rich.cells import cell_len
from rich.console import Console

from kjournal.render.themes import session_ranges, themes_json, themes_view
from kjournal.reports.themes import Theme, ThemesReport, find_themes
from tests.themes_demo import themes_demo_entries


def shown(report: ThemesReport, width: int) -> str:
    console = Console(record=True, width=width, no_color=True)
    console.print(themes_view(report))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def report_of(*themes: Theme, recurring: int | None = None, unread: int = 0) -> ThemesReport:
    return ThemesReport(
        themes=list(themes),
        recurring=len(themes) if recurring is None else recurring,
        sessions=(1, 2, 3),
        entries=6,
        unread=unread,
        min_sessions=2,
    )


def a_theme(text: str, sessions: tuple[int, ...] = (1, 3), count: int = 3) -> Theme:
    return Theme(text, count, sessions, date(2026, 1, 6), date(2026, 1, 20), (text,))


@pytest.fixture(scope="module")
def demo() -> ThemesReport:
    return find_themes(themes_demo_entries())


@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_demo_journal_reads_whole_at_each_width(demo: ThemesReport, width: int) -> None:
    text = shown(demo, width)
    for line in text.splitlines():
        assert cell_len(line) <= width, line
    assert "…" not in text
    for theme in demo.themes:  # each theme on one line of its own, whole
        assert re.search(rf"^{re.escape(theme.text)}\b", text, re.MULTILINE), theme.text
    assert "my father" in text and "1-5" in text
    if width >= 80:
        assert "2026-01-06 – 2026-02-17" in text
    assert "nothing is sent anywhere" in " ".join(text.split())


def test_the_view_shows_and_never_interprets(demo: ThemesReport) -> None:
    words = " ".join(shown(demo, 120).split()).lower()
    for reading in ("you seem", "seems", "suggest", "means", "sign of", "because you", "should"):
        assert not re.search(rf"\b{reading}\b", words), reading


def test_a_long_theme_at_40_columns_becomes_a_block_with_its_facts_under_it() -> None:
    long = a_theme("overwhelming-disappointment unacknowledged-grandmother", (1, 2, 3), 4)
    text = shown(report_of(long, a_theme("sea")), 40)
    assert "sessions 1-3 · 4 times" in text
    assert "2026-01-06 – 2026-01-20" in text
    assert all(cell_len(line) <= 40 for line in text.splitlines())


def test_text_reaches_the_terminal_through_the_printable_helper() -> None:
    text = shown(report_of(a_theme("calm\x1b[2Jsea\u202e")), 80)
    assert "\x1b" not in text and "\u202e" not in text
    assert "calm\\x1b[2Jsea\\u202e" in text


def test_the_view_says_what_it_leaves_out() -> None:
    text = " ".join(shown(report_of(a_theme("sea"), recurring=31, unread=2), 80).split())
    assert "The 1 found in the most sessions, of 31 that recur." in text
    assert "2 entries could not be read and are not counted." in text


def test_with_nothing_recurring_the_view_says_so_plainly() -> None:
    assert "Nothing you wrote recurs in 2 or more sessions yet (3 sessions read)." in shown(
        report_of(), 80
    )
    empty = ThemesReport([], 0, (), 0, 0, 2, since=date(2026, 2, 1))
    assert "No intentions or reflections from 2026-02-01 on yet" in shown(empty, 80)


def test_session_numbers_are_shown_as_short_ranges() -> None:
    assert session_ranges([1, 2, 3, 5, 8, 9]) == "1-3, 5, 8-9"
    assert session_ranges([4]) == "4"
    assert session_ranges([]) == ""


def test_the_json_form_gives_back_every_figure_and_every_character(demo: ThemesReport) -> None:
    data = json.loads(themes_json(demo))
    assert data == demo.as_data()
    first = data["themes"][0]
    assert first == {
        "theme": "my father",
        "count": 6,
        "sessions": [1, 2, 3, 4, 5],
        "first": "2026-01-06",
        "last": "2026-02-17",
        "written_as": ["my father", "my father's"],
    }
    assert (data["shown"], data["recurring"]) == (
        20,
        len(find_themes(themes_demo_entries(), limit=None).themes),
    )
    odd = themes_json(report_of(a_theme("calm\u202esea")))
    assert "\u202e" not in odd and json.loads(odd)["themes"][0]["theme"] == "calm\u202esea"
