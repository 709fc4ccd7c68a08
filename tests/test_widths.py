"""Every screen reads well from 40 to 200 columns: snapshots at 40, 80 and 120 columns of a fixed
journal, and invariants (no line wider than the screen, no cut figure, no word split across
lines) checked at many widths on a journal made to be awkward.

Regenerate the snapshots after a deliberate change with KJOURNAL_UPDATE_SNAPSHOTS=1 and read the
diff before committing it."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from kjournal.cli import app
from kjournal.journal.store import Journal
from kjournal.questions.scales import load_scale
from kjournal.reports import status
from tests.helpers import TZ, assert_snapshot, frozen_datetime, kjournal_command, make_entry

NOW = datetime(2026, 1, 28, 12, 0, tzinfo=TZ)  # what "now" is for status

SCREENS = {
    "status": (),
    "trends-sessions": ("trends", "--view", "sessions"),
    "trends-scales": ("trends", "--view", "scales"),
    "trends-weeks": ("trends", "--view", "weeks"),
    "list": ("list",),
    "search": ("search", "grief"),
    "show": ("show", "260105-0930i"),
}

# Prose that must read whole at any width: a word split across lines would break the match.
SENTENCES = {
    "status": ["Session 3 is waiting for your reflections, whenever you are ready."],
    "trends-sessions": [
        "Mood, anxiety: your 0-10 ratings before → after the session.",
        "Average mood change within a session: +3.5 (2 sessions rated before and after)",
        "Mood and anxiety are your own 0-10 ratings, not a clinical measure.",
    ],
    "trends-scales": [
        "Bands are information to talk over with your clinician, not a diagnosis.",
        '"at or above": at or above the usual screening threshold (31-33).',
    ],
    "trends-weeks": ["how many in brackets.", "(a blank is a week without entries)"],
    "show": ["notice what my body does when the grief comes up."],
}


def stored(name: str, score: int, items: list[int]) -> dict:
    """A questionnaire as saved: its score, and its band as named when it was taken."""
    return {name: {"score": score, "band": load_scale(name).band(score), "items": items}}


def build_journal(journal: Journal) -> None:
    """Three sessions, four questionnaires twice, daily check-ins, two entries in one minute."""

    def scales(day: str, phq9: int, gad7: int, pcl5: int, who5: int) -> None:
        taken = [
            ("phq9", phq9, [phq9 // 9] * 9),
            ("gad7", gad7, [gad7 // 7] * 7),
            ("pcl5", pcl5, [pcl5 // 20] * 20),
            ("who5", who5, [who5 // 20] * 5),
        ]
        for minute, (name, score, items) in enumerate(taken):
            when = f"{day} 10:{5 * minute:02d}"
            make_entry(journal, "questionnaire", when, scales=stored(name, score, items))

    scales("2026-01-03", 17, 12, 38, 32)
    make_entry(
        journal,
        "intention",
        "2026-01-05 09:30",
        1,
        route="sublingual",
        ratings={"mood": 3, "anxiety": 7},
        text="Meet my father's memory without bracing against it, and notice what my body "
        "does when the grief comes up.",
    )
    make_entry(
        journal,
        "integration",
        "2026-01-05 18:00",
        1,
        ratings={"mood": 6, "anxiety": 4},
        text="Warm light, and a long quiet after.",
    )
    for day, mood in [(6, 6), (7, 6), (8, 5), (9, 3)]:
        make_entry(journal, "checkin", f"2026-01-{day:02d} 20:00", ratings={"mood": mood})
    make_entry(journal, "checkin", "2026-01-09 20:00", ratings={"mood": 4, "anxiety": 5})
    make_entry(
        journal,
        "intention",
        "2026-01-12 09:30",
        2,
        route="iv",
        ratings={"mood": 4, "anxiety": 6},
        text="Let the grief be there.",
    )
    make_entry(
        journal,
        "integration",
        "2026-01-13 10:00",
        2,
        ratings={"mood": 8, "anxiety": 2},
        text="I could hold my father's hand in the memory; the grief felt like love.",
    )
    for day, mood in [(14, 7), (15, 7), (16, 6), (18, 6), (20, 4)]:
        make_entry(journal, "checkin", f"2026-01-{day:02d} 20:00", ratings={"mood": mood})
    scales("2026-01-21", 9, 4, 34, 52)
    make_entry(
        journal,
        "intention",
        "2026-01-26 09:30",
        3,
        route="nasal",
        ratings={"mood": 5, "anxiety": 5},
        text="Stay curious.",
    )


@pytest.fixture
def screen(journal: Journal, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, int], str]:
    """A screen of the fixed journal as printed at a width, lines stripped of trailing blanks."""
    monkeypatch.setattr(status, "datetime", frozen_datetime(NOW))
    build_journal(journal)
    runner = CliRunner()

    def render(name: str, width: int) -> str:
        monkeypatch.setenv("COLUMNS", str(width))
        result = runner.invoke(app, list(SCREENS[name]), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"

    return render


def assert_readable(text: str, width: int) -> None:
    """What must hold for any journal at any width."""
    for line in text.splitlines():
        assert cell_len(line) <= width, f"wider than {width}: {line!r}"
    # Rich's last resort is to cut a cell to `…`: never a figure, a date or a time.
    assert not re.search(r"\d…|…\d|\d-…|…[:.]\d", text), text


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("name", list(SCREENS))
def test_each_screen_matches_its_snapshot(screen, name: str, width: int) -> None:
    text = screen(name, width)
    assert_readable(text, width)
    flat = " ".join(text.split())
    for sentence in SENTENCES.get(name, []):
        assert sentence in flat
    assert_snapshot(f"{name}-{width}", text)


def test_at_40_columns_tables_become_blocks_and_nothing_is_cut(screen) -> None:
    sessions = screen("trends-sessions", 40)
    assert "┃" not in sessions and "…" not in sessions
    assert "Session 1 · 2026-01-05 · sublingual" in sessions
    assert "  mood 3 → 6 (+3) · anxiety 7 → 4" in sessions
    scales = screen("trends-scales", 40)
    assert "PCL-5\n  first 38 (3 Jan) · latest 34 (21 Jan)" in scales
    assert "band: at or above" in scales
    weeks = screen("trends-weeks", 40)
    assert "2026-W02 │ 4.7 (7) │ 5.3 (3) │       7" in weeks  # the From column gives way


def test_at_80_columns_the_route_is_whole_and_bands_are_short(screen) -> None:
    sessions = screen("trends-sessions", 80)
    assert "│ sublingual │" in sessions
    scales = screen("trends-scales", 80)
    assert "│ at or above" in scales and "below the usual" not in scales.split("First,")[0]
    assert "Mood over time (0-10): ▃▅▅▅▅▃▄▄▇▆▆▅▅▄▅  latest 5" in screen("trends-sessions", 80)


def test_list_pads_ids_so_a_suffix_keeps_columns_aligned(screen) -> None:
    lines = screen("list", 120).splitlines()
    suffixed = next(line for line in lines if line.startswith("260109-2000c-2 "))
    plain = next(line for line in lines if line.startswith("260109-2000c "))
    assert suffixed.index("2026-01-09 20:00") == plain.index("2026-01-09 20:00")
    assert suffixed.index("check-in") == plain.index("check-in")
    assert lines[0].index("When") == plain.index("2026-01-09")


# Invariants on a journal made to be awkward, at many widths


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    """A year of weekly questionnaires (long trends), 80 days of check-ins with gaps, sessions by
    every route, several entries in one minute, wide characters and long lines."""
    journal = Journal(tmp_path_factory.mktemp("awkward") / "journal")  # built once: it is slow
    start = datetime(2025, 1, 6, 9, 0)
    for week in range(52):
        day = start + timedelta(weeks=week)
        score = (week * 7) % 28
        make_entry(
            journal,
            "questionnaire",
            f"{day:%Y-%m-%d} 08:00",
            scales=stored("phq9", score, [score // 9] * 9),
        )
        make_entry(
            journal,
            "questionnaire",
            f"{day:%Y-%m-%d} 08:05",
            scales=stored("pcl5", 80 - week, [3] * 20),
        )
    routes = ["sublingual", "iv", "im", "nasal", "other"]
    for number in range(1, 25):
        day = start + timedelta(days=11 * number)
        make_entry(
            journal,
            "intention",
            f"{day:%Y-%m-%d} 09:30",
            number,
            route=routes[number % 5],
            ratings={"mood": number % 11, "anxiety": 10 - number % 11},
            text="今日は静かだった 🙂 and then a very long line about the grief that goes on "
            "and on past any screen, 2026-01-05 and 10:30 and 12345678",
        )
        make_entry(journal, "integration", f"{day:%Y-%m-%d} 18:00", number, ratings={"mood": 10})
    for offset in range(0, 300, 3):
        day = start + timedelta(days=offset)
        for _ in range(3 if offset % 30 == 0 else 1):  # -2, -3 suffixes
            make_entry(journal, "checkin", f"{day:%Y-%m-%d} 21:00", ratings={"mood": offset % 11})
    return journal


AWKWARD_SCREENS = [
    (),
    ("trends",),
    ("trends", "--all"),
    ("list",),
    ("search", "grief"),
    ("search", "12345678"),
    ("show", "latest"),
]


@pytest.mark.parametrize("width", [40, 47, 55, 63, 72, 80, 91, 120, 200])
def test_any_journal_reads_at_any_width(awkward, monkeypatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    runner = CliRunner()
    for args in AWKWARD_SCREENS:
        result = runner.invoke(app, ["--journal", str(awkward.root), *args], catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        assert_readable(result.stdout, width)
        flat = " ".join(result.stdout.split())
        if args[:1] == ("trends",):
            assert "not a clinical measure" in flat and "not a diagnosis" in flat


# Questionnaire results and their licence notices


def test_intend_shows_each_licence_notice_once_at_the_end(run, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "mood: 4\nanxiety: 6\nexplore: what I carry\n"
        "phq9: [2, 2, 2, 2, 2, 2, 1, 2, 0]\ngad7: [1, 2, 1, 2, 1, 2, 1]\n"
    )
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("Developed by Drs. Robert L. Spitzer") == 1
    assert "PHQ-9 and GAD-7: Developed by Drs." in " ".join(out.split())
    assert out.index("Developed by") > out.index("Saved your intention")
    assert out.index("PHQ-9: 15 of 27") < out.index("GAD-7: 10 of 21") < out.index("Developed")


def test_a_notice_that_names_its_scale_is_not_prefixed(run) -> None:
    result = run("scale", "pcl5", "--items", ",".join(["0"] * 20))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("PCL-5, US National Center for PTSD (public domain).") == 1
    assert "PCL-5: PCL-5" not in result.stdout


def test_short_band_forms_come_from_the_labels_alone() -> None:
    from kjournal.render.views import short_bands

    phq9 = ["minimal", "mild", "moderate", "moderately severe", "severe"]
    assert short_bands(phq9)["moderately severe"] == "mod. severe"
    assert [short_bands(phq9)[label] for label in phq9[:3]] == phq9[:3]
    pcl5 = [
        "below the usual screening threshold (31-33)",
        "at or above the usual screening threshold (31-33)",
    ]
    assert list(short_bands(pcl5).values()) == ["below", "at or above"]
    # A clinic's own scale: short forms that would collide keep the label whole.
    custom = ["considerably elevated", "considerably elevated (acute)", "none"]
    shorts = short_bands(custom)
    assert shorts["none"] == "none"
    assert shorts["considerably elevated"] == "considerably elevated"
    assert len(set(shorts.values())) == len(custom)


# Messages in a real 40-column terminal


def spawn_at_40(journal: Journal, *args: str) -> str:
    """What `kjournal args` writes to a 40-column pseudo-terminal (the terminal's own wrapping
    is not in it: a line longer than 40 here is one the terminal would split anywhere)."""
    import pexpect

    env = {**os.environ, "KJOURNAL_HOME": str(journal.root), "TERM": "xterm"}
    env.pop("COLUMNS", None)  # the terminal's own size, as a person's shell has it
    child = pexpect.spawn(
        kjournal_command(), list(args), env=env, encoding="utf-8", timeout=20, dimensions=(24, 40)
    )
    text = child.read()
    child.close()
    return text.replace("\r\n", "\n")


def test_an_error_wraps_at_word_boundaries_in_a_narrow_terminal(journal: Journal) -> None:
    text = spawn_at_40(journal, "trends", "--since", "yesterday")
    assert len(text.splitlines()) > 1
    assert all(len(line) <= 40 for line in text.splitlines()), text
    assert " ".join(text.split()) == (
        "kjournal: --since: 'yesterday' is not a date; use YYYY-MM-DD, e.g. 2026-01-31"
    )


def test_a_flow_says_its_last_words_whole_in_a_narrow_terminal(
    journal: Journal, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("mood: 4\nexplore: what I carry\n")
    text = spawn_at_40(journal, "intend", "--answers", str(answers), "--no-input")
    prose = [line for line in text.splitlines() if "/" not in line]  # a path cannot wrap
    assert all(len(line) <= 40 for line in prose), text
    assert "Your intention is saved. Take it with you, lightly." in " ".join(text.split())
