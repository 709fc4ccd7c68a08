"""The themes view: recurring words and phrases as a table that reads at any width, and as JSON.

It shows what the person wrote and where; it never says what that means."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.text import Text

from kjournal.render.plain import printable, to_json
from kjournal.render.views import _blocks, _Column, _Fitted, _fitting_table, _footnote
from kjournal.reports.themes import Theme, ThemesReport

TITLE = "Recurring words and phrases"


def session_ranges(sessions: Sequence[int]) -> str:
    """Session numbers as short ranges: 1-3, 5, 8-9."""
    parts: list[str] = []
    numbers = sorted(set(sessions))
    start = 0
    for index, number in enumerate(numbers):
        last = index + 1 == len(numbers)
        if last or numbers[index + 1] != number + 1:
            first = numbers[start]
            parts.append(str(first) if first == number else f"{first}-{number}")
            start = index + 1
    return ", ".join(parts)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _dates(theme: Theme) -> str:
    if theme.first == theme.last:
        return theme.first.isoformat()
    return f"{theme.first.isoformat()} – {theme.last.isoformat()}"


_COLUMNS = (
    _Column("Theme", lambda t: Text(printable(t.text))),
    _Column("Sessions", lambda t: session_ranges(t.sessions), words=True),
    _Column("Times", lambda t: str(t.count), "right"),
    _Column("First – last", _dates),
)


def _block(theme: Theme) -> tuple[str, list[str]]:
    label = "session" if len(theme.sessions) == 1 else "sessions"
    facts = [f"{label} {session_ranges(theme.sessions)}", _times(theme.count), _dates(theme)]
    return printable(theme.text), facts


def _note(report: ThemesReport) -> str:
    entries = "1 entry" if report.entries == 1 else f"{report.entries} intentions and reflections"
    sessions = "session" if len(report.sessions) == 1 else "sessions"
    since = f", from {report.since.isoformat()} on" if report.since else ""
    return (
        f"From {entries} ({sessions} {session_ranges(report.sessions)}{since}). Each recurs in "
        f"{report.min_sessions} or more sessions; Times: how often you wrote it there. Words "
        "that differ only in their ending count as one (boundary, boundaries), common words are "
        "left out, a word inside a listed phrase counts for the phrase. Counted on this "
        "computer; nothing is sent anywhere."
    )


def _extra_lines(report: ThemesReport) -> list[Text]:
    lines = []
    if len(report.themes) < report.recurring:
        lines.append(
            f"The {len(report.themes)} found in the most sessions, of {report.recurring} "
            "that recur."
        )
    if report.unread:
        what = "entry" if report.unread == 1 else "entries"
        lines.append(f"{report.unread} {what} could not be read and are not counted.")
    return [Text(line, style="dim") for line in lines]


def themes_view(report: ThemesReport) -> RenderableType:
    """The themes as a table (theme, sessions, times, first-last); without the dates where
    that is what fits; one block per theme on a narrow screen."""
    if not report.themes:
        return Group(_nothing_yet(report), *_extra_lines(report))

    def layout(console: Console, options: ConsoleOptions) -> RenderableType:
        reduced = [c for c in _COLUMNS if c.header != "First – last"]
        layouts = (_COLUMNS, reduced)
        fitting = _fitting_table(console, options, TITLE, report.themes, layouts, layouts)
        if fitting is not None:
            return fitting[1]
        return _blocks(TITLE, map(_block, report.themes), options.max_width)

    return Group(_Fitted(layout), _footnote(_note(report)), *_extra_lines(report))


def _nothing_yet(report: ThemesReport) -> Text:
    if not report.entries:
        since = f" from {report.since.isoformat()} on" if report.since else ""
        return Text(f"No intentions or reflections{since} yet: themes are read from those.")
    sessions = len(report.sessions)
    return Text(
        f"Nothing you wrote recurs in {report.min_sessions} or more sessions yet "
        f"({sessions} {'session' if sessions == 1 else 'sessions'} read)."
    )


def themes_json(report: ThemesReport) -> str:
    """The report as JSON: every theme with its sessions, count, dates and written forms."""
    return to_json(report.as_data())
