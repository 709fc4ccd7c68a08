"""Which trends views are shown and how much of the past a terminal sees, decided in the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kjournal.cli import app
from kjournal.errors import UsageError
from kjournal.journal.entry import Entry
from kjournal.reports import RECENT_SESSIONS, RECENT_WEEKS
from kjournal.reports.trends import VIEWS, build_report, chosen_views

START = datetime(2025, 1, 6, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("view", "output_format", "chosen"),
    [
        (None, "table", list(VIEWS)),
        ("all", "table", list(VIEWS)),
        ("scales", "table", ["scales"]),
        (None, "json", list(VIEWS)),
        ("weeks", "json", ["weeks"]),
        (None, "csv", ["sessions"]),
        ("weeks", "csv", ["weeks"]),
    ],
)
def test_the_views_shown_are_the_one_asked_for_else_all_and_csv_is_one_table(
    view: str | None, output_format: str, chosen: list[str]
) -> None:
    assert chosen_views(view, output_format) == chosen


def test_csv_of_every_view_at_once_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="--format csv prints one view"):
        chosen_views("all", "csv")


def test_a_terminal_sees_the_latest_sessions_and_weeks_and_all_of_them_when_asked() -> None:
    entries = []
    for n in range(1, RECENT_SESSIONS + 6):
        when = START + timedelta(weeks=2 * n)
        entries.append(Entry(kind="intention", created=when, session=n, fields={}))
        entries.append(Entry(kind="checkin", created=when, fields={"ratings": {"mood": n % 11}}))
    report = build_report(entries, {})
    assert len(report.sessions) == RECENT_SESSIONS + 5
    assert len(report.weeks) > RECENT_WEEKS
    assert report.recent_sessions() == report.sessions[-RECENT_SESSIONS:]
    assert report.recent_weeks() == report.weeks[-RECENT_WEEKS:]
    assert report.recent_sessions(every=True) == report.sessions
    assert report.recent_weeks(every=True) == report.weeks


def test_the_help_of_all_names_the_windows_the_core_uses() -> None:
    from typer.main import get_command

    command = get_command(app).commands["trends"]
    [option] = [p for p in command.params if p.name == "show_all"]
    assert f"latest {RECENT_SESSIONS} and {RECENT_WEEKS}" in option.help
