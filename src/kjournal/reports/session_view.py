"""One session as data: what was written before and after it, the ratings, the questionnaires of
the week before, the check-ins until the next session, relief, and side effects.

Every figure comes from reports/trends.py (the session row with its relief, the scale rows with
their bands and meaningful change), so `kjournal session N` and `kjournal trends` never disagree.
Risk answers are read by the render layer (safety and reports are independent layers) from
`SessionSummary.risk_entries`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kjournal.errors import UsageError
from kjournal.journal.entry import Entry, short_id
from kjournal.questions.scales import Scale
from kjournal.reports.trends import (
    MAX_GAP_DAYS,
    PRE_SESSION_WINDOW,
    RELIEF_NO_MOOD_BEFORE,
    Relief,
    ScaleRow,
    SessionRow,
    daily_moods,
    rating_series,
    scale_points,
    scale_rows,
    session_rows,
)

# Reads the written answers of the entries it is given (Journal.with_bodies): only the entries
# shown are read, never the whole journal.
LoadBodies = Callable[[list[Entry]], list[Entry]]


@dataclass(frozen=True)
class DayMood:
    """One day after a session: its average check-in mood, None on a day without one."""

    day: date
    mood: float | None


@dataclass(frozen=True)
class SessionSummary:
    """One session on one screen. `row` is the trends row (relief included); a session with a
    reflection but no intention gets a row with no "before" and no relief. The window of
    check-ins runs from the day after the session to the day before `until` (the next session's
    intention), as relief counts them."""

    session: int
    day: date  # the intention's day; without an intention, the reflection's
    intention: Entry | None
    integration: Entry | None
    other_reflections: tuple[Entry, ...]  # written again for this session (--again): named
    row: SessionRow
    scales_before: tuple[ScaleRow, ...]  # latest score of each scale in the 7 days before
    until: date | None  # the next session's day; None for the latest session
    next_session: int | None
    checkins: tuple[DayMood, ...]  # the day after the session to the last check-in day before until
    checkin_count: int  # check-in entries in the window, with or without a mood
    side_effects: tuple[tuple[str, int], ...]  # (as recorded, entries) from the session on
    risk_from: datetime  # risk answers are looked for from here to `until`
    risk_entries: tuple[Entry, ...]
    max_gap_days: int = MAX_GAP_DAYS

    @property
    def has_intention(self) -> bool:
        return self.intention is not None

    def as_record(self) -> dict[str, Any]:
        """The figures as plain data (the render layer adds texts and risk answers)."""
        row = self.row.as_record()
        return {
            "session": self.session,
            "date": self.day.isoformat(),
            "route": self.row.route,
            "intention": short_id(self.intention) if self.intention else None,
            "integration": short_id(self.integration) if self.integration else None,
            **{key: row[key] for key in row if key not in ("session", "date", "route")},
            "scales_before": [
                {
                    **scale.as_record(),
                    "scale_id": scale.scale,
                    "better": scale.better,
                }
                for scale in self.scales_before
            ],
            "next_session": self.next_session,
            "next_session_date": self.until.isoformat() if self.until else None,
            "checkins": [{"date": d.day.isoformat(), "mood": d.mood} for d in self.checkins],
            "checkin_count": self.checkin_count,
            "side_effects": [{"side_effect": n, "entries": c} for n, c in self.side_effects],
            "relief_max_gap_days": self.max_gap_days,
        }


def _firsts(entries: Iterable[Entry], kind: str) -> dict[int, Entry]:
    """The first entry of this kind per session, as trends takes it."""
    found: dict[int, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.created):
        if entry.kind == kind and entry.session is not None:
            found.setdefault(entry.session, entry)
    return found


def session_numbers(entries: Iterable[Entry]) -> list[int]:
    """Every session with an intention or a reflection, in number order."""
    kinds = ("intention", "integration")
    return sorted({e.session for e in entries if e.kind in kinds and e.session is not None})


def pick_session(entries: Sequence[Entry], reference: str) -> int:
    """The session meant by `N` or `latest` (the highest number)."""
    numbers = session_numbers(entries)
    if not numbers:
        raise UsageError("no sessions yet: `kjournal intend` starts one")
    if reference == "latest":
        return numbers[-1]
    # ASCII digits only: '²' passes isdigit() but not int(), and a number thousands of digits
    # long is no session either.
    wanted = (
        int(reference)
        if reference.isascii() and reference.isdigit() and len(reference) < 20
        else None
    )
    if wanted not in numbers:
        have = (
            f"session {numbers[0]}"
            if len(numbers) == 1
            else f"sessions {numbers[0]} to {numbers[-1]}"
        )
        raise UsageError(f"no session '{reference}'; the journal has {have}, or latest")
    return wanted


def side_effect_counts(entries: Iterable[Entry]) -> tuple[tuple[str, int], ...]:
    """Side effects as recorded (nausea, dissociation_lingering, ...) with how many entries name
    each, most often first; "none" is not a side effect. The report counts them the same way."""
    counts = Counter(
        effect
        for entry in entries
        for effect in (entry.fields.get("side_effects") or [])
        if isinstance(effect, str) and effect != "none"
    )
    return tuple(counts.most_common())


def _rating_of(entry: Entry | None, name: str) -> int | None:
    points = rating_series([entry], name) if entry is not None else []
    return points[0][1] if points else None


def scores_before(
    points: Mapping[str, Sequence[tuple[datetime, int]]],
    scales: Mapping[str, Scale],
    when: datetime,
) -> tuple[ScaleRow, ...]:
    """Each scale's latest score in the week before `when` (as trends' PHQ-9 before), as a
    trends scale row: the first score ever against that one, with its band and whether the
    change is meaningful."""
    found = []
    for name, scale in scales.items():
        series = points.get(name, ())
        taken = [i for i, (t, _) in enumerate(series) if when - PRE_SESSION_WINDOW <= t <= when]
        if taken:
            found += scale_rows((), {name: scale}, points={name: series[: taken[-1] + 1]})
    return tuple(found)


def _with_bodies(found: list[Entry | None], load: LoadBodies | None) -> list[Entry | None]:
    wanted = [e for e in found if e is not None]
    if load is None or not wanted:
        return found
    loaded = iter(load(wanted))
    return [next(loaded) if e is not None else None for e in found]


def session_summary(
    entries: Sequence[Entry],
    session: int,
    scales: Mapping[str, Scale],
    *,
    max_gap_days: int = MAX_GAP_DAYS,
    load_bodies: LoadBodies | None = None,
) -> SessionSummary:
    """One session from every entry of the journal (front matter is enough); `load_bodies`
    reads the written answers of its intention and reflection. Unknown session: UsageError."""
    ordered = sorted(entries, key=lambda e: e.created)
    intentions, integrations = _firsts(ordered, "intention"), _firsts(ordered, "integration")
    intention, integration = intentions.get(session), integrations.get(session)
    anchor = intention or integration
    if anchor is None:
        pick_session(ordered, str(session))  # raises, naming the sessions there are
        raise AssertionError  # pragma: no cover
    intention, integration = _with_bodies([intention, integration], load_bodies)
    rows = {r.session: r for r in session_rows(ordered, max_gap_days=max_gap_days)}
    day = anchor.created.date()
    row = rows.get(session) or SessionRow(
        session=session,
        date=day,
        route=anchor.route,
        mood_before=None,
        mood_after=_rating_of(integration, "mood"),
        anxiety_before=None,
        anxiety_after=_rating_of(integration, "anxiety"),
        relief=Relief(RELIEF_NO_MOOD_BEFORE),
    )
    later = sorted(
        (e.created, n) for n, e in intentions.items() if e.created > anchor.created and n != session
    )
    until, next_session = (later[0][0].date(), later[0][1]) if later else (None, None)
    next_began = later[0][0] if later else None

    def before_until(entry: Entry) -> bool:
        """Check-ins count by day, as relief does: up to the day before the next session."""
        return until is None or entry.created.date() < until

    def belongs(entry: Entry) -> bool:
        """Side effects and risk count to the moment the next session began, and the session's
        own reflection always counts, even when written on the morning of the next one."""
        own = entry.kind == "integration" and entry.session == session
        return own or next_began is None or entry.created < next_began

    window = [e for e in ordered if e.created >= anchor.created and before_until(e)]
    effects_window = [e for e in ordered if e.created >= anchor.created and belongs(e)]
    moods = daily_moods(window)
    checkins: list[DayMood] = []
    days = [d for d in moods if d > day]
    if days:
        current = day + timedelta(days=1)
        while current <= days[-1]:
            checkins.append(DayMood(current, moods.get(current)))
            current += timedelta(days=1)
    risk_from = intention.created - PRE_SESSION_WINDOW if intention else anchor.created
    return SessionSummary(
        session=session,
        day=day,
        intention=intention,
        integration=integration,
        other_reflections=tuple(
            e
            for e in ordered
            if e.kind == "integration"
            and e.session == session
            and (integration is None or e.id != integration.id)
        ),
        row=row,
        scales_before=scores_before(scale_points(ordered), scales, intention.created)
        if intention
        else (),
        until=until,
        next_session=next_session,
        checkins=tuple(checkins),
        checkin_count=sum(
            1
            for e in window
            if e.kind == "checkin" and not e.is_questionnaire and e.created.date() > day
        ),
        side_effects=side_effect_counts(effects_window),
        risk_from=risk_from,
        risk_entries=tuple(e for e in ordered if e.created >= risk_from and belongs(e)),
        max_gap_days=max_gap_days,
    )
