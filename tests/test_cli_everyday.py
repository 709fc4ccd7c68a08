"""Everyday use: status, list, show, search, edit, delete, export, prompt sets, completion."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import TZ, entry_files, frozen_datetime, make_entry


@pytest.fixture
def filled(journal: Journal) -> Journal:
    make_entry(
        journal,
        "checkin",
        "2026-01-01 09:00",
        ratings={"mood": 4},
        tags=["Grief"],
        scales={"phq9": {"score": 16, "items": [2] * 8 + [0]}},
    )
    make_entry(
        journal,
        "intention",
        "2026-01-05 09:00",
        1,
        route="iv",
        text="Meet my Father's memory",
        ratings={"mood": 5, "anxiety": 7},
    )
    make_entry(
        journal,
        "integration",
        "2026-01-05 18:00",
        1,
        ratings={"mood": 8},
        text="warm light",
        side_effects=["nausea"],
    )
    make_entry(journal, "checkin", "2026-01-09 20:00", ratings={"mood": 4}, tags=["family"])
    return journal  # fmt: skip


def test_list_shows_ids_newest_first_and_filters(run, filled) -> None:
    result = run("list")
    assert result.exit_code == 0
    ids = re.findall(r"^(\d{6}-\d{4}[irc])", result.stdout, flags=re.MULTILINE)
    assert ids == ["260109-2000c", "260105-1800r", "260105-0900i", "260101-0900c"]
    assert "Meet my Father's memory" in result.stdout

    def listed(*args: str) -> list[str]:
        return [e["id"] for e in json.loads(run("list", "--format", "json", *args).stdout)]

    assert listed("--kind", "checkin") == ["260109-2000c", "260101-0900c"]
    assert listed("--session", "1") == ["260105-1800r", "260105-0900i"]
    assert listed("--since", "2026-01-05", "--until", "2026-01-05") == [
        "260105-1800r",
        "260105-0900i",
    ]
    assert listed("--tag", "grief") == ["260101-0900c"]
    assert listed("-n", "1") == ["260109-2000c"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["list", "--kind", "dream"],
            "--kind: 'dream' is not one of intention, integration, checkin",
        ),
        (["list", "--since", "yesterday"], "--since: 'yesterday' is not a date"),
        (["show", "2601"], "'2601' matches several entries: 260101-0900c, 260105-0900i"),
        (["show", "260106-0900i"], "no entry '260106-0900i'; did you mean 260105-0900i"),
        (["edit", "nope"], "no entry 'nope'"),
        (["export", "--format", "pdf"], "'pdf' is not one of"),
    ],
)
def test_bad_references_and_options_are_one_line(run, filled, args, message) -> None:
    before = {p: p.read_bytes() for p in entry_files(filled)}
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in entry_files(filled)} == before


def test_show_renders_an_entry_by_short_id_prefix_or_latest(run, filled) -> None:
    result = run("show", "260105-09")
    assert result.exit_code == 0
    assert "Intention: session 1, 5 January 2026" in result.stdout
    assert "iv · mood 5, anxiety 7" in result.stdout
    assert "Meet my Father's memory" in result.stdout
    assert "Check-in, 9 January 2026" in run("show", "latest").stdout
    data = json.loads(run("show", "260101-0900c", "--format", "json").stdout)
    assert data["fields"]["scales"]["phq9"]["score"] == 16


def test_show_raw_prints_the_file_exactly(run, filled) -> None:
    path = next(p for p in entry_files(filled) if "intention" in p.name)
    assert run("show", "260105-0900i", "--raw").stdout == path.read_text()


def test_search_is_case_insensitive_in_answers_and_tags(run, filled) -> None:
    result = run("search", "father")
    assert result.exit_code == 0
    assert "260105-0900i  2026-01-05  Meet my Father's memory" in result.stdout
    found = json.loads(run("search", "FAMILY", "--format", "json").stdout)
    assert [(m["id"], m["where"], m["line"]) for m in found] == [("260109-2000c", "tags", "family")]
    assert "Nothing found for 'zebra'" in run("search", "zebra").stdout


def editor(tmp_path: Path, monkeypatch, code: str) -> None:
    script = tmp_path / "editor.py"
    script.write_text("import sys\npath = sys.argv[1]\ntext = open(path).read()\n" + code)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


def test_edit_saves_a_valid_change(run, filled, tmp_path, monkeypatch) -> None:
    editor(tmp_path, monkeypatch, "open(path, 'w').write(text.replace('warm light', 'warm gold'))")
    result = run("edit", "260105-1800r")
    assert result.exit_code == 0, result.output
    path = next(p for p in entry_files(filled) if "integration" in p.name)
    assert read_entry(path).sections[0].text == "warm gold"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(filled.drafts_dir.iterdir()) == []


def test_an_edit_that_breaks_the_file_is_kept_aside_and_the_entry_restored(
    run, filled, tmp_path, monkeypatch
) -> None:
    editor(
        tmp_path,
        monkeypatch,
        "open(path, 'w').write(text.replace('kind: integration', 'kind: [oops'))",
    )
    path = next(p for p in entry_files(filled) if "integration" in p.name)
    before = path.read_bytes()
    result = run("edit", "260105-1800r")
    assert result.exit_code == 1
    assert "the edited entry does not parse" in result.stderr
    [kept] = filled.drafts_dir.glob("edit-*.md")
    assert str(kept) in result.stderr
    assert "kind: [oops" in kept.read_text()
    assert path.read_bytes() == before


def test_an_editor_that_fails_changes_nothing(run, filled, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "false")
    before = {p: p.read_bytes() for p in entry_files(filled)}
    result = run("edit", "latest")
    assert result.exit_code == 1
    assert result.stderr == "kjournal: the editor exited with status 1; nothing was changed\n"
    assert {p: p.read_bytes() for p in entry_files(filled)} == before
    assert list(filled.drafts_dir.iterdir()) == []


def test_edit_without_an_editor_says_how_to_set_one(run, filled) -> None:
    result = run("edit", "latest")
    assert result.exit_code == 1
    assert "set VISUAL or EDITOR" in result.stderr


def test_delete_asks_then_moves_the_entry_to_the_trash(run, filled) -> None:
    path = next(p for p in entry_files(filled) if "integration" in p.name)
    content = path.read_bytes()
    kept = run("delete", "260105-1800r", input="n\n")
    assert kept.exit_code == 1 and path.exists()
    moved = run("delete", "260105-1800r", input="y\n")
    assert moved.exit_code == 0
    assert not path.exists()
    [trashed] = filled.trash_dir.rglob("*.md")
    assert trashed.read_bytes() == content
    assert "260105-1800r" not in run("list").stdout
    assert run("delete", "latest", "--yes").exit_code == 0


def test_export_report_shares_numbers_and_words_only_when_asked(run, filled) -> None:
    report = run("export").stdout
    assert "# kjournal report" in report
    assert "| PHQ-9 | 1 | 16 (2026-01-01)" in report
    assert "| 1 | 2026-01-05 | iv | 5 | 8 |" in report
    assert "| nausea | 1 |" in report
    assert "not a diagnosis" in report and "Spitzer" in report
    assert "warm light" not in report
    assert "warm light" in run("export", "--include-text").stdout


def test_export_csv_has_one_row_per_entry_with_every_field(run, filled) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert len(rows) == 4
    first = rows[0]
    assert (first["kind"], first["ratings.mood"], first["scales.phq9.score"]) == (
        "checkin",
        "4",
        "16",
    )
    assert first["scales.phq9.items"] == "2;2;2;2;2;2;2;2;0"
    assert rows[2]["side_effects"] == "nausea"


def test_export_json_keeps_everything(run, filled) -> None:
    data = json.loads(run("export", "--format", "json").stdout)
    assert len(data["entries"]) == 4
    assert data["entries"][1]["sections"] == [
        {
            "heading": "What would you like to explore, or soften, today?",
            "text": "Meet my Father's memory",
        }
    ]


def test_export_html_is_one_self_contained_page(run, filled, tmp_path) -> None:
    out = tmp_path / "report.html"
    result = run("export", "--format", "html", "--out", str(out), "--include-text")
    assert result.exit_code == 0
    page = out.read_text()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert page.startswith("<!doctype html>") and "<svg" in page and "<polyline" in page
    assert "<script" not in page.lower()
    assert not re.search(r"(src|href)\s*=", page, flags=re.IGNORECASE)
    assert "Meet my Father&#x27;s memory" in page  # escaped text


def test_export_never_overwrites_without_force(run, filled, tmp_path) -> None:
    out = tmp_path / "report.md"
    out.write_text("mine")
    refused = run("export", "--out", str(out))
    assert refused.exit_code == 1
    assert "already exists; pass --force" in refused.stderr
    assert out.read_text() == "mine"
    assert run("export", "--out", str(out), "--force").exit_code == 0
    assert out.read_text().startswith("# kjournal report")


def test_export_to_a_missing_folder_is_one_line(run, filled, tmp_path) -> None:
    result = run("export", "--out", str(tmp_path / "nowhere" / "r.md"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_export_period(run, filled) -> None:
    data = json.loads(
        run("export", "-f", "json", "--since", "2026-01-05", "--until", "2026-01-06").stdout
    )
    assert [e["kind"] for e in data["entries"]] == ["intention", "integration"]


def test_prompt_sets_can_be_listed_shown_and_copied_to_take_over(run, journal: Journal) -> None:
    listing = run("prompts", "list").stdout
    assert re.search(r"^intend\s+packaged", listing, flags=re.MULTILINE)
    assert re.search(r"^phq9\s+packaged", listing, flags=re.MULTILINE)
    assert "How is your mood right now?" in run("prompts", "show", "intend").stdout
    copied = run("prompts", "copy", "intend")
    assert copied.exit_code == 0
    mine = journal.prompts_dir / "intend.yaml"
    assert re.search(r"^intend\s+yours", run("prompts", "list").stdout, flags=re.MULTILINE)
    mine.write_text(mine.read_text().replace("How is your mood right now?", "How are you, truly?"))
    assert "How are you, truly?" in run("intend", input="n\n" + "\n" * 10).stdout
    again = run("prompts", "copy", "intend")
    assert again.exit_code == 2 and "pass --force" in again.stderr


def test_a_broken_custom_prompt_set_is_named_with_file_and_key(run, journal: Journal) -> None:
    run("prompts", "copy", "checkin")
    mine = journal.prompts_dir / "checkin.yaml"
    mine.write_text(mine.read_text().replace("type: number", "type: digits"))
    result = run("prompts", "show", "checkin")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kjournal: {mine}: prompts[3].type: 'digits' is not one of")


def test_unknown_prompt_set_lists_the_known_ones(run) -> None:
    result = run("prompts", "show", "dreams")
    assert result.exit_code == 2
    assert "unknown prompt set 'dreams' (known: intend, integrate, checkin, gad7" in result.stderr


def test_shell_completion_offers_entry_ids_and_prompt_sets(filled) -> None:
    env = {**os.environ, "KJOURNAL_HOME": str(filled.root), "_KJOURNAL_COMPLETE": "complete_bash"}

    def complete(words: str) -> list[str]:
        env_words = {
            **env,
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        }
        done = subprocess.run(
            [sys.executable, "-m", "kjournal"], env=env_words, capture_output=True, text=True
        )
        return done.stdout.split()

    assert complete("kjournal show 260105") == ["260105-1800r", "260105-0900i"]
    assert complete("kjournal prompts copy in") == ["intend", "integrate"]


def test_status_is_calm_and_points_to_the_next_step(run, filled) -> None:
    result = run()
    assert result.exit_code == 0
    assert "Last session: 1" in result.stdout
    assert "streak" not in result.stdout.lower()


def test_readme_command_reference_matches_the_help(run, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    documented = dict(re.findall(r"^\| `kjournal ([a-z]+)[^`]*` \| (.+) \|$", readme, flags=re.M))
    help_text = run("--help").stdout.split("Commands:")[1]
    listed = dict(re.findall(r"^  ([a-z]+)\s{2,}(.+)$", help_text, flags=re.M))
    assert listed == documented


def test_status_counts_this_weeks_checkins_and_mentions_due_questionnaires(
    run, journal, monkeypatch
) -> None:
    from datetime import timedelta

    from kjournal.reports import status

    # A fixed clock: the real one, read here and again by status, gave two different days when
    # midnight fell in between ("4 days ago", no check-in today), and the week's count depended
    # on the day the suite ran.
    today = datetime(2026, 1, 28, 12, 0, tzinfo=TZ)  # a Wednesday, midday
    monkeypatch.setattr(status, "datetime", frozen_datetime(today))
    make_entry(journal, "intention", (today - timedelta(days=3)).strftime("%Y-%m-%d %H:%M"), 1)
    make_entry(journal, "integration", (today - timedelta(days=3)).strftime("%Y-%m-%d %H:%M"), 1)
    make_entry(journal, "checkin", today.strftime("%Y-%m-%d 00:01"), ratings={"mood": 5})
    result = run()
    assert "Last session: 1, 3 days ago." in result.stdout
    assert "Check-ins this week: 1." in result.stdout
    assert "PHQ-9 and GAD-7: none in the last 7 days" in result.stdout
    assert "Next: kjournal scale phq9" in result.stdout
