"""Themes over time: the words and short phrases a person returns to across sessions, read from
their own answers only, shown as they wrote them, counted once each."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kjournal.journal.entry import Entry, Section
from kjournal.reports.themes import (
    STOP_WORDS,
    Theme,
    ThemesReport,
    entry_texts,
    find_themes,
    readable_text,
)

TZ = timezone(timedelta(hours=1))
EXPLORE = "What would you like to explore, or soften, today?"
NOTICE = "What did you notice in your body, during the session or since?"


def session(number: int, *answers: str, kind: str = "intention", **fields) -> Entry:
    """An entry of session `number` (a week apart), one section per answer."""
    day = datetime(2026, 1, 5, 9, 30, tzinfo=TZ) + timedelta(weeks=number - 1)
    if kind == "integration":
        day += timedelta(hours=6)
    heading = EXPLORE if kind == "intention" else NOTICE
    sections = [Section(heading, text) for text in answers]
    return Entry(kind=kind, created=day, session=number, fields=fields, sections=sections)


def texts(report: ThemesReport) -> list[str]:
    return [theme.text for theme in report.themes]


def theme(report: ThemesReport, text: str) -> Theme:
    return next(t for t in report.themes if t.text == text)


def test_a_word_is_a_theme_once_it_recurs_in_a_second_session() -> None:
    once = [session(1, "Grief, grief and more grief."), session(2, "A quiet week.")]
    assert texts(find_themes(once)) == []
    twice = [*once, session(3, "The grief came back.")]
    grief = theme(find_themes(twice), "grief")
    assert (grief.count, grief.sessions) == (4, (1, 3))
    assert (grief.first, grief.last) == (date(2026, 1, 5), date(2026, 1, 19))


def test_the_intention_and_reflection_of_one_session_are_one_session() -> None:
    same = [session(1, "The ocean."), session(1, "The ocean again.", kind="integration")]
    assert texts(find_themes(same)) == []
    assert texts(find_themes(same, min_sessions=1)) == ["ocean"]


def test_words_that_differ_in_their_ending_count_as_one_shown_as_written_most_often() -> None:
    report = find_themes(
        [
            session(1, "Boundaries with my mother."),
            session(2, "Setting boundaries at work."),
            session(3, "One boundary kept."),
        ]
    )
    boundaries = theme(report, "boundaries")
    assert boundaries.count == 3
    assert boundaries.sessions == (1, 2, 3)
    assert boundaries.forms == ("boundaries", "boundary")


def test_prompt_headings_and_titles_never_count() -> None:
    entries = [session(n, f"Answer number {word}.") for n, word in enumerate(["one", "two"], 1)]
    for entry in entries:
        entry.title = "Intention: what would you like to explore today"
    report = find_themes(entries)
    assert texts(report) == ["answer number"]  # the only words both answers share
    words = {word for text in texts(report) for word in text.split()}
    assert not words & {"explore", "soften", "intention", "like", "today"}


def test_common_words_apostrophes_numbers_and_units_are_not_themes() -> None:
    text = "I don't know. I don’t, I DON'T. It's 10 mg at 9:30 pm on 2026-01-05, 2nd, 3pm, 100%."
    report = find_themes([session(1, text), session(2, text)])
    assert texts(report) == []
    assert "don't" in STOP_WORDS


def test_escape_sequences_links_tags_and_markdown_leave_no_fragments() -> None:
    text = (
        "\x1b[31mred\x1b[0m. **calm** and _slow_. See https://example.com/path or "
        "[a link](http://example.org/x) <br> mail me@example.net \\n\\t\x1b]8;;http://a\x1b\\"
        "ok\x1b]8;;\x1b\\\n> # heading\n- bullet \\x1b"
    )
    report = find_themes([session(1, text), session(2, text)])
    assert set(texts(report)) == {"red", "calm", "slow", "see", "link", "mail", "heading", "bullet"}


def test_a_phrase_takes_its_words_so_one_idea_is_listed_once() -> None:
    report = find_themes(
        [
            session(1, "Grief about my father."),
            session(2, "My father's voice, kinder."),
            session(3, "A letter to my father."),
        ]
    )
    assert texts(report) == ["my father"]
    assert theme(report, "my father").forms == ("my father", "my father's")


def test_a_word_that_also_recurs_outside_its_phrase_is_listed_with_the_rest() -> None:
    report = find_themes(
        [
            session(1, "Letting go of anger."),
            session(2, "Letting go again."),
            session(3, "I could not go."),
            session(4, "Go slowly."),
        ]
    )
    assert theme(report, "letting go").sessions == (1, 2)
    go = theme(report, "go")
    assert (go.count, go.sessions) == (2, (3, 4))  # the two inside "letting go" are not counted
    assert "letting" not in texts(report)


def test_let_go_and_letting_go_are_one_phrase_and_phrases_stop_at_punctuation() -> None:
    report = find_themes(
        [
            session(1, "Let go."),
            session(2, "Letting go, slowly."),
            session(3, "I want to let. Go on, then."),
        ]
    )
    letting_go = theme(report, "let go")  # as written twice, once in small letters
    assert (letting_go.count, letting_go.sessions) == (2, (1, 2))
    assert letting_go.forms == ("let go", "letting go")


def test_accents_and_other_scripts_are_words_whatever_their_encoding() -> None:
    report = find_themes(
        [
            session(1, "Un café, naïve hope. 東京"),
            session(2, "Café again (cafe\u0301). 東京"),  # decomposed: the same word
            session(3, "A ﬁne day, a fine hope."),  # the fi ligature: fine
        ]
    )
    assert theme(report, "café").count == 3
    assert theme(report, "東京").sessions == (1, 2)
    assert theme(report, "hope").sessions == (1, 3)
    assert "fine" not in texts(report)  # both in session 3 only


def test_sentence_capitals_are_not_shown_but_capitals_inside_a_sentence_are() -> None:
    report = find_themes(
        [
            session(1, "Breathe. Anna called."),
            session(2, "Breathe, soften. A walk with Anna."),
        ]
    )
    assert set(texts(report)) == {"breathe", "Anna"}


def test_only_intentions_and_reflections_are_read_from_the_day_given() -> None:
    checkins = [
        Entry(
            kind="checkin",
            created=datetime(2026, 1, day, 20, tzinfo=TZ),
            sections=[Section("Anything else you would like to note?", "Headache again.")],
        )
        for day in (6, 7, 8)
    ]
    entries = [*checkins, session(1, "Grief."), session(2, "Grief."), session(3, "Grief.")]
    report = find_themes(entries)
    assert texts(report) == ["grief"]
    assert (report.entries, report.sessions) == (3, (1, 2, 3))
    later = find_themes(entries, since=date(2026, 1, 12))
    assert theme(later, "grief").sessions == (2, 3)
    assert later.as_data()["since"] == "2026-01-12"


def test_an_entry_whose_text_was_not_read_is_counted_as_unread_not_as_empty() -> None:
    unread = session(3, "Grief.")
    unread.body_loaded = False
    report = find_themes([session(1, "Grief."), session(2, "Grief."), unread])
    assert theme(report, "grief").sessions == (1, 2)
    assert (report.entries, report.unread) == (3, 1)


def test_the_setting_is_read_but_the_route_and_the_dose_are_not() -> None:
    facts = {"route": "iv", "dose": "0.5 mg/kg iv", "setting": "Home, with music"}
    entries = [session(1, "A walk.", **facts), session(2, "Calm.", **facts)]
    assert texts(find_themes(entries)) == ["home", "music"]
    assert entry_texts(entries[0]) == ["A walk.", "Home, with music"]


def test_themes_in_most_sessions_come_first_and_the_limit_keeps_the_first() -> None:
    entries = [
        session(1, "sea, sea, sea, sky"),
        session(2, "sea, sky, light"),
        session(3, "sky, light"),
        session(4, "light"),
    ]
    report = find_themes(entries)
    assert texts(report) == ["sky", "light", "sea"]  # 3 sessions (sky written first), then 2
    limited = find_themes(entries, limit=2)
    assert texts(limited) == ["sky", "light"]
    assert (limited.recurring, limited.as_data()["shown"]) == (3, 2)
    assert texts(find_themes(entries, limit=None)) == texts(report)
    assert texts(find_themes(entries, min_sessions=3)) == ["sky", "light"]


def test_an_empty_journal_has_no_themes() -> None:
    report = find_themes([])
    assert (report.themes, report.entries, report.sessions) == ([], 0, ())


def test_a_huge_or_hostile_answer_is_read_without_going_back_over_itself() -> None:
    hostile = "\n\n".join(
        [
            "a" * 100_000,
            "x@" * 20_000,
            "](" * 20_000,
            "<a" * 20_000,
            "\x1b]" * 20_000,
            "\x1b[" * 20_000,
            "http://" * 5_000,
            "-'" * 20_000,
        ]
    )
    report = find_themes([session(1, hostile, "calm"), session(2, hostile, "calm")])
    assert texts(report) == ["calm"]  # a 100,000-letter run is no word


def test_the_stemmer_is_loaded_only_when_themes_are_read() -> None:
    code = (
        "import sys, kjournal.reports.themes, kjournal.render.themes;"
        "print('snowballstemmer' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


# Any text: never a crash, every theme is in the text of the sessions it names, counts add up

_LETTER = r"[^\W\d_]"
PIECES = [
    "grief", "Grief", "boundaries", "boundary", "my father", "My father's", "my father’s",
    "letting go", "Let go", "don't", "don’t", "café", "cafe\u0301", "naïve", "self-compassion",
    "東京", "42", "9:30", "\x1b[31m", "\x1b]8;;http://x\x1b\\", "**", "_", "#", "- ", ". ", ", ",
    "\n", "\n\n", "https://x.org/a", "’", "'", "-", "\u202e", "\\n", "<br>", "i", "the", "of",
    "sense of safety", "bye bye bye", "İstanbul", "ß", "ǅ", "x@y", "](", "\x00", "\t", "sea",
    "walk", "music", "10mg", "2nd",
]  # fmt: skip
piece = st.sampled_from(PIECES)
answer = st.lists(piece | piece | piece | st.text(max_size=8), min_size=4, max_size=16).map(
    " ".join
)
# Entries of sessions 1, 1, 2, 2, 3...: an intention and a reflection each.
journals = st.lists(st.lists(answer, min_size=1, max_size=3), min_size=2, max_size=8)


def _matches(form: str, text: str) -> int:
    """How often a theme's form is in a text as whole words (those of a phrase separated by
    spaces or Markdown emphasis only), whatever the capitals."""
    between = r"[\s*~`_]+"
    words = between.join(re.escape(word) for word in form.split(" "))
    pattern = rf"(?<!{_LETTER})(?<!{_LETTER}['-]){words}(?!{_LETTER}|['-]{_LETTER})"
    return len(re.findall(pattern, text, flags=re.IGNORECASE))


def _check(report: ThemesReport, entries: Sequence[Entry], min_sessions: int, limit: int) -> None:
    by_session: dict[int, str] = {}
    days: dict[int, set[date]] = {}
    for entry in entries:
        assert entry.session is not None
        read = "\n\n".join(readable_text(text) for text in entry_texts(entry))
        by_session[entry.session] = by_session.get(entry.session, "") + "\n\n" + read
        days.setdefault(entry.session, set()).add(entry.created.date())
    assert report.sessions == tuple(sorted(by_session))
    assert len(report.themes) == min(limit, report.recurring)
    order = [(-len(t.sessions), -t.count) for t in report.themes]
    assert order == sorted(order)
    for found in report.themes:
        assert found.text == found.forms[0]
        assert found.text.isprintable() and not re.search(r"\d", found.text)
        assert found.text.casefold() not in STOP_WORDS
        assert list(found.sessions) == sorted(set(found.sessions))
        assert len(found.sessions) >= min_sessions
        assert found.count >= len(found.sessions)
        seen = 0
        for number in found.sessions:
            here = sum(_matches(form, by_session[number]) for form in found.forms)
            assert here, (found, by_session[number])
            seen += here
        assert found.count <= seen
        dates = set().union(*(days[n] for n in found.sessions))
        assert min(dates) <= found.first <= found.last <= max(dates)


def _journal(answers: list[list[str]]) -> list[Entry]:
    return [
        session(index // 2 + 1, *texts, kind="integration" if index % 2 else "intention")
        for index, texts in enumerate(answers)
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    answers=journals,
    min_sessions=st.integers(1, 3),
    limit=st.integers(1, 25),
)
def test_any_text_gives_themes_found_in_the_sessions_they_name(
    answers: list[list[str]], min_sessions: int, limit: int
) -> None:
    entries = _journal(answers)
    report = find_themes(entries, min_sessions=min_sessions, limit=limit)
    _check(report, entries, min_sessions, limit)


def test_most_generated_journals_have_themes_to_check() -> None:
    """The property above checks little if most of its journals have no theme at all."""
    reached = []

    @settings(max_examples=100, deadline=None, database=None, derandomize=True)
    @given(journals)
    def count(answers: list[list[str]]) -> None:
        reached.append(bool(find_themes(_journal(answers)).themes))

    count()
    assert sum(reached) >= 0.5 * len(reached), f"{sum(reached)} of {len(reached)}"
