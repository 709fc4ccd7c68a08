"""Shared files that stay data: CSV cells no spreadsheet runs as formulas, a Markdown report that
runs no HTML and keeps its own layout, and an --out that never replaces anything but a file."""

from __future__ import annotations

import csv
import io
import os
import socket
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kjournal.journal.entry import Entry, Section
from kjournal.journal.store import Journal
from kjournal.render import export
from kjournal.render import plain as formats
from tests.helpers import TZ, make_entry

GENERATED = datetime(2026, 2, 21, 10, 0)


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_cell_a_spreadsheet_would_run_is_neutralised(start: str) -> None:
    cell = f'{start}HYPERLINK("http://evil.example","x")'
    [_, [value]] = rows(formats.to_csv([{"note": cell}], ["note"]))
    assert value == "'" + cell


def test_numbers_stay_numbers_even_when_negative() -> None:
    record = {"change": -2, "ratio": -0.5, "mood": 4, "none": None, "text": "-2"}
    [_, row] = rows(formats.to_csv([record], list(record)))
    assert row == ["-2", "-0.5", "4", "", "'-2"]  # only what was text is treated as text


def test_ordinary_text_is_left_alone() -> None:
    record = {"a": "a calm day", "b": "2026-01-05", "c": "café = fine", "d": " =spaced"}
    [_, row] = rows(formats.to_csv([record], list(record)))
    assert row == list(record.values())


def test_a_column_name_from_a_hand_edited_key_is_neutralised() -> None:
    [header, _] = rows(formats.to_csv([{"=cmd": 1}], ["=cmd"]))
    assert header == ["'=cmd"]


@given(st.text())
def test_no_text_cell_starts_a_formula(text: str) -> None:
    formula = text.startswith(("=", "+", "-", "@", "\t", "\r"))
    [_, [value]] = rows(formats.to_csv([{"t": text}], ["t"]))
    assert value == ("'" + text if formula else text)  # nothing else changed


def test_export_csv_neutralises_answers_tags_and_fields(journal: Journal) -> None:
    make_entry(
        journal,
        "checkin",
        "2026-01-05 09:30",
        note="=1+1",
        tags=["@SUM(A1)", "calm"],
        ratings={"mood": 4},
    )
    [entry] = journal.scan().entries
    header, row = rows(export.to_csv([entry]))
    cells = dict(zip(header, row, strict=True))
    assert cells["note"] == "'=1+1"
    assert cells["tags"] == "'@SUM(A1);calm"
    assert cells["ratings.mood"] == "4"


def test_trends_csv_neutralises_text_and_keeps_negative_changes(run, journal: Journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:30", 1, route="=cmd|' /C calc'!A0",
               ratings={"mood": 6})  # fmt: skip
    make_entry(journal, "integration", "2026-01-05 18:00", 1, ratings={"mood": 4})
    result = run("trends", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, row = rows(result.stdout)
    cells = dict(zip(header, row, strict=True))
    assert cells["route"] == "'=cmd|' /C calc'!A0"
    assert cells["mood_change"] == "-2"


# The Markdown report


def _report(text: str, scales, heading: str = "What stays with you?", **fields) -> str:
    entry = Entry(
        kind="intention",
        created=datetime(2026, 1, 5, 9, 30, tzinfo=TZ),
        session=1,
        fields=fields,
        sections=[Section(heading, text)],
    )
    return export.to_markdown_report([entry], scales, include_text=True, generated=GENERATED)


def test_markdown_report_escapes_html_in_answers(scales) -> None:
    report = _report('<script>alert(1)</script> <img src=x onerror="y"> Tom & Jo', scales)
    assert "<script>" not in report and "<img" not in report
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror="y"&gt; Tom &amp; Jo' in (
        report
    )


def test_an_answer_cannot_take_over_the_rest_of_the_report(scales) -> None:
    typed = "```\n# Not a heading\n---\n| a | b |\n| - | - |"
    report = _report(typed, scales)
    quoted = report.split("**What stays with you?**\n\n", 1)[1].split("\n\n", 1)[0].strip()
    # Every line of the answer is inside the quote: an open code fence, a heading, a rule or a
    # table ends with it instead of swallowing the report that follows.
    assert all(line.startswith(">") for line in quoted.split("\n"))
    assert len(quoted.split("\n")) == 5


def test_separate_lines_of_an_answer_stay_separate_lines(scales) -> None:
    report = _report("first\nsecond\n\nthird", scales)
    assert "> first  \n> second\n>\n> third\n" in report


def test_headings_titles_and_table_cells_are_one_line_and_inert(scales) -> None:
    report = _report("answer", scales, heading="Why **<b>x</b>**", route="iv|<i>x</i>")
    assert "**Why \\*\\*&lt;b&gt;x&lt;/b&gt;\\*\\***" in report
    assert "<b>" not in report and "<i>" not in report
    assert "| iv\\|&lt;i&gt;x&lt;/i&gt; |" in report


def test_a_backslash_before_a_pipe_cannot_split_a_table_cell(scales) -> None:
    report = _report("answer", scales, route="a\\|b")
    row = next(line for line in report.splitlines() if line.startswith("| 1 |"))
    assert "a\\\\\\|b" in row
    assert row.count(" | ") == 9  # ten columns, as the header has


# export --out


@pytest.fixture
def one_entry(journal: Journal) -> Journal:
    make_entry(journal, "checkin", "2026-01-05 09:30", ratings={"mood": 4})
    return journal


def test_export_never_replaces_a_fifo_even_with_force(run, one_entry, tmp_path: Path) -> None:
    fifo = tmp_path / "report.md"
    os.mkfifo(fifo)
    result = run("export", "-o", str(fifo), "--force")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "named pipe" in result.stderr and "nothing was written" in result.stderr
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_never_replaces_a_folder_socket_or_link(run, one_entry, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    target = tmp_path / "kept.md"
    target.write_text("kept")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    sock_path = tmp_path / "s.sock"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(sock_path))
        for path, kind in ((folder, "a folder"), (link, "a symbolic link"), (sock_path, "socket")):
            result = run("export", "-o", str(path), "--force")
            assert result.exit_code == 2, path
            assert kind in result.stderr
    finally:
        sock.close()
    assert target.read_text() == "kept" and link.is_symlink() and folder.is_dir()


def test_export_force_still_replaces_a_regular_file(run, one_entry, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_text("old")
    assert run("export", "-f", "csv", "-o", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("id,")


def test_a_lone_carriage_return_in_a_cell_stays_inside_its_row() -> None:
    text = formats.to_csv([{"a": "one\rtwo", "b": 3}, {"a": "x", "b": 4}], ["a", "b"])
    assert rows(text) == [["a", "b"], ["one\rtwo", "3"], ["x", "4"]]
    assert text.endswith("x,4\n") and "\r\n" not in text


def test_links_and_images_in_answers_are_never_live_in_a_markdown_export(
    run, journal: Journal
) -> None:
    make_entry(
        journal,
        "checkin",
        "2026-01-05 09:00",
        text="see ![i](http://evil.example/x.png) and [l](javascript:alert(1))",
    )
    report = run("export", "--include-text").stdout
    assert "](" not in report.replace("\\](", "")  # every link or image is escaped
    assert "!\\[i\\](http://evil.example/x.png)" in report
