"""Entries survive the trip to Markdown and back exactly; a bad file is named with its reason."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kjournal.errors import EntryError, KJournalError
from kjournal.journal.entry import Entry, Section, from_markdown, normalise_text, to_markdown

WHEN = datetime(2026, 12, 2, 9, 30, 12, tzinfo=timezone(timedelta(hours=1)))


def test_entry_file_matches_the_design_example() -> None:
    entry = Entry(
        kind="intention",
        created=WHEN,
        session=7,
        fields={"ratings": {"mood": 4, "anxiety": 6}, "route": "iv", "tags": ["grief", "family"]},
        sections=[Section("What would you like to explore today?", "The answer, *as typed*.")],
    )
    assert to_markdown(entry) == (
        "---\n"
        "kjournal: 1\n"
        "kind: intention\n"
        "created: 2026-12-02T09:30:12+01:00\n"
        "session: 7\n"
        "ratings: {mood: 4, anxiety: 6}\n"
        "route: iv\n"
        "tags: [grief, family]\n"
        "---\n"
        "# Intention: session 7, 2 December 2026\n"
        "\n"
        "## What would you like to explore today?\n"
        "\n"
        "The answer, *as typed*.\n"
    )


def test_answer_lines_that_look_like_headings_round_trip() -> None:
    answer = "## not a heading\n# nor this\n\\## nor this\n---\nkind: checkin"
    entry = Entry(kind="checkin", created=WHEN, sections=[Section("Note", answer)])
    text = to_markdown(entry)
    assert "\n\\## not a heading\n" in text  # shown literally by any Markdown viewer
    parsed = from_markdown(text)
    assert parsed.sections == [Section("Note", answer)]
    assert parsed.kind == "checkin"


def test_hand_edited_file_with_crlf_and_bom_parses() -> None:
    text = to_markdown(Entry(kind="checkin", created=WHEN, sections=[Section("Note", "a\nb")]))
    parsed = from_markdown("\ufeff" + text.replace("\n", "\r\n"))
    assert parsed.sections == [Section("Note", "a\nb")]


answer_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300).map(
    normalise_text
) | st.sampled_from(
    [
        "---",
        "## Heading\n---\nkind: x",
        "key: [1, 2",
        "🙂 שלום עולם",
        "x" * 5000,
        "\\\\# a",
        "  ###",
    ]
)
heading_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80
).filter(lambda h: h == h.strip() and h.strip() != "")
yaml_scalar = st.one_of(
    st.integers(0, 10), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
)


@settings(max_examples=1000, deadline=None)
@given(
    kind=st.sampled_from(["intention", "integration", "checkin"]),
    session=st.integers(1, 10_000),
    sections=st.lists(st.builds(Section, heading_text, answer_text), max_size=6),
    ratings=st.dictionaries(st.sampled_from(["mood", "anxiety", "sleep"]), st.integers(0, 10)),
    extra=st.dictionaries(st.sampled_from(["dose", "setting", "route", "tags"]), yaml_scalar),
)
def test_write_then_read_is_an_exact_round_trip(kind, session, sections, ratings, extra) -> None:
    fields = ({"ratings": ratings} if ratings else {}) | extra
    entry = Entry(
        kind=kind,
        created=WHEN,
        session=None if kind == "checkin" else session,
        fields=fields,
        sections=sections,
    )
    entry.title = entry.default_title()
    assert from_markdown(to_markdown(entry)) == entry


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_parsing_any_text_raises_only_our_own_error(text: str) -> None:
    for candidate in (
        text,
        "---\n" + text,
        "---\n" + text + "\n---\n",
        "---\nkind: checkin\n" + text,
    ):
        with contextlib.suppress(KJournalError):
            from_markdown(candidate)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("", 1, "the file is empty"),
        ("# just a title\n", 1, "no front matter"),
        ("---\nkind: checkin\n", 1, "no closing '---'"),
        ("---\nkind: checkin\nnote: a: b\n---\n", 3, "not valid YAML"),
        ("---\n- a list\n---\n", 2, "must be a mapping"),
        (
            "---\nkjournal: 2\nkind: checkin\ncreated: 2026-12-02T09:30:00+01:00\n---\n",
            None,
            "newer",
        ),
        ("---\nkind: dream\ncreated: 2026-12-02T09:30:00+01:00\n---\n", None, "'kind' must be"),
        ("---\nkind: checkin\ncreated: someday\n---\n", None, "'created' must be"),
        ("---\nkind: checkin\ncreated: 2026-02-30\n---\n", None, "date, time or number"),
        ("---\nkind: intention\ncreated: 2026-12-02T09:30:00+01:00\n---\n", None, "'session'"),
    ],
)
def test_bad_file_is_reported_with_line_and_reason(text: str, line, reason: str) -> None:
    with pytest.raises(EntryError) as caught:
        from_markdown(text, path="entries/x.md")
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert str(caught.value).startswith("entries/x.md")


def test_error_message_never_contains_the_entry_text() -> None:
    secret = "my secret: thoughts [unclosed"
    with pytest.raises(EntryError) as caught:
        from_markdown(f"---\nkind: checkin\nnote: {secret}\n---\n", path="e.md")
    assert "secret" not in str(caught.value)


yaml_ish_value = st.one_of(
    st.from_regex(r"\A\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2})?)?\Z"),
    st.from_regex(r"\A[0-9._:+-eE]{1,12}\Z"),
    st.sampled_from(["[", "{a: [", "!!python/object:os.system", "&a [*a]", "*a", "|", ">-", "~"]),
    st.text(max_size=20),
)


@settings(max_examples=1500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["kjournal", "kind", "created", "session", "ratings", "route", "x"]),
        yaml_ish_value,
        max_size=6,
    )
)
def test_front_matter_with_odd_values_raises_only_our_own_error(values: dict[str, str]) -> None:
    front = "".join(f"{key}: {value}\n" for key, value in values.items())
    with contextlib.suppress(KJournalError):
        from_markdown(f"---\n{front}---\n# t\n")
