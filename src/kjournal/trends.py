"""Pure functions from entries to the numbers the trends views show: sessions, scales, weeks."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from statistics import fmean, median
from typing import Any

from kjournal.entry import Entry
from kjournal.scales import Scale

PRE_SESSION_WINDOW = timedelta(days=7)  # a scale counts as "before" a session within this window

SESSION_COLUMNS = (
    "session", "date", "route", "mood_before", "mood_after", "mood_change",
    "anxiety_before", "anxiety_after", "anxiety_change", "phq9_before", "gad7_before",
    "relief_days", "relief",
)  # fmt: skip
SCALE_COLUMNS = (
    "scale", "scores", "baseline", "baseline_date", "latest", "latest_date", "change",
    "change_percent", "meaningful", "response", "remission", "latest_band",
)  # fmt: skip
WEEK_COLUMNS = ("week", "starts", "mood", "anxiety", "entries")

RELIEF_FELL_BACK = "fell back"
RELIEF_HELD = "held"
RELIEF_UNKNOWN = "not enough check-ins"


def _change(before: int | None, after: int | None) -> int | None:
    return after - before if before is not None and after is not None else None


def _rating(entry: Entry | None, name: str) -> int | None:
    if entry is None:
        return None
    value = entry.ratings.get(name)
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _scale_score(entry: Entry, name: str) -> int | None:
    scales = entry.fields.get("scales")
    data = scales.get(name) if isinstance(scales, dict) else None
    value = data.get("score") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Durability: how long a session's lift in mood lasted, from daily check-ins


@dataclass(frozen=True)
class Relief:
    days: int | None
    status: str  # RELIEF_FELL_BACK, RELIEF_HELD or RELIEF_UNKNOWN

    def label(self) -> str:
        if self.status == RELIEF_FELL_BACK:
            return f"{self.days} d"
        if self.status == RELIEF_HELD:
            return f"held {self.days}+ d"
        return "–"


def daily_moods(entries: Iterable[Entry]) -> dict[date, float]:
    """Average check-in mood per day, in date order."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for entry in entries:
        mood = _rating(entry, "mood")
        if entry.kind == "checkin" and mood is not None:
            by_day[entry.created.date()].append(mood)
    return {day: fmean(by_day[day]) for day in sorted(by_day)}


def relief(
    session_day: date,
    mood_before: int | None,
    moods: Mapping[date, float],
    until: date | None,
    days: Sequence[date] | None = None,
) -> Relief:
    """Days until daily mood first fell back to the pre-session level, counted to the day before
    it did (check-ins 7, 7, 6, 4 after a pre-session 5 make 3 days). Only days after the session
    and before the next one count; no fall-back among them is "held"."""
    if mood_before is None:
        return Relief(None, RELIEF_UNKNOWN)
    days = days if days is not None else sorted(moods)  # callers with many sessions sort once
    last = None
    # From the first day after the session: a binary search, not a pass over every check-in.
    for day in days[bisect_right(days, session_day) :]:
        if until is not None and day >= until:
            break
        if moods[day] <= mood_before:
            return Relief((day - session_day).days - 1, RELIEF_FELL_BACK)
        last = day
    if last is None:
        return Relief(None, RELIEF_UNKNOWN)
    return Relief((last - session_day).days, RELIEF_HELD)


# Sessions


@dataclass(frozen=True)
class SessionRow:
    """One session: its date and route, the self-ratings before (intention) and after
    (integration), the scales taken in the week before, and how long the relief lasted."""

    session: int
    date: date
    route: str | None
    mood_before: int | None
    mood_after: int | None
    anxiety_before: int | None
    anxiety_after: int | None
    phq9_before: int | None = None
    gad7_before: int | None = None
    relief: Relief = Relief(None, RELIEF_UNKNOWN)

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
        record["relief_days"] = self.relief.days
        record["relief"] = self.relief.status
        return {key: record[key] for key in SESSION_COLUMNS}


def _latest_score_before(series: Sequence[tuple[datetime, int]], when: datetime) -> int | None:
    """The latest score in the window before a session (the intention itself counts); series is
    sorted by time, so this is a binary search, not a scan of every entry for every session."""
    index = bisect_right(series, when, key=lambda point: point[0])
    if index and series[index - 1][0] >= when - PRE_SESSION_WINDOW:
        return series[index - 1][1]
    return None


def session_rows(entries: Iterable[Entry], since: date | None = None) -> list[SessionRow]:
    """One row per session with an intention, oldest first. The first integration is 'after'."""
    ordered = sorted(entries, key=lambda e: e.created)
    intentions: dict[int, Entry] = {}
    integrations: dict[int, Entry] = {}
    for entry in ordered:
        if entry.session is None:
            continue
        if entry.kind == "intention":
            intentions.setdefault(entry.session, entry)
        elif entry.kind == "integration":
            integrations.setdefault(entry.session, entry)
    moods = daily_moods(ordered)
    mood_days = sorted(moods)
    points = scale_points(ordered)
    numbers = sorted(intentions, key=lambda n: intentions[n].created)
    rows = []
    for index, number in enumerate(numbers):
        before, after = intentions[number], integrations.get(number)
        day = before.created.date()
        next_day = (
            intentions[numbers[index + 1]].created.date() if index + 1 < len(numbers) else None
        )
        if since and day < since:
            continue
        mood_before = _rating(before, "mood")
        rows.append(
            SessionRow(
                session=number,
                date=day,
                route=before.route,
                mood_before=mood_before,
                mood_after=_rating(after, "mood"),
                anxiety_before=_rating(before, "anxiety"),
                anxiety_after=_rating(after, "anxiety"),
                phq9_before=_latest_score_before(points.get("phq9", []), before.created),
                gad7_before=_latest_score_before(points.get("gad7", []), before.created),
                relief=relief(day, mood_before, moods, next_day, mood_days),
            )
        )
    return rows


@dataclass(frozen=True)
class Summary:
    sessions: int
    average_mood_change: float | None
    first_mood_before: int | None
    last_mood_before: int | None
    median_relief_days: float | None


def summarise(rows: list[SessionRow]) -> Summary:
    """Sessions so far, the average mood change within a session, first vs last mood before,
    and the median number of days relief lasted (sessions whose mood fell back)."""
    changes = [r.mood_change for r in rows if r.mood_change is not None]
    befores = [r.mood_before for r in rows if r.mood_before is not None]
    relief_days = [r.relief.days for r in rows if r.relief.status == RELIEF_FELL_BACK]
    return Summary(
        sessions=len(rows),
        average_mood_change=round(fmean(changes), 1) if changes else None,
        first_mood_before=befores[0] if befores else None,
        last_mood_before=befores[-1] if befores else None,
        median_relief_days=median(relief_days) if relief_days else None,  # type: ignore[type-var]
    )


def mood_series(entries: Iterable[Entry], since: date | None = None) -> list[tuple[datetime, int]]:
    """Every mood rating in time order, from any kind of entry."""
    points = []
    for entry in entries:
        mood = _rating(entry, "mood")
        if mood is not None and (since is None or entry.created.date() >= since):
            points.append((entry.created, mood))
    return sorted(points)


# Validated scales


@dataclass(frozen=True)
class ScaleRow:
    """Baseline (first score) against latest for one scale, with its thresholds applied."""

    scale: str
    name: str
    scores: int
    baseline: int
    baseline_date: date
    latest: int
    latest_date: date
    change: int
    change_percent: float | None
    meaningful: bool  # the change passes the scale's meaningful-change threshold
    better: bool  # the change is in the scale's better direction
    response: bool | None  # PHQ-9: a drop of at least 50 % from baseline
    remission: bool | None  # PHQ-9: latest below 5
    latest_band: str
    history: tuple[int, ...]

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["scale"] = self.name
        record["baseline_date"] = self.baseline_date.isoformat()
        record["latest_date"] = self.latest_date.isoformat()
        return {key: record[key] for key in SCALE_COLUMNS}


def scales_used(entries: Iterable[Entry]) -> set[str]:
    """The names of the scales any entry holds a score of."""
    used: set[str] = set()
    for entry in entries:
        scales = entry.fields.get("scales")
        if isinstance(scales, dict):
            used.update(scales)
    return used


def scale_points(
    entries: Iterable[Entry], since: date | None = None
) -> dict[str, list[tuple[datetime, int]]]:
    points: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.created):
        if since and entry.created.date() < since:
            continue
        scales = entry.fields.get("scales")
        for name in scales if isinstance(scales, dict) else ():
            value = _scale_score(entry, name)
            if value is not None:
                points[name].append((entry.created, value))
    return points


Points = Mapping[str, Sequence[tuple[datetime, int]]]


def scale_rows(
    entries: Iterable[Entry],
    scales: Mapping[str, Scale],
    since: date | None = None,
    points: Points | None = None,
) -> list[ScaleRow]:
    """One row per scale taken, in the order of `scales` (`points`: scale_points, if known)."""
    points = points if points is not None else scale_points(entries, since)
    rows = []
    for name, scale in scales.items():
        series = points.get(name)
        if not series:
            continue
        (first_at, baseline), (last_at, latest) = series[0], series[-1]
        change = latest - baseline
        percent = round(100 * change / baseline, 1) if baseline else None
        better = change < 0 if scale.better == "lower" else change > 0
        response = remission = None
        if scale.response_drop_percent is not None and len(series) > 1:
            response = baseline > 0 and -change >= baseline * scale.response_drop_percent / 100
        if scale.remission_below is not None and len(series) > 1:
            remission = latest < scale.remission_below
        rows.append(
            ScaleRow(
                scale=name,
                name=scale.name,
                scores=len(series),
                baseline=baseline,
                baseline_date=first_at.date(),
                latest=latest,
                latest_date=last_at.date(),
                change=change,
                change_percent=percent,
                meaningful=abs(change) >= scale.meaningful_change,
                better=better,
                response=response,
                remission=remission,
                latest_band=scale.band(latest),
                history=tuple(v for _, v in series),
            )
        )
    return rows


def worsening_notes(
    entries: Iterable[Entry],
    scales: Mapping[str, Scale],
    since: date | None = None,
    points: Points | None = None,
) -> list[str]:
    """A neutral line for each scale whose latest score is worse than the one before by at least
    its meaningful change. Never a risk estimate."""
    notes = []
    points = points if points is not None else scale_points(entries, since)
    for name, series in points.items():
        scale = scales.get(name)
        if scale is None or len(series) < 2:
            continue
        (before_at, before), (_, latest) = series[-2], series[-1]
        if scale.worsened(before, latest):
            notes.append(
                f"Your {scale.name} went from {before} to {latest} since "
                f"{before_at.day} {before_at:%B}. A change this size is worth telling your care "
                "team about."
            )
    return notes


# Weeks


@dataclass(frozen=True)
class WeekRow:
    week: str  # ISO week, e.g. 2026-W02
    starts: date  # its Monday
    mood: float | None
    anxiety: float | None
    entries: int

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["starts"] = self.starts.isoformat()
        return record


def week_rows(entries: Iterable[Entry], since: date | None = None) -> list[WeekRow]:
    """Average mood and anxiety per ISO week from every entry; weeks without any are kept as
    empty rows, so a gap shows as a gap."""
    buckets: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        day = entry.created.date()
        if since is None or day >= since:
            buckets[day - timedelta(days=day.weekday())].append(entry)
    if not buckets:
        return []
    rows = []
    monday, last = min(buckets), max(buckets)
    while monday <= last:
        week_entries = buckets.get(monday, [])
        moods = [m for e in week_entries if (m := _rating(e, "mood")) is not None]
        anxieties = [a for e in week_entries if (a := _rating(e, "anxiety")) is not None]
        year, number, _ = monday.isocalendar()
        rows.append(
            WeekRow(
                week=f"{year}-W{number:02d}",
                starts=monday,
                mood=round(fmean(moods), 1) if moods else None,
                anxiety=round(fmean(anxieties), 1) if anxieties else None,
                entries=len(week_entries),
            )
        )
        monday += timedelta(days=7)
    return rows


# Everything at once, for the command


VIEWS = ("sessions", "scales", "weeks")


@dataclass(frozen=True)
class TrendsReport:
    sessions: list[SessionRow]
    summary: Summary
    scales: list[ScaleRow]
    weeks: list[WeekRow]
    notes: list[str]
    mood: list[tuple[datetime, int]]

    def records(self, view: str) -> tuple[list[dict[str, Any]], Sequence[str]]:
        """Rows and columns of one view, for CSV."""
        if view == "sessions":
            return [r.as_record() for r in self.sessions], SESSION_COLUMNS
        if view == "scales":
            return [r.as_record() for r in self.scales], SCALE_COLUMNS
        return [r.as_record() for r in self.weeks], WEEK_COLUMNS

    def as_data(self, views: Sequence[str]) -> dict[str, Any]:
        """The chosen views as plain data, for JSON."""
        data: dict[str, Any] = {}
        if "sessions" in views:
            data["sessions"] = [r.as_record() for r in self.sessions]
            data["summary"] = asdict(self.summary)
            data["mood"] = [{"created": t.isoformat(), "mood": m} for t, m in self.mood]
        if "scales" in views:
            data["scales"] = [r.as_record() for r in self.scales]
            data["notes"] = self.notes
        if "weeks" in views:
            data["weeks"] = [r.as_record() for r in self.weeks]
        return data


def build_report(
    entries: Sequence[Entry], scales: Mapping[str, Scale], since: date | None = None
) -> TrendsReport:
    sessions = session_rows(entries, since)
    points = scale_points(entries, since)  # shared by the questionnaire rows and the notes
    return TrendsReport(
        sessions=sessions,
        summary=summarise(sessions),
        scales=scale_rows(entries, scales, since, points),
        weeks=week_rows(entries, since),
        notes=worsening_notes(entries, scales, since, points),
        mood=mood_series(entries, since),
    )
