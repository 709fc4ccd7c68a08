"""Pure functions from entries to the numbers the trends views show: sessions, scales, weeks."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from itertools import groupby
from operator import itemgetter
from statistics import fmean
from typing import Any

from kjournal.errors import UsageError
from kjournal.journal.entry import PLAUSIBLE_YEARS, Entry
from kjournal.journal.kinds import Kind
from kjournal.questions.catalogue import session_scales
from kjournal.questions.scales import Scale
from kjournal.reports import RECENT_SESSIONS, RECENT_WEEKS

PRE_SESSION_WINDOW = timedelta(days=7)  # a scale counts as "before" a session within this window


def session_columns() -> tuple[str, ...]:
    """The session view's columns; one `<id>_before` for each questionnaire the catalogue shows
    with sessions (phq9_before, gad7_before)."""
    return (
        "session", "date", "route", "mood_before", "mood_after", "mood_change",
        "anxiety_before", "anxiety_after", "anxiety_change",
        *(f"{scale.id}_before" for scale in session_scales()),
        "relief_days", "relief", "relief_low", "relief_high", "relief_gap",
    )  # fmt: skip


SCALE_COLUMNS = (
    "scale", "scores", "baseline", "baseline_date", "latest", "latest_date", "change",
    "change_percent", "meaningful", "response", "remission", "latest_band",
)  # fmt: skip
WEEK_COLUMNS = ("week", "starts", "mood", "anxiety", "entries", "mood_ratings", "anxiety_ratings")

RELIEF_FELL_BACK = "fell back"
RELIEF_HELD = "held"
RELIEF_UNKNOWN = "not enough check-ins"
RELIEF_NO_MOOD_BEFORE = "no mood before"


def _change(before: int | None, after: int | None) -> int | None:
    return after - before if before is not None and after is not None else None


def _rating(entry: Entry | None, name: str) -> int | None:
    if entry is None:
        return None
    value = entry.ratings.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 10:
        return value  # reading checks this already; a figure must never average an infinity
    return None


def _scale_score(entry: Entry, name: str) -> int | None:
    scales = entry.fields.get("scales")
    data = scales.get(name) if isinstance(scales, dict) else None
    value = data.get("score") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Durability: how long a session's lift in mood lasted, from daily check-ins

MAX_GAP_DAYS = 3  # longer stretches without check-ins make a relief value uncertain


@dataclass(frozen=True)
class Relief:
    """How many days one session's relief lasted. Fell back: between `low` and `high` days (the
    same number unless a gap in check-ins hides the day it fell back). Held: at least `low` days,
    a censored value. `gap`: a stretch without check-ins longer than the allowed one shortened
    or blurred it."""

    status: str  # RELIEF_FELL_BACK, RELIEF_HELD, RELIEF_UNKNOWN or RELIEF_NO_MOOD_BEFORE
    low: int | None = None
    high: int | None = None
    gap: bool = False

    @property
    def days(self) -> int | None:
        """The one number when there is one (held: the censoring day); None for a range."""
        if self.status == RELIEF_HELD or (self.status == RELIEF_FELL_BACK and not self.is_range):
            return self.low
        return None

    @property
    def is_range(self) -> bool:
        return self.status == RELIEF_FELL_BACK and self.low != self.high

    def label(self) -> str:
        if self.status == RELIEF_FELL_BACK:
            return f"{self.low}–{self.high} d" if self.is_range else f"{self.low} d"
        if self.status == RELIEF_HELD:
            return f"held {self.low}+ d"
        return "–"

    def observation(self) -> tuple[int, bool] | None:
        """(days, fell back) for Kaplan-Meier. A range counts as censored at its low end: "lasted
        at least low" is all that is certain, and an event at any guessed day would invent one."""
        if self.low is None:
            return None
        return self.low, self.status == RELIEF_FELL_BACK and not self.is_range


def daily_moods(entries: Iterable[Entry]) -> dict[date, float]:
    """Average check-in mood per day, in date order."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for entry in entries:
        mood = _rating(entry, "mood")
        if entry.kind == Kind.CHECKIN and mood is not None:
            by_day[entry.created.date()].append(mood)
    return {day: fmean(by_day[day]) for day in sorted(by_day)}


def relief(
    session_day: date,
    mood_before: int | None,
    moods: Mapping[date, float],
    until: date | None,
    days: Sequence[date] | None = None,
    *,
    max_gap_days: int = MAX_GAP_DAYS,
) -> Relief:
    """Days the daily check-in mood stayed above the pre-session mood, counted to the day before
    it first fell back to it or below (check-ins 7, 7, 6, 4 after a pre-session 5 make 3 days).
    Only days after the session and before the next one (`until`) count; no fall-back among them
    is "held" at the last check-in day.

    Days without a check-in count as still above while the stretch is at most `max_gap_days`
    long. After a longer stretch the day it fell back is unknown: a fall-back becomes the range
    from the last check-in before that stretch to the day before the fall-back, and a held value
    counts only up to that last check-in before the stretch."""
    if mood_before is None:
        return Relief(RELIEF_NO_MOOD_BEFORE)
    days = days if days is not None else sorted(moods)  # callers with many sessions sort once
    seen = session_day  # the latest day known to be still above; the session day is day 0
    before_gap: date | None = None  # the last day seen before the first long stretch
    # From the first day after the session: a binary search, not a pass over every check-in.
    for day in days[bisect_right(days, session_day) :]:
        if until is not None and day >= until:
            break
        if before_gap is None and (day - seen).days - 1 > max_gap_days:
            before_gap = seen
        if moods[day] <= mood_before:
            high = (day - session_day).days - 1
            if before_gap is None:
                return Relief(RELIEF_FELL_BACK, high, high)
            return Relief(RELIEF_FELL_BACK, (before_gap - session_day).days, high, gap=True)
        seen = day
    if seen == session_day:
        return Relief(RELIEF_UNKNOWN)
    if before_gap is None:
        return Relief(RELIEF_HELD, (seen - session_day).days)
    return Relief(RELIEF_HELD, (before_gap - session_day).days, gap=True)


@dataclass(frozen=True)
class KaplanMeierMedian:
    """The Kaplan-Meier median of durations some of which are censored ("at least")."""

    days: int | None  # None when there is nothing to rest on
    at_least: bool  # the curve never fell to 0.5: the median is beyond `days`, the longest seen
    sessions: int  # observations it rests on: events + censored
    events: int
    censored: int


def kaplan_meier_median(observations: Iterable[tuple[int, bool]]) -> KaplanMeierMedian:
    """The smallest time t at which the Kaplan-Meier survival S(t) is 0.5 or less, from
    (time, event) pairs; event False is censored. At a time shared by events and censored
    values the events come first (a value censored at t was still at risk at t). For an even
    number of uncensored times this is the lower of the middle two, not their mean: at the
    lower one half have already fallen back. Exact fractions, so that 0.5 is 0.5."""
    data = sorted(observations)
    events = sum(1 for _, event in data if event)
    counts = {"sessions": len(data), "events": events, "censored": len(data) - events}
    if not data:
        return KaplanMeierMedian(None, False, **counts)
    survival, at_risk = Fraction(1), len(data)
    for time, group in groupby(data, key=itemgetter(0)):
        ended = [event for _, event in group]
        if fell := sum(ended):
            survival *= 1 - Fraction(fell, at_risk)
            if survival <= Fraction(1, 2):
                return KaplanMeierMedian(time, False, **counts)
        at_risk -= len(ended)
    return KaplanMeierMedian(data[-1][0], True, **counts)


# Sessions


@dataclass(frozen=True)
class SessionRow:
    """One session: its date and route, the self-ratings before (intention) and after
    (integration), the scales taken in the week before, and how long the relief lasted.
    `scales_before`: the latest score in the week before of each questionnaire the catalogue
    shows with sessions (catalogue.session_scales), None where there is none."""

    session: int
    date: date
    route: str | None
    mood_before: int | None
    mood_after: int | None
    anxiety_before: int | None
    anxiety_after: int | None
    scales_before: dict[str, int | None] = field(default_factory=dict, hash=False)
    relief: Relief = Relief(RELIEF_UNKNOWN)

    @property
    def mood_change(self) -> int | None:
        return _change(self.mood_before, self.mood_after)

    @property
    def anxiety_change(self) -> int | None:
        return _change(self.anxiety_before, self.anxiety_after)

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["date"] = self.date.isoformat()
        for scale in session_scales():
            record[f"{scale.id}_before"] = self.scales_before.get(scale.id)
        record["mood_change"] = self.mood_change
        record["anxiety_change"] = self.anxiety_change
        record["relief_days"] = self.relief.days
        record["relief"] = self.relief.status
        record["relief_low"] = self.relief.low
        record["relief_high"] = self.relief.high
        record["relief_gap"] = self.relief.gap
        return {key: record[key] for key in session_columns()}


def _latest_score_before(series: Sequence[tuple[datetime, int]], when: datetime) -> int | None:
    """The latest score in the window before a session (the intention itself counts); series is
    sorted by time, so this is a binary search, not a scan of every entry for every session."""
    index = bisect_right(series, when, key=lambda point: point[0])
    if index and series[index - 1][0] >= when - PRE_SESSION_WINDOW:
        return series[index - 1][1]
    return None


def session_rows(
    entries: Iterable[Entry], since: date | None = None, *, max_gap_days: int = MAX_GAP_DAYS
) -> list[SessionRow]:
    """One row per session with an intention, oldest first. The first integration is 'after'.
    Relief reads every check-in, also those before `since`'s sessions' next session."""
    ordered = sorted(entries, key=lambda e: e.created)
    intentions: dict[int, Entry] = {}
    integrations: dict[int, Entry] = {}
    for entry in ordered:
        if entry.session is None:
            continue
        if entry.kind == Kind.INTENTION:
            intentions.setdefault(entry.session, entry)
        elif entry.kind == Kind.INTEGRATION:
            integrations.setdefault(entry.session, entry)
    moods = daily_moods(ordered)
    mood_days = sorted(moods)
    points = scale_points(ordered)
    shown = [scale.id for scale in session_scales()]
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
                scales_before={
                    name: _latest_score_before(points.get(name, []), before.created)
                    for name in shown
                },
                relief=relief(
                    day, mood_before, moods, next_day, mood_days, max_gap_days=max_gap_days
                ),
            )
        )
    return rows


@dataclass(frozen=True)
class Summary:
    """The sessions of the period shown (all of them, or those from `since` on), in figures
    that each carry what they rest on."""

    sessions: int
    first_session: int | None  # the numbers of the first and last session in the period
    last_session: int | None
    since: date | None
    average_mood_change: float | None
    mood_change_sessions: int  # sessions with a mood both before and after
    first_mood_before: int | None  # the first and last session in the period with a mood before
    first_mood_before_session: int | None
    first_mood_before_date: date | None
    last_mood_before: int | None
    last_mood_before_session: int | None
    last_mood_before_date: date | None
    relief: KaplanMeierMedian
    relief_ranges: int  # of relief.censored: fell back within a range, counted at its low end
    relief_max_gap_days: int

    @property
    def numbers(self) -> str:
        """Which sessions the period holds: "session 3", "sessions 2–3" or ""."""
        if self.first_session is None:
            return ""
        if self.first_session == self.last_session:
            return f"session {self.first_session}"
        return f"sessions {self.first_session}–{self.last_session}"

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        del record["relief"]
        for key in ("since", "first_mood_before_date", "last_mood_before_date"):
            record[key] = record[key].isoformat() if record[key] else None
        record["relief_median_days"] = self.relief.days
        record["relief_median_at_least"] = self.relief.at_least
        record["relief_sessions"] = self.relief.sessions
        record["relief_events"] = self.relief.events
        record["relief_censored"] = self.relief.censored
        return record


def summarise(
    rows: list[SessionRow], since: date | None = None, max_gap_days: int = MAX_GAP_DAYS
) -> Summary:
    """The sessions in the period, the average mood change within a session over those rated
    before and after, the first against the last mood before, and the Kaplan-Meier median of
    how long relief lasted (held and ranges censored)."""
    changes = [r.mood_change for r in rows if r.mood_change is not None]
    befores = [r for r in rows if r.mood_before is not None]
    first, last = (befores[0], befores[-1]) if befores else (None, None)
    observed = [o for r in rows if (o := r.relief.observation()) is not None]
    return Summary(
        sessions=len(rows),
        first_session=rows[0].session if rows else None,
        last_session=rows[-1].session if rows else None,
        since=since,
        average_mood_change=round(fmean(changes), 1) if changes else None,
        mood_change_sessions=len(changes),
        first_mood_before=first.mood_before if first else None,
        first_mood_before_session=first.session if first else None,
        first_mood_before_date=first.date if first else None,
        last_mood_before=last.mood_before if last else None,
        last_mood_before_session=last.session if last else None,
        last_mood_before_date=last.date if last else None,
        relief=kaplan_meier_median(observed),
        relief_ranges=sum(r.relief.is_range for r in rows),
        relief_max_gap_days=max_gap_days,
    )


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def relief_rule(max_gap_days: int = MAX_GAP_DAYS) -> str:
    """One footnote saying exactly what a relief value and its median count, for every view."""
    if max_gap_days:
        gaps = (
            f"More than {_count(max_gap_days, 'day')} without a check-in make it uncertain: a "
            "fall-back after them shows as a range (2–5 d), held counts only to the check-in "
            "before them; shorter gaps count as above."
        )
    else:
        gaps = (
            "A day without a check-in makes it uncertain: a fall-back after it shows as a range "
            "(2–5 d), held counts only to the check-in before it."
        )
    return (
        "Relief: days the check-in mood (each day's average) stayed above the mood before the "
        "session, counting check-in days from the day after it to the day before the next "
        "session; it fell back on the first day at or below. held N+ d: still above at the last "
        f"check-in, N days after. {gaps} –: no check-ins, or no mood before. Median: "
        'Kaplan-Meier, held values and ranges (low end) counted as "at least".'
    )


def mood_change_text(summary: Summary) -> str:
    """The average change within a session and how many sessions it averages."""
    rated = summary.mood_change_sessions
    counted = f"{_count(rated, 'session')} rated before and after"
    if not rated:
        counted = "no session rated before and after"
    average = summary.average_mood_change
    shown = "–" if average is None else f"{average:+g}"
    return f"Average mood change within a session: {shown} ({counted})"


def moods_before_text(summary: Summary) -> str:
    """The first against the last mood before a session in the period, each with its session."""
    if summary.first_mood_before_date is None or summary.last_mood_before_date is None:
        return "Mood before a session: – (none rated)"
    line = (
        f"Mood before session {summary.first_mood_before_session} "
        f"({summary.first_mood_before_date.isoformat()}): {summary.first_mood_before}"
    )
    if summary.last_mood_before_session != summary.first_mood_before_session:
        line += (
            f"; before session {summary.last_mood_before_session} "
            f"({summary.last_mood_before_date.isoformat()}): {summary.last_mood_before}"
        )
    return line


def relief_median_text(summary: Summary) -> str | None:
    """The median relief as one sentence saying what it rests on; None with nothing to rest on."""
    median = summary.relief
    if median.days is None:
        return None
    figure = _count(median.days, "day")
    if median.at_least:
        figure = "at least " + figure
    sessions = _count(median.sessions, "session")
    if median.sessions < summary.sessions:
        sessions = f"{median.sessions} of {_count(summary.sessions, 'session')}"
    parts = [f"{median.events} fell back"]
    if held := median.censored - summary.relief_ranges:
        parts.append(f"{held} held")
    if summary.relief_ranges:
        parts.append(f"{summary.relief_ranges} in a range after a gap")
    return f"Relief lasted {figure} (median, Kaplan-Meier, from {sessions}: {', '.join(parts)})."


def mood_series(entries: Iterable[Entry], since: date | None = None) -> list[tuple[datetime, int]]:
    """Every mood rating in time order, from any kind of entry."""
    return rating_series(entries, "mood", since)


def rating_series(
    entries: Iterable[Entry], name: str, since: date | None = None
) -> list[tuple[datetime, int]]:
    """Every 0-10 rating of this name (mood, anxiety, ...) in time order, from any kind of entry."""
    points = []
    for entry in entries:
        value = _rating(entry, name)
        if value is not None and (since is None or entry.created.date() >= since):
            points.append((entry.created, value))
    return sorted(points)


# Validated scales


@dataclass(frozen=True)
class ScaleRow:
    """Baseline (first score in the period) against latest for one scale, with its thresholds
    applied. With one score there is no change: change, meaningful, better, response and
    remission are None rather than a change of 0 that "is not meaningful"."""

    scale: str
    name: str
    scores: int
    baseline: int
    baseline_date: date
    latest: int
    latest_date: date
    change: int | None
    change_percent: float | None  # None also from a baseline of 0: no percent of nothing
    meaningful: bool | None  # the change passes the scale's meaningful-change threshold
    better: bool | None  # the change is in the scale's better direction
    response: bool | None  # PHQ-9: a drop of at least 50 % from a baseline above 0
    remission: bool | None  # PHQ-9: latest below 5, from a baseline of 5 or more
    latest_band: str
    history: tuple[int, ...]

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["scale"] = self.name
        record["baseline_date"] = self.baseline_date.isoformat()
        record["latest_date"] = self.latest_date.isoformat()
        return {key: record[key] for key in SCALE_COLUMNS}

    def change_label(self) -> str:
        """ "-2 (-12.5%)", or "one score" when there is nothing to compare."""
        if self.change is None:
            return "one score"
        percent = f" ({self.change_percent:+g}%)" if self.change_percent is not None else ""
        return f"{self.change:+d}{percent}"


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
        change = percent = meaningful = better = response = remission = None
        if len(series) > 1:
            change = latest - baseline
            percent = round(100 * change / baseline, 1) if baseline else None
            meaningful = abs(change) >= scale.meaningful_change
            better = change < 0 if scale.better == "lower" else change > 0
            # A drop from 0 cannot be a share of it, and a score that started below the
            # remission line cannot go into remission: neither is a yes or a no.
            if scale.response_drop_percent is not None and baseline > 0:
                response = -change >= baseline * scale.response_drop_percent / 100
            if scale.remission_below is not None and baseline >= scale.remission_below:
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
                meaningful=meaningful,
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
    mood: float | None  # the average of every mood rating that week, of `mood_ratings`
    anxiety: float | None
    entries: int
    mood_ratings: int = 0
    anxiety_ratings: int = 0

    def as_record(self) -> dict[str, Any]:
        record = asdict(self)
        record["starts"] = self.starts.isoformat()
        return record


def week_rows(entries: Iterable[Entry], since: date | None = None) -> list[WeekRow]:
    """Average mood and anxiety per ISO week from every entry, with how many ratings each
    average rests on; weeks without any are kept as empty rows, so a gap shows as a gap. With
    `since` the first week counts only from that day."""
    buckets: dict[date, list[Entry]] = defaultdict(list)
    low, high = PLAUSIBLE_YEARS
    for entry in entries:
        day = entry.created.date()
        if not low <= day.year <= high:
            continue  # reading refuses these: one year typo must not make 100,000 empty weeks
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
                mood_ratings=len(moods),
                anxiety_ratings=len(anxieties),
            )
        )
        monday += timedelta(days=7)
    return rows


# Everything at once, for the command


VIEWS = ("sessions", "scales", "weeks")


def chosen_views(view: str | None, output_format: str) -> list[str]:
    """The views to show: the one asked for, else every one. CSV is one table: sessions unless
    another view is asked for, and never all of them."""
    if output_format == "csv" and view == "all":
        raise UsageError("--format csv prints one view: choose --view sessions, scales or weeks")
    if view and view != "all":
        return [view]
    return ["sessions"] if output_format == "csv" else list(VIEWS)


@dataclass(frozen=True)
class TrendsReport:
    sessions: list[SessionRow]
    summary: Summary
    scales: list[ScaleRow]
    weeks: list[WeekRow]
    notes: list[str]
    mood: list[tuple[datetime, int]]
    since: date | None = None

    def recent_sessions(self, every: bool = False) -> list[SessionRow]:
        """The sessions a terminal shows: the latest RECENT_SESSIONS, or every one."""
        return self.sessions if every else self.sessions[-RECENT_SESSIONS:]

    def recent_weeks(self, every: bool = False) -> list[WeekRow]:
        """The weeks a terminal shows: the latest RECENT_WEEKS, or every one."""
        return self.weeks if every else self.weeks[-RECENT_WEEKS:]

    def records(self, view: str) -> tuple[list[dict[str, Any]], Sequence[str]]:
        """Rows and columns of one view, for CSV."""
        if view == "sessions":
            return [r.as_record() for r in self.sessions], session_columns()
        if view == "scales":
            return [r.as_record() for r in self.scales], SCALE_COLUMNS
        return [r.as_record() for r in self.weeks], WEEK_COLUMNS

    def as_data(self, views: Sequence[str]) -> dict[str, Any]:
        """The chosen views as plain data, for JSON."""
        data: dict[str, Any] = {}
        if "sessions" in views:
            data["sessions"] = [r.as_record() for r in self.sessions]
            data["summary"] = self.summary.as_record()
            data["mood"] = [{"created": t.isoformat(), "mood": m} for t, m in self.mood]
        if "scales" in views:
            data["scales"] = [r.as_record() for r in self.scales]
            data["notes"] = self.notes
        if "weeks" in views:
            data["weeks"] = [r.as_record() for r in self.weeks]
        return data


def build_report(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    since: date | None = None,
    *,
    max_gap_days: int = MAX_GAP_DAYS,
) -> TrendsReport:
    sessions = session_rows(entries, since, max_gap_days=max_gap_days)
    points = scale_points(entries, since)  # shared by the questionnaire rows and the notes
    return TrendsReport(
        sessions=sessions,
        summary=summarise(sessions, since, max_gap_days),
        scales=scale_rows(entries, scales, since, points),
        weeks=week_rows(entries, since),
        notes=worsening_notes(entries, scales, since, points),
        mood=mood_series(entries, since),
        since=since,
    )
