"""Nothing out of place: scale and prompt-set names are identifiers, never paths, and a path
kjournal writes can be checked to lie inside the journal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kjournal.errors import PromptSetError, UsageError
from kjournal.journal.files import inside
from kjournal.journal.store import Journal
from kjournal.journal.yamlio import dump_yaml, load_yaml
from kjournal.questions.prompts import find_prompt_set, is_name
from kjournal.questions.scales import load_scale

PATHS = ["../../../tmp/evil", "x/../../../outside/pwned", "/etc/passwd", "phq9/", "phq9\n"]


@pytest.mark.parametrize("name", ["phq9", "gad7", "my_scale", "a", "a" * 32])
def test_identifiers_are_names(name: str) -> None:
    assert is_name(name)


@pytest.mark.parametrize(
    "name", [*PATHS, "", "PHQ9", "9phq", "phq-9", "a" * 33, "phq9.yaml", "ph q9", "φ"]
)
def test_anything_else_is_not_a_name(name: str) -> None:
    assert not is_name(name)


@pytest.mark.parametrize("name", PATHS)
def test_a_path_is_never_loaded_as_a_scale(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"available: gad7, pcl5, phq9, who5"):
        load_scale(name, [tmp_path])


@pytest.mark.parametrize("name", PATHS)
def test_a_path_is_never_loaded_as_a_prompt_set(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError, match=r"known: intend, integrate, checkin"):
        find_prompt_set(name, [tmp_path])


def test_kjournal_scale_with_a_path_is_one_line_listing_the_scales(
    run, journal: Journal, tmp_path: Path
) -> None:
    evil = tmp_path / "evil.yaml"
    evil.write_text(load_scale("gad7").source.read_text().replace("id: gad7", "id: evil"))
    result = run("scale", "../../../tmp/evil")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "unknown scale '../../../tmp/evil'" in result.stderr
    assert "(available: gad7, pcl5, phq9, who5)" in result.stderr
    assert not journal.drafts_dir.exists()


def _custom_scale(journal: Journal, file_name: str, scale_id: str) -> None:
    data = load_yaml(load_scale("gad7").source.read_text())
    data["id"] = scale_id
    folder = journal.prompts_dir / "scales"
    folder.mkdir(parents=True)
    (folder / f"{file_name}.yaml").write_text(dump_yaml(data))


def test_a_scale_file_whose_id_is_a_path_is_refused_and_nothing_leaves_the_journal(
    run, journal: Journal, tmp_path: Path
) -> None:
    journal.root.mkdir()
    os.chmod(tmp_path, 0o755)
    _custom_scale(journal, "pwned", "x/../../../outside/pwned")
    result = run("scale", "pwned", "--items", "1,1,1,1,1,1,1")
    assert result.exit_code == 1
    assert "pwned.yaml: id: must be lower-case letters, digits or _" in result.stderr
    assert not (tmp_path / "outside").exists()
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # the folder above: not chmod-ed
    assert not journal.drafts_dir.exists() and journal.entry_paths() == []


def test_a_scale_file_must_carry_its_own_name_as_id(journal: Journal) -> None:
    _custom_scale(journal, "mine", "gad7")
    with pytest.raises(PromptSetError, match=r"'gad7' does not match the file name 'mine\.yaml'"):
        load_scale("mine", [journal.prompts_dir])


def test_a_path_in_the_config_is_not_taken_as_a_scale(run, journal: Journal, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text("intend_scales: ['../../outside/x']\n")
    result = run("intend", "--no-input")
    # Refused where it is read (the config), one warning; the intention is still written.
    assert result.exit_code == 0, result.output
    assert "intend_scales must be a list of questionnaire names" in result.stderr
    assert not (tmp_path / "outside").exists()


# inside(root, path): the guard every write in the journal can call


def test_paths_in_the_journal_are_inside(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    (root / "drafts").mkdir(parents=True)
    assert inside(root, root / "drafts" / "intend.yaml")
    assert inside(root, root / "entries" / "2026" / "01" / "not-yet-there.md")
    assert inside(root, root / "drafts" / ".." / "entries" / "x.md")
    assert inside(root, root)


def test_dot_dot_out_of_the_journal_is_outside(tmp_path: Path) -> None:
    root = tmp_path / "journal"
    root.mkdir()
    assert not inside(root, root / "drafts" / "scale-x" / ".." / ".." / ".." / "outside" / "p")
    assert not inside(root, tmp_path / "journal-2" / "x")  # a sibling sharing the prefix
    assert not inside(root, Path("/etc/passwd"))
    assert not inside(root, root / "a\x00b")


def test_a_symlink_out_of_the_journal_is_outside(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "journal", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / ".cache").symlink_to(elsewhere)
    assert not inside(root, root / ".cache" / "front-matter.json")
    (root / "drafts").mkdir()
    (root / "drafts" / "intend.yaml").symlink_to(elsewhere / "stolen.yaml")
    assert not inside(root, root / "drafts" / "intend.yaml")  # a dangling link, too


def test_a_journal_that_is_itself_a_link_still_holds_its_files(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert inside(tmp_path / "link", tmp_path / "link" / "entries" / "x.md")
    assert inside(tmp_path / "link", tmp_path / "real" / "x.md")


@given(st.lists(st.sampled_from(["..", ".", "a", "b", "drafts"]), max_size=8))
def test_inside_agrees_with_where_the_path_really_goes(parts: list[str]) -> None:
    root = Path("/journal-that-does-not-exist/j")
    path = root.joinpath(*parts)
    expected = Path(os.path.normpath(path))
    assert inside(root, path) == (expected == root or root in expected.parents)
