"""`kjournal session N`: one session on one screen, from the same figures as `trends`, at any
width from 40 columns, as Markdown and JSON, with whatever a person typed kept inert."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.console import Console

from kjournal.errors import UsageError
from kjournal.journal.entry import Section
from kjournal.journal.store import Journal
from kjournal.render import session as render
from kjournal.reports.session_view import pick_session, session_summary
from kjournal.reports.trends import (
    RELIEF_NO_MOOD_BEFORE,
    RELIEF_UNKNOWN,
    session_rows,
)
from tests.helpers import make_entry
from tests.report_demo import GAP, save_demo

ODD = (
    "calm \x1b]8;;http://evil.example\x07click\x1b]8;;\x07 \x1b[2J\u202egnp.exe "
    "[a link](http://evil.example) ![img](http://evil.example/x.png) <script>alert(1)</script>"
)


@pytest.fixture
def demo(journal: Journal):
    save_demo(journal)
    return journal, journal.scan().entries


def text_at(view, scales, width: int) -> str:
    console = Console(record=True, width=width)
    console.print(render.session_view(view, scales))
    return console.export_text()


@pytest.mark.parametrize("width", [40, 80, 120])
def test_session_two_reads_whole_at_every_width(demo, scales, width: int) -> None:
    journal, entries = demo
    view = session_summary(entries, 2, scales, load_bodies=journal.with_bodies)
    text = text_at(view, scales, width)
    assert all(len(line.rstrip()) <= width for line in text.splitlines())
    flat = " ".join(text.split())
    for fact in ("Session 2 · 13 January 2026", "mood 4 → 8 (+4)", "route iv", "PHQ-9 15 of 27"):
        assert fact in flat
    assert "Sit with the grief about my father" in flat  # the intention, read through the callback
    assert "Warm light; his voice, kinder." in flat  # the reflection
    assert "Check-ins until session 3 (20 Jan)" in flat
    assert "Relief lasted 2 days" in flat
    assert "dizziness (1)" in flat
    assert "No answer signalled risk, from the week before the session to session 3." in flat
    assert "Developed by Drs. Robert L. Spitzer" in flat  # PHQ-9 is shown: its notice is too


def test_the_view_takes_every_figure_from_trends(demo, scales) -> None:
    _, entries = demo
    for row in session_rows(entries):
        view = session_summary(entries, row.session, scales)
        assert view.row == row
        before = {r.scale: r.latest for r in view.scales_before}
        assert before.get("phq9") == row.scales_before.get("phq9")
        assert before.get("gad7") == row.scales_before.get("gad7")


def test_questionnaires_of_the_week_before_carry_band_and_meaningful_change(demo, scales) -> None:
    _, entries = demo
    view = session_summary(entries, 4, scales)  # PHQ-9 14 on 2 Feb, first 19 on 5 Jan
    [phq9] = [r for r in view.scales_before if r.scale == "phq9"]
    assert (phq9.baseline, phq9.latest, phq9.change, phq9.meaningful) == (19, 14, -5, True)
    assert phq9.latest_band == "moderate"
    flat = " ".join(text_at(view, scales, 60).split())
    assert "change -5 (-26.3%)" in flat and "meaningful: yes, better" in flat


def test_a_journal_with_gaps_shows_the_gap_and_an_uncertain_relief(demo, scales) -> None:
    _, entries = demo
    view = session_summary(entries, 3, scales)  # 20 Jan; no entries 26-30 Jan; next 3 Feb
    missing = [d.day for d in view.checkins if d.mood is None]
    assert missing == [date(2026, 1, 26 + i) for i in range((GAP[1] - GAP[0]).days + 1)]
    assert view.until == date(2026, 2, 3) and view.next_session == 4
    markdown = render.to_markdown(view, scales)
    spark = markdown.split("Mood each day after (0-10): `")[1].split("`")[0]
    assert spark[5:10] == "     "  # the five days without a check-in are blanks, not a line
    assert "a blank is a day without a check-in" in markdown


def test_a_reflection_without_an_intention_is_shown_with_nothing_before(journal, scales) -> None:
    make_entry(journal, "checkin", "2026-03-01 20:00", ratings={"mood": 4})
    make_entry(
        journal, "integration", "2026-03-02 15:00", 1, text="It was gentle.",
        ratings={"mood": 7, "anxiety": 2}, side_effects=["nausea", "none"],
    )  # fmt: skip
    make_entry(journal, "checkin", "2026-03-03 20:00", ratings={"mood": 6})
    entries = journal.scan().entries
    view = session_summary(entries, 1, scales, load_bodies=journal.with_bodies)
    assert view.intention is None and view.scales_before == ()
    assert view.row.mood_after == 7 and view.row.relief.status == RELIEF_NO_MOOD_BEFORE
    assert view.side_effects == (("nausea", 1),)
    assert [d.mood for d in view.checkins] == [6]
    flat = " ".join(text_at(view, scales, 40).split())
    assert "No intention was written for this session, so nothing counts as before it." in flat
    assert "mood – → 7" in flat and "It was gentle." in flat
    assert "Relief: no mood was rated before the session" in flat
    assert "Questionnaires in the 7 days before" not in flat


def test_a_session_with_no_check_ins_after_it_says_so(journal, scales) -> None:
    make_entry(journal, "intention", "2026-03-02 09:00", 1, ratings={"mood": 4})
    make_entry(journal, "intention", "2026-03-09 09:00", 2, ratings={"mood": 5})
    entries = journal.scan().entries
    first, latest = session_summary(entries, 1, scales), session_summary(entries, 2, scales)
    assert first.checkins == () and first.row.relief.status == RELIEF_UNKNOWN
    assert "No check-ins between this session and the next." in text_at(first, scales, 80)
    assert latest.until is None
    flat = " ".join(text_at(latest, scales, 80).split())
    assert "No check-ins since this session yet." in flat
    assert "No reflection written yet." in flat
    assert "Relief: not enough check-ins after the session to tell." in flat


def test_risk_answers_are_shown_with_date_and_item_in_every_form(demo, scales) -> None:
    _, entries = demo
    view = session_summary(entries, 4, scales)  # PHQ-9 item 9 = 2 on 2 Feb, the day before
    line = "2026-02-02: PHQ-9 item 9 = 2"
    flat = " ".join(text_at(view, scales, 40).split())
    assert (
        f"Answers that signalled risk, from the week before the session to session 5: {line}"
        in (flat)
    )
    assert "kjournal support" in flat
    assert f"- {line}" in render.to_markdown(view, scales)
    assert json.loads(render.to_json_text(view, scales))["risk_answers"] == [line]


def test_a_risk_flag_after_the_next_session_belongs_to_that_session(demo, scales) -> None:
    _, entries = demo
    assert render.risk_lines(session_summary(entries, 2, scales), scales) == []
    assert render.risk_lines(session_summary(entries, 3, scales), scales)  # 2 Feb < 3 Feb


def test_what_a_person_typed_never_acts_on_a_terminal_or_in_markdown(journal, scales) -> None:
    make_entry(journal, "intention", "2026-03-02 09:00", 1, text=ODD, ratings={"mood": 4},
               route="iv\x1b[31m", dose="\x1b]52;c;aGk=\x07 as given")  # fmt: skip
    entries = journal.scan().entries
    view = session_summary(entries, 1, scales, load_bodies=journal.with_bodies)
    for width in (40, 80):
        text = text_at(view, scales, width)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "\\x1b" in text and "\\u202e" in text  # shown, visibly
    markdown = render.to_markdown(view, scales)
    # The report's rule: the brackets of a link are escaped, so no link or image is live.
    assert "[a link](" not in markdown and "![img](" not in markdown
    assert "\\](http://evil.example)" in markdown and "\\](http://evil.example/x.png)" in markdown
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    data = render.to_json_text(view, scales)
    assert "\u202e" not in data and "\\u202e" in data
    [section] = json.loads(data)["intention"]["sections"]
    assert section["text"] == ODD  # JSON keeps the exact text


def test_json_holds_the_figures_and_both_entries(demo, scales) -> None:
    journal, entries = demo
    view = session_summary(entries, 2, scales, load_bodies=journal.with_bodies)
    data = json.loads(render.render("json", view, scales))  # type: ignore[arg-type]
    assert data["kjournal_session"] == 1
    assert (data["session"], data["date"], data["mood_before"], data["mood_after"]) == (
        2, "2026-01-13", 4, 8,
    )  # fmt: skip
    assert data["relief"] == "fell back" and data["relief_days"] == 2
    assert [s["scale_id"] for s in data["scales_before"]] == ["phq9"]
    assert data["next_session"] == 3 and len(data["checkins"]) == 6
    assert data["integration"]["sections"][0]["text"] == "Warm light; his voice, kinder."


def test_only_the_session_s_two_entries_are_read(demo, scales) -> None:
    journal, entries = demo
    asked: list[list] = []

    def load(wanted: list) -> list:
        asked.append(wanted)
        return journal.with_bodies(wanted)

    session_summary(entries, 2, scales, load_bodies=load)
    [wanted] = asked
    assert [(e.kind, e.session) for e in wanted] == [("intention", 2), ("integration", 2)]


def test_a_session_is_picked_by_number_or_latest(demo) -> None:
    _, entries = demo
    assert pick_session(entries, "latest") == 5
    assert pick_session(entries, "3") == 3
    with pytest.raises(UsageError, match="no session '9'; the journal has sessions 1 to 5"):
        pick_session(entries, "9")
    with pytest.raises(UsageError, match="no sessions yet"):
        pick_session([], "latest")


def test_odd_side_effects_and_sections_without_text_stay_quiet(journal, scales) -> None:
    path = make_entry(journal, "intention", "2026-03-02 09:00", 1, ratings={"mood": 4})
    make_entry(journal, "integration", "2026-03-02 15:00", 1, side_effects=["sleep_trouble"])
    entries = journal.scan().entries
    view = session_summary(entries, 1, scales, load_bodies=journal.with_bodies)
    assert view.intention is not None and view.intention.path == path
    assert view.intention.sections == [] or all(
        isinstance(s, Section) for s in view.intention.sections
    )
    flat = " ".join(text_at(view, scales, 40).split())
    assert "sleep trouble (1)" in flat and "(no written answers)" in flat


def test_a_reflection_written_the_morning_of_the_next_session_counts_for_its_own(journal, scales):
    """Side effects and a risk answer in a late reflection belong to the session reflected on,
    not lost between two sessions' windows."""
    make_entry(journal, "intention", "2026-11-01 09:30", 1, ratings={"mood": 3})
    make_entry(journal, "checkin", "2026-11-03 20:00", ratings={"mood": 5})
    make_entry(
        journal, "integration", "2026-11-08 09:00", 1,
        ratings={"mood": 6}, side_effects=["nausea"], risk=True,
    )  # fmt: skip
    make_entry(journal, "intention", "2026-11-08 09:30", 2, ratings={"mood": 4})
    make_entry(journal, "checkin", "2026-11-08 12:00", side_effects=["headache"])
    entries = journal.scan().entries
    first = session_summary(entries, 1, scales)
    assert first.side_effects == (("nausea", 1),)
    assert [e.kind for e in first.risk_entries if e.fields.get("risk")] == ["integration"]
    second = session_summary(entries, 2, scales)
    assert second.side_effects == (("headache", 1),)  # the earlier reflection is session 1's


def test_a_reflection_written_again_is_named_not_hidden(journal, scales) -> None:
    make_entry(journal, "intention", "2026-11-01 09:30", 1, ratings={"mood": 3})
    make_entry(journal, "integration", "2026-11-01 15:00", 1, text="first")
    make_entry(journal, "integration", "2026-11-03 20:00", 1, text="again")
    view = session_summary(journal.scan().entries, 1, scales)
    assert [e.created.day for e in view.other_reflections] == [3]
    shown = text_at(view, scales, 80)
    assert "Also written for this session: a reflection 261103-2000r" in shown
    assert json.loads(render.to_json_text(view, scales))["other_reflections"] == ["261103-2000r"]
