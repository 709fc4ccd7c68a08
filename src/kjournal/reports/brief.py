"""A brief for the next appointment, as data: the time since the last session in figures, and
only the written entries the person chose by id.

The period: by default from the moment the latest session began (its intention; without one,
its reflection) to `now`, both included. The session's own ratings before and after belong to
it; a questionnaire taken in the days before the session does not, and is the reference its
scores in the period are compared with. Figures come from reports/trends.py; risk answers are
read by the render layer from `Brief.entries` (safety and reports are independent layers)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kjournal.errors import UsageError
from kjournal.journal.entry import Entry, short_id
from kjournal.questions.scales import Scale
from kjournal.reports import query
from kjournal.reports.session_view import (
    LoadBodies,
    pick_session,
    side_effect_counts,
)
from kjournal.reports.trends import (
    MAX_GAP_DAYS,
    ScaleRow,
    SessionRow,
    Summary,
    WeekRow,
    rating_series,
    scale_points,
    scale_rows,
    session_rows,
    summarise,
    week_rows,
    worsening_notes,
)


@dataclass(frozen=True)
class Period:
    """The time a brief covers, start and end included, and the session it starts from."""

    start: datetime
    end: datetime
    session: int | None = None
    start_is: str = "the start"  # what `start` is, in words: "the intention of session 5"

    def holds(self, entry: Entry) -> bool:
        return self.start <= entry.created <= self.end

    def describe(self) -> str:
        return f"From {self.start_is} ({self.start:%Y-%m-%d %H:%M}) to {self.end:%Y-%m-%d %H:%M}"


def last_session_held(entries: Sequence[Entry], now: datetime) -> int:
    """The latest session, unless it is the one coming up: intended today and not reflected on
    yet (an intention written in the waiting room). Then the one before it, so that a brief
    made after `kjournal intend` still covers the time between the two sessions."""
    latest = pick_session(entries, "latest")
    mine = [e for e in entries if e.session == latest and e.kind in ("intention", "integration")]
    coming_up = all(
        e.kind == "intention" and e.created.astimezone(now.tzinfo).date() == now.date()
        for e in mine
    )
    earlier = sorted({e.session for e in entries if e.session and e.session < latest})
    return earlier[-1] if coming_up and earlier else latest


def since_last_session(
    entries: Sequence[Entry], now: datetime, *, session: int | None = None
) -> Period:
    """From the moment the last session held (or `session`) began to `now`: its intention, or
    its reflection when it has no intention. No session yet: UsageError."""
    number = session if session is not None else last_session_held(entries, now)
    if session is not None:
        pick_session(entries, str(session))  # an unknown number is refused by name
    began = _session_began(number, entries)
    if began is None:  # a session number only a hand-edited check-in carries
        raise UsageError(f"session {number} has no intention or reflection to start a brief from")
    what, start = began
    return Period(start, now, number, f"the {what} of session {number}")


@dataclass(frozen=True)
class ScaleInPeriod:
    """One questionnaire in the period: its scores there with their bands, and two comparisons,
    each a trends scale row (meaningful change, response and remission from the scale's data):
    the last score before the period against the latest in it, and the first score ever
    against the latest in it. Without a score in the period, only `before` is set."""

    scale: str
    name: str
    scores: tuple[tuple[datetime, int, str], ...]  # (when, score, band)
    before: tuple[datetime, int] | None
    since_before: ScaleRow | None
    course: ScaleRow | None


@dataclass(frozen=True)
class Brief:
    period: Period
    entries: tuple[Entry, ...]  # every entry in the period, oldest first
    session: SessionRow | None  # the session the period starts from, with its relief
    summary: Summary  # every session up to the end of the period: the median relief
    mood: tuple[tuple[datetime, int], ...]  # every 0-10 rating in the period
    anxiety: tuple[tuple[datetime, int], ...]
    weeks: tuple[WeekRow, ...]
    sessions: tuple[SessionRow, ...]  # sessions that began in the period
    scales: tuple[ScaleInPeriod, ...]
    notes: tuple[str, ...]  # a worsening of at least the meaningful change, said neutrally
    side_effects: tuple[tuple[str, int], ...]
    written: tuple[Entry, ...]  # entries in the period with written answers: what may be chosen
    included: tuple[Entry, ...]  # the ones chosen, answers read
    max_gap_days: int = MAX_GAP_DAYS


def written_entries(entries: Sequence[Entry], period: Period) -> list[Entry]:
    """The entries in the period that hold written answers, oldest first: what the person can
    choose to include (an interactive choice shows these)."""
    return sorted(
        (e for e in entries if period.holds(e) and (e.sections or e.first_words)),
        key=lambda e: (e.created, e.id),
    )


def _chosen(entries: Sequence[Entry], period: Period, include: Collection[str]) -> list[Entry]:
    """The entries meant by `include` (ids as `kjournal list` shows them, or file names), each
    refused by name unless it is in the period and holds written answers."""
    written = {e.id: e for e in written_entries(entries, period)}
    chosen: dict[str, Entry] = {}
    for reference in include:
        entry = query.resolve(reference, entries)
        if entry.id not in written:
            where = (
                "has no written answers to include"
                if period.holds(entry)
                else "is outside the period of this brief"
            )
            raise UsageError(f"--include: {short_id(entry)} ({entry.created:%Y-%m-%d}) {where}")
        chosen[entry.id] = entry
    return sorted(chosen.values(), key=lambda e: (e.created, e.id))


def _scales(
    entries: Sequence[Entry], scales: Mapping[str, Scale], period: Period
) -> list[ScaleInPeriod]:
    points = scale_points(e for e in entries if e.created <= period.end)
    found = []
    for name, scale in scales.items():
        series = points.get(name, [])
        inside = [(t, v) for t, v in series if t >= period.start]
        earlier = [(t, v) for t, v in series if t < period.start]
        before = earlier[-1] if earlier else None
        if not inside and before is None:
            continue
        since_before = course = None
        if inside:
            one = {name: scale}
            [course] = scale_rows((), one, points={name: series})
            if before is not None:
                [since_before] = scale_rows((), one, points={name: [before, *inside]})
        found.append(
            ScaleInPeriod(
                scale=name,
                name=scale.name,
                scores=tuple((t, v, scale.band(v)) for t, v in inside),
                before=before,
                since_before=since_before,
                course=course,
            )
        )
    return found


def brief(
    entries: Sequence[Entry],
    scales: Mapping[str, Scale],
    period: Period,
    *,
    include: Collection[str] = (),
    load_bodies: LoadBodies | None = None,
    max_gap_days: int = MAX_GAP_DAYS,
) -> Brief:
    """The brief for `period` from every entry of the journal (front matter is enough);
    `load_bodies` reads the answers of the entries in `include`, and of no other."""
    ordered = sorted(entries, key=lambda e: e.created)
    inside = [e for e in ordered if period.holds(e)]
    upto = [e for e in ordered if e.created <= period.end]
    rows = session_rows(upto, max_gap_days=max_gap_days)
    chosen = _chosen(ordered, period, include)
    if chosen and load_bodies is not None:
        chosen = load_bodies(chosen)
    points = scale_points(upto)
    recent = {name: series for name, series in points.items() if series[-1][0] >= period.start}
    return Brief(
        period=period,
        entries=tuple(inside),
        session=next((r for r in rows if r.session == period.session), None),
        summary=summarise(rows, None, max_gap_days),
        mood=tuple(rating_series(inside, "mood")),
        anxiety=tuple(rating_series(inside, "anxiety")),
        weeks=tuple(week_rows(inside)),
        sessions=tuple(  # sessions that began in the period (a late reflection on an
            # earlier one is in the period; that session is not)
            r
            for r in rows
            if r.session != period.session and _began_in(r.session, ordered, period)
        ),
        scales=tuple(_scales(ordered, scales, period)),
        notes=tuple(worsening_notes(upto, scales, points=recent)),
        side_effects=side_effect_counts(inside),
        written=tuple(written_entries(ordered, period)),
        included=tuple(chosen),
        max_gap_days=max_gap_days,
    )


def _session_began(session: int, entries: Sequence[Entry]) -> tuple[str, datetime] | None:
    """When a session began, and by what: its intention, or without one its reflection."""
    found = sorted(
        (e.kind != "intention", e.created)
        for e in entries
        if e.session == session and e.kind in ("intention", "integration")
    )
    if not found:
        return None
    without_intention, start = found[0]
    return ("reflection" if without_intention else "intention", start)


def _began_in(session: int, entries: Sequence[Entry], period: Period) -> bool:
    """Whether the session began in the period."""
    began = _session_began(session, entries)
    return began is not None and period.start <= began[1] <= period.end
