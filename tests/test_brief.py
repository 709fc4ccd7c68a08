"""`kjournal export brief`: the time since the last session for the clinician, on the report's
rules (no scripts, strict CSP, escaped text), written entries only where the person chose them."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from kjournal.errors import UsageError
from kjournal.journal.entry import short_id
from kjournal.journal.store import Journal
from kjournal.render import brief as render
from kjournal.reports import brief as core
from tests.helpers import TZ, make_entry
from tests.report_demo import save_demo

NOW = datetime(2026, 2, 16, 22, 0, tzinfo=TZ)  # the evening before session 5
CSP = (
    "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; "
    "style-src 'unsafe-inline'\">"
)
ODD = "\x1b[2J<script>alert(1)</script> <img src=x onerror=alert(1)> [a link](http://evil.example)"


@pytest.fixture
def demo(journal: Journal):
    save_demo(journal)
    entries = [e for e in journal.scan().entries if e.created <= NOW]
    return journal, entries


def test_the_period_starts_at_the_latest_session_s_intention(demo) -> None:
    _, entries = demo
    period = core.since_last_session(entries, NOW)
    assert (period.session, period.start, period.end) == (
        4,
        datetime(2026, 2, 3, 9, 30, tzinfo=TZ),
        NOW,
    )
    assert (
        period.describe()
        == "From the intention of session 4 (2026-02-03 09:30) to 2026-02-16 22:00"
    )
    assert core.since_last_session(entries, NOW, session=2).start.date().isoformat() == "2026-01-13"


def test_a_brief_made_after_intending_today_covers_the_time_since_the_session_before(
    journal,
) -> None:
    """Intend in the waiting room, then the brief: it must still hold the days between."""
    save_demo(journal)  # session 5's intention: 17 Feb 09:30
    waiting_room = datetime(2026, 2, 17, 9, 45, tzinfo=TZ)
    so_far = [e for e in journal.scan().entries if e.created <= waiting_room]
    period = core.since_last_session(so_far, waiting_room)
    assert (period.session, period.start.date().isoformat()) == (4, "2026-02-03")
    # On a later day, or once it has been reflected on, session 5 is the last one held.
    assert core.since_last_session(so_far, NOW.replace(day=18)).session == 5
    everything = journal.scan().entries  # with session 5's reflection, 17 Feb 15:10
    assert core.since_last_session(everything, datetime(2026, 2, 17, 23, 0, tzinfo=TZ)).session == 5


def test_a_late_reflection_on_an_earlier_session_does_not_put_that_session_in_the_brief(
    demo, scales
) -> None:
    journal, entries = demo
    make_entry(journal, "integration", "2026-02-10 12:00", 3, ratings={"mood": 6})
    entries = [e for e in journal.scan().entries if e.created <= NOW]
    brief = core.brief(entries, scales, core.since_last_session(entries, NOW))
    assert brief.period.session == 4
    assert [r.session for r in brief.sessions] == []  # session 3 began before the period


def test_without_an_intention_the_period_starts_at_the_reflection(journal) -> None:
    make_entry(journal, "intention", "2026-03-02 09:00", 1, ratings={"mood": 4})
    make_entry(journal, "integration", "2026-03-10 15:00", 2, ratings={"mood": 7})
    period = core.since_last_session(journal.scan().entries, NOW.replace(month=3, day=12))
    assert period.session == 2 and period.start_is == "the reflection of session 2"


def test_no_session_yet_is_said_plainly(journal) -> None:
    make_entry(journal, "checkin", "2026-03-02 20:00", ratings={"mood": 4})
    with pytest.raises(UsageError, match="no sessions yet"):
        core.since_last_session(journal.scan().entries, NOW)


def test_the_brief_holds_the_period_s_figures(demo, scales) -> None:
    _, entries = demo
    brief = core.brief(entries, scales, core.since_last_session(entries, NOW))
    assert all(brief.period.holds(e) for e in brief.entries)
    assert brief.session is not None and brief.session.session == 4
    assert brief.session.relief.label() == "held 13+ d"
    [phq9] = [s for s in brief.scales if s.scale == "phq9"]
    assert [v for _, v, _ in phq9.scores] == [10, 8] and phq9.before is not None
    assert phq9.before[1] == 14  # the score the day before the session: the reference
    assert phq9.since_before is not None and phq9.since_before.change == -6
    assert phq9.since_before.meaningful is True
    assert phq9.course is not None and (phq9.course.baseline, phq9.course.response) == (19, True)
    assert brief.side_effects == (("dizziness", 1), ("headache", 1))
    assert brief.included == ()


def test_reflections_appear_only_when_chosen_by_id(demo, scales) -> None:
    journal, entries = demo
    period = core.since_last_session(entries, NOW)
    written = core.written_entries(entries, period)
    assert [e.kind for e in written] == ["intention", "integration"]
    asked: list[list] = []

    def load(wanted: list) -> list:
        asked.append(wanted)
        return journal.with_bodies(wanted)

    none = core.brief(entries, scales, period, load_bodies=load)
    assert asked == []  # nothing chosen: no answer is even read
    for text in (render.to_markdown(none, scales, generated=NOW),
                 render.to_html(none, scales, generated=NOW)):  # fmt: skip
        assert "Warm light" not in text and "Sit with the grief" not in text
        assert "none chosen (2 written entries in the period)" in text
    chosen = core.brief(entries, scales, period, include=[short_id(written[1])], load_bodies=load)
    assert [[e.kind for e in wanted] for wanted in asked] == [["integration"]]
    markdown = render.to_markdown(chosen, scales, generated=NOW)
    assert "Warm light; his voice, kinder." in markdown and "Sit with the grief" not in markdown
    assert "1 of 2 written entries, chosen by the person" in markdown
    assert "Not included: the other written entry, entries before 2026-02-03 09:30" in markdown


def test_an_entry_outside_the_period_cannot_be_included(demo, scales) -> None:
    _, entries = demo
    period = core.since_last_session(entries, NOW)
    earlier = next(e for e in entries if e.kind == "integration" and e.session == 1)
    with pytest.raises(UsageError, match="is outside the period of this brief"):
        core.brief(entries, scales, period, include=[short_id(earlier)])
    checkin = next(e for e in entries if e.kind == "checkin" and period.holds(e))
    with pytest.raises(UsageError, match="has no written answers"):
        core.brief(entries, scales, period, include=[short_id(checkin)])


def test_risk_answers_in_the_period_are_shown_with_date_and_item(demo, scales) -> None:
    _, entries = demo
    brief = core.brief(entries, scales, core.since_last_session(entries, NOW, session=3))
    line = "2026-02-02: PHQ-9 item 9 = 2"
    assert "Answers that signalled risk:" in render.to_html(brief, scales, generated=NOW)
    assert f"  - {line}" in render.to_markdown(brief, scales, generated=NOW)
    later = core.brief(entries, scales, core.since_last_session(entries, NOW))
    assert line not in render.to_markdown(later, scales, generated=NOW)  # before its period


def test_the_html_brief_runs_nothing_and_fetches_nothing(journal, scales) -> None:
    make_entry(journal, "intention", "2026-03-02 09:00", 1, text=ODD, ratings={"mood": 4},
               route="<b>iv</b>")  # fmt: skip
    make_entry(journal, "checkin", "2026-03-03 20:00", ratings={"mood": 6},
               side_effects=["<i>odd</i>"])  # fmt: skip
    entries = journal.scan().entries
    now = NOW.replace(month=3, day=4)
    period = core.since_last_session(entries, now)
    [written] = core.written_entries(entries, period)
    brief = core.brief(
        entries, scales, period, include=[written.id], load_bodies=journal.with_bodies
    )
    page = render.to_html(brief, scales, generated=now)
    assert "<script" not in page.lower() and "<img" not in page and "<b>" not in page
    assert page.count(CSP) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;i&gt;odd&lt;/i&gt;" in page
    assert not re.search(r"<[^>]*\s(src|href)=", page)  # no tag fetches or links anything
    assert "@media print" in page and "break-before:auto" in page
    markdown = render.to_markdown(brief, scales, generated=now)
    assert "<script>" not in markdown and "<img" not in markdown and "[a link](" not in markdown
    assert "\\](http://evil.example)" in markdown


def test_the_brief_states_its_period_and_what_it_holds(demo, scales) -> None:
    _, entries = demo
    brief = core.brief(entries, scales, core.since_last_session(entries, NOW))
    for text in (render.to_markdown(brief, scales, generated=NOW),
                 render.to_html(brief, scales, generated=NOW)):  # fmt: skip
        assert "Period: From the intention of session 4 (2026-02-03 09:30) to 2026-02-16 22:00" in (
            text
        )
        assert "Included: 0-10 self-ratings, questionnaire scores" in text
        assert "Not included:" in text
        assert "not a medical device" in text
        assert "Developed by Drs. Robert L. Spitzer" in text


def test_a_brief_says_plainly_when_no_answer_signalled_risk(demo, scales) -> None:
    _, entries = demo
    later = [e for e in entries if e.created >= datetime(2026, 2, 3, tzinfo=TZ)]
    brief = core.brief(later, scales, core.since_last_session(later, NOW))
    assert not render.risk_lines(brief, scales)
    for output_format in ("md", "html"):
        assert render.NO_RISK in render.render(output_format, brief, scales, generated=NOW)


def test_months_without_ratings_do_not_squeeze_the_chart_and_are_said(demo, scales) -> None:
    journal, _ = demo
    entries = journal.scan().entries  # the last rating: a check-in on 20 February
    months_later = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)
    brief = core.brief(entries, scales, core.since_last_session(entries, months_later))
    page = render.render("html", brief, scales, generated=months_later)
    assert "No ratings after 2026-02-20 (the period runs to 2026-11-02)" in page
    assert "Nov" not in page.split("<figure class=mood>")[1].split("</figure>")[0]
