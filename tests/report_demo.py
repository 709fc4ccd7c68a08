"""A realistic seven-week journal for looking at the clinician report, in tests and in bench/.

Five sessions, daily check-ins with a five-day gap, PHQ-9 / GAD-7 / PCL-5 / WHO-5 scores on
check-ins (the round-one way of saving a questionnaire), and one answer that signalled risk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal

TZ = timezone(timedelta(hours=1))
START = date(2026, 1, 5)  # a Monday
GAP = (date(2026, 1, 26), date(2026, 1, 30))  # no entries at all on these days, both included
SESSIONS = {  # session number: (day, route, mood before, mood after)
    1: (date(2026, 1, 6), "iv", 3, 7),
    2: (date(2026, 1, 13), "iv", 4, 8),
    3: (date(2026, 1, 20), "im", 4, 7),
    4: (date(2026, 2, 3), "im", 3, 7),
    5: (date(2026, 2, 17), "sublingual", 5, 8),
}
RISK_DAY = date(2026, 2, 2)
# Scores by day; items are spread so that they add up to the score (WHO-5: raw sum x 4).
PHQ9 = {
    date(2026, 1, 5): 19,
    date(2026, 1, 12): 15,
    date(2026, 1, 19): 12,
    RISK_DAY: 14,
    date(2026, 2, 9): 10,
    date(2026, 2, 16): 8,
}
GAD7 = {date(2026, 1, 5): 15, date(2026, 1, 19): 11, RISK_DAY: 12, date(2026, 2, 16): 8}
PCL5 = {date(2026, 1, 5): 44, date(2026, 2, 5): 33}
WHO5 = {date(2026, 1, 5): 28, date(2026, 1, 19): 40, RISK_DAY: 36, date(2026, 2, 16): 56}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TZ)


def spread(total: int, count: int, top: int) -> list[int]:
    """`count` item values from 0 to `top` adding up to `total`, as even as they go."""
    base, extra = divmod(total, count)
    values = [base + (1 if i < extra else 0) for i in range(count)]
    assert max(values) <= top, (total, count, top)
    return values


def _scales_on(day: date) -> dict[str, dict[str, object]]:
    scales: dict[str, dict[str, object]] = {}
    if day in PHQ9:
        items = spread(PHQ9[day] - (2 if day == RISK_DAY else 0), 8, 3)
        scales["phq9"] = {"score": PHQ9[day], "items": [*items, 2 if day == RISK_DAY else 0]}
    if day in GAD7:
        scales["gad7"] = {"score": GAD7[day], "items": spread(GAD7[day], 7, 3)}
    if day in PCL5:
        scales["pcl5"] = {"score": PCL5[day], "items": spread(PCL5[day], 20, 4)}
    if day in WHO5:
        scales["who5"] = {"score": WHO5[day], "items": spread(WHO5[day] // 4, 5, 5)}
    return scales


def _checkin_mood(day: date) -> int:
    """A lift after each session that fades over a few days, and a slow rise over the weeks."""
    last = max((d for d, *_ in SESSIONS.values() if d < day), default=None)
    base = 3 + (day - START).days // 14
    if last is None:
        return base
    lift = max(0, 4 - (day - last).days)
    return min(10, base + lift)


def demo_entries() -> list[Entry]:
    """Every entry of the demo journal, oldest first, not yet saved."""
    entries: list[Entry] = []
    sessions_by_day = {day: (n, *rest) for n, (day, *rest) in SESSIONS.items()}
    day = START
    while day <= date(2026, 2, 20):
        if GAP[0] <= day <= GAP[1]:
            day += timedelta(days=1)
            continue
        if day in sessions_by_day:
            number, route, before, after = sessions_by_day[day]
            entries.append(
                Entry(
                    kind="intention",
                    created=_at(day, 9, 30),
                    session=number,
                    fields={
                        "route": route,
                        "ratings": {"mood": before, "anxiety": 7 - number // 2},
                    },
                    sections=[
                        Section(
                            "What would you like to explore, or soften, today?",
                            "Sit with the grief about my father without running from it.",
                        )
                    ],
                )
            )
            entries.append(
                Entry(
                    kind="integration",
                    created=_at(day, 15, 10),
                    session=number,
                    fields={
                        "ratings": {"mood": after, "anxiety": 3},
                        "side_effects": ["nausea"] if number in (1, 3) else ["dizziness"],
                    },
                    sections=[Section("What stayed with you?", "Warm light; his voice, kinder.")],
                )
            )
        else:
            fields: dict[str, object] = {
                "ratings": {
                    "mood": _checkin_mood(day),
                    "anxiety": max(1, 7 - (day - START).days // 10),
                    "sleep": 6,
                    "energy": 5,
                }
            }
            scales = _scales_on(day)
            if scales:
                fields["scales"] = scales
            if day == RISK_DAY:
                fields["risk"] = True
            if day in (date(2026, 1, 7), date(2026, 2, 4)):
                fields["side_effects"] = ["headache"]
            entries.append(Entry(kind="checkin", created=_at(day, 20, 15), fields=fields))
        day += timedelta(days=1)
    return entries


def save_demo(journal: Journal) -> list[Entry]:
    """Write the demo journal into `journal`; returns the entries as saved (paths set)."""
    entries = demo_entries()
    for entry in entries:
        journal.save_entry(entry)
    return entries
