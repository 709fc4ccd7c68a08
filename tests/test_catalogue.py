"""One catalogue of questionnaires: adding one is adding its file, and every listing, label,
column and completion follows; the catalogue is read quickly, never at `--help`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kjournal.journal.yamlio import load_yaml
from kjournal.questions import catalogue
from kjournal.questions.prompts import packaged_prompts_dir
from tests.helpers import make_entry

PACKAGED_SCALES = sorted((packaged_prompts_dir() / "scales").glob("*.yaml"))

# A new questionnaire, written as a person adding one to kjournal would: one file, nothing else.
NEW_SCALE = """\
id: calm3
name: CALM-3
order: 5
session_column: true
title: Three calm questions (CALM-3), a made-up scale for this test
instructions: Over the last week, how often...
recall_days: 7
options:
  - {value: 0, label: Never}
  - {value: 1, label: Sometimes}
  - {value: 2, label: Often}
items:
  - I felt calm
  - I slept well
  - I felt at ease with others
better: higher
bands:
  - {min: 0, max: 2, label: low}
  - {min: 3, max: 6, label: not low}
meaningful_change: 2
notice: CALM-3, written for kjournal's tests.
"""


@pytest.mark.parametrize("path", PACKAGED_SCALES, ids=lambda p: p.stem)
def test_the_quick_reading_of_a_scale_file_is_what_yaml_reads(path: Path) -> None:
    data = load_yaml(path.read_text(encoding="utf-8"))
    expected = {k: data[k] for k in ("name", "order", "session_column") if k in data}
    assert catalogue.quick_fields(path) == expected


@pytest.mark.parametrize(
    ("lines", "label", "order"),
    [
        ('name: "Quoted-1"\norder: 2\n', "Quoted-1", 2),
        ("name: 'Single #1'  # a comment\norder: 2\n", "Single #1", 2),
        ("name: Plain-2  # a comment\norder: 3  # another\n", "Plain-2", 3),
        ("name: yes-but-text\norder: 07\n", "yes-but-text", 7),
        ("name: C#\n", "C#", catalogue._LAST_ORDER),
        ("name: 2026\n", "odd", catalogue._LAST_ORDER),  # a number, not text: the id instead
        ("name: >-\n  Folded\norder: 1\n", "Folded", 1),
        ("order: 4\n", "odd", 4),  # no name at all
    ],
)
def test_a_scale_file_the_quick_reading_does_not_follow_is_read_as_yaml(
    tmp_path: Path, lines: str, label: str, order: int
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(f"id: odd\n{lines}", encoding="utf-8")
    name = catalogue._scale_name(path)
    assert (name.id, name.label, name.order) == ("odd", label, order)


def test_the_packaged_catalogue_in_its_order() -> None:
    names = [(s.id, s.label, s.session_column) for s in catalogue.packaged_scales()]
    assert names == [
        ("phq9", "PHQ-9", True),
        ("gad7", "GAD-7", True),
        ("pcl5", "PCL-5", False),
        ("who5", "WHO-5", False),
    ]
    assert catalogue.scale_label("phq9") == "PHQ-9"
    assert catalogue.scale_label("own_scale") == "own_scale"  # a person's own: by its id


@pytest.fixture
def with_new_scale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The packaged prompts, plus one new questionnaire file, as the installed package."""
    folder = tmp_path / "packaged"
    shutil.copytree(packaged_prompts_dir(), folder)
    (folder / "scales" / "calm3.yaml").write_text(NEW_SCALE, encoding="utf-8")
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("kjournal") and hasattr(module, "packaged_prompts_dir"):
            monkeypatch.setattr(module, "packaged_prompts_dir", lambda: folder)
    catalogue.packaged_scales.cache_clear()
    yield folder
    catalogue.packaged_scales.cache_clear()


def test_adding_a_questionnaire_is_adding_its_file(with_new_scale: Path, run, journal) -> None:
    from kjournal.cli import _complete_prompt_sets
    from kjournal.questions.scales import available_scales, load_scale

    assert catalogue.scale_names() == ["phq9", "gad7", "pcl5", "who5", "calm3"]
    assert catalogue.scale_label("calm3") == "CALM-3"
    assert "calm3" in available_scales()
    assert load_scale("calm3").max_score == 6
    assert _complete_prompt_sets("ca") == ["calm3"]

    listed = run("prompts", "list")
    assert listed.exit_code == 0 and "calm3" in listed.stdout
    assert run("prompts", "show", "calm3").stdout.startswith("id: calm3")

    taken = run("scale", "calm3", "--items", "2,1,2")
    assert taken.exit_code == 0, taken.output
    assert "CALM-3" in taken.stdout

    listing = run("list")
    assert "CALM-3 5 (not low)" in listing.stdout
    by_label = run("list", "--kind", "calm-3", "--format", "json")
    assert [e["scales"] for e in json.loads(by_label.stdout)] == [
        {"calm3": {"score": 5, "band": "not low", "difficulty": None}}
    ]

    # A questionnaire shown with sessions has its column wherever sessions are shown.
    make_entry(journal, "intention", "2026-01-05 09:00", 1, ratings={"mood": 5})
    make_entry(journal, "questionnaire", "2026-01-04 09:00", scales={"calm3": {"score": 4}})
    csv = run("trends", "--view", "sessions", "--format", "csv").stdout.splitlines()
    assert "phq9_before,gad7_before,calm3_before" in csv[0]
    assert csv[1].split(",")[csv[0].split(",").index("calm3_before")] == "4"
    table = run("trends", "--view", "sessions").stdout
    assert "CALM-3" in table
    report = run("export", "--format", "md").stdout
    assert "CALM-3 before" in report


def test_help_reads_no_questionnaire_file() -> None:
    code = (
        "import sys\n"
        "from kjournal.cli import main\n"
        "for args in (['--help'], ['scale', '--help'], ['prompts', 'show', '--help']):\n"
        "    sys.argv = ['kjournal', *args]\n"
        "    try:\n        main()\n    except SystemExit:\n        pass\n"
        "cat = sys.modules.get('kjournal.questions.catalogue')\n"
        "print('READ', bool(cat and cat.packaged_scales.cache_info().currsize))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "READ False" in out.stdout


def test_a_listing_of_questionnaires_needs_no_yaml_library(journal, run) -> None:
    """`list` runs often: the labels it shows come from the catalogue's quick reading."""
    make_entry(journal, "questionnaire", "2026-01-07 09:00", scales={"phq9": {"score": 9}})
    run("list")  # the first reading fills the cache; every later listing reads that
    code = (
        "import sys\n"
        "from kjournal.cli import main\n"
        "sys.argv = ['kjournal', 'list']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('YAML', 'yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "PHQ-9 9" in out.stdout
    assert "YAML False" in out.stdout


@pytest.mark.parametrize("odd", ["fifo", "bytes", "folder"])
def test_an_odd_file_among_the_questionnaires_never_hangs_or_breaks_a_listing(
    with_new_scale: Path, run, journal, odd: str
) -> None:
    """A FIFO, undecodable bytes or a folder named like a scale in the installed folder: the
    other questionnaires still list, and nothing waits on the FIFO."""
    import os

    target = with_new_scale / "scales" / "zodd.yaml"
    if odd == "fifo":
        os.mkfifo(target)
    elif odd == "bytes":
        target.write_bytes(b"name: \xff\xfe bad\n")
    else:
        target.mkdir()
    catalogue.packaged_scales.cache_clear()
    for args in (["trends"], ["list"], ["prompts", "list"], ["export", "--format", "csv"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "unexpected error" not in result.stderr
