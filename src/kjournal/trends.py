"""Pure functions from entries to the numbers the trends views show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from statistics import fmean
from typing import Any

from kjournal.entry import Entry
from kjournal.errors import UsageError

SESSION_COLUMNS = (
    "session",
    "date",
    "route",
    "mood_before",
    "mood_after",
    "mood_change",
    "anxiety_before",
    "anxiety_after",
    "anxiety_change",
)


@dataclass(frozen=True)
class SessionRow:
    """One session: its date and route, and the self-ratings before (intention) and after."""

    session: int
    date: date
    route: str | None
    mood_before: int | None
    mood_after: int | None
    anxiety_before: int | None
    anxiety_after: int | None

    @property
    def mood_change(self) -> int | None:
        return _change(self.mood_before, self.mood_after)

    @property
    def anxiety_change(self) -> int | None:
        return _change(self.anxiety_before, self.anxiety_after)

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["date"] = self.date.isoformat()
        record["mood_change"] = self.mood_change
        record["anxiety_change"] = self.anxiety_change
        return record


@dataclass(frozen=True)
class Summary:
    sessions: int
    average_mood_change: float | None
    first_mood_before: int | None
    last_mood_before: int | None


def _change(before: int | None, after: int | None) -> int | None:
    return after - before if before is not None and after is not None else None


def _rating(entry: Entry | None, name: str) -> int | None:
    if entry is None:
        return None
    value = entry.ratings.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_since(text: str | None) -> date | None:
    """A --since value: YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--since: '{text}' is not a date; use YYYY-MM-DD, e.g. 2026-01-31"
        ) from None


def session_rows(entries: Iterable[Entry], since: date | None = None) -> list[SessionRow]:
    """One row per session with an intention, oldest first. The first integration is 'after'."""
    intentions: dict[int, Entry] = {}
    integrations: dict[int, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.created):
        if entry.session is None:
            continue
        if entry.kind == "intention":
            intentions.setdefault(entry.session, entry)
        elif entry.kind == "integration":
            integrations.setdefault(entry.session, entry)
    rows = []
    for number in sorted(intentions):
        before, after = intentions[number], integrations.get(number)
        day = before.created.date()
        if since and day < since:
            continue
        rows.append(
            SessionRow(
                session=number,
                date=day,
                route=before.route,
                mood_before=_rating(before, "mood"),
                mood_after=_rating(after, "mood"),
                anxiety_before=_rating(before, "anxiety"),
                anxiety_after=_rating(after, "anxiety"),
            )
        )
    return rows


def summarise(rows: list[SessionRow]) -> Summary:
    """Sessions so far, the average mood change within a session, first vs last mood before."""
    changes = [r.mood_change for r in rows if r.mood_change is not None]
    befores = [r.mood_before for r in rows if r.mood_before is not None]
    return Summary(
        sessions=len(rows),
        average_mood_change=round(fmean(changes), 1) if changes else None,
        first_mood_before=befores[0] if befores else None,
        last_mood_before=befores[-1] if befores else None,
    )


def mood_series(entries: Iterable[Entry], since: date | None = None) -> list[tuple[datetime, int]]:
    """Every mood rating in time order, from any kind of entry."""
    points = []
    for entry in entries:
        mood = _rating(entry, "mood")
        if mood is not None and (since is None or entry.created.date() >= since):
            points.append((entry.created, mood))
    return sorted(points)
