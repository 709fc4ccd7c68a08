"""Prompt and scale files load strictly: a stray, misspelt or repeated key anywhere in one is an
error naming the file and the key, so a YAML slip cannot quietly change what is recorded."""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kjournal.errors import PromptSetError
from kjournal.journal.yamlio import dump_yaml, load_yaml
from kjournal.questions.prompts import load_prompt_set, packaged_prompts_dir
from kjournal.questions.scales import load_scale

PACKAGED = sorted(packaged_prompts_dir().rglob("*.yaml"))
RELATIVE = [str(path.relative_to(packaged_prompts_dir())) for path in PACKAGED]


def load_from(folder: Path, relative: str) -> Any:
    """Load a prompt set or scale by name, with `folder` standing in for the journal's prompts/."""
    name = Path(relative).stem
    if relative.startswith("scales/"):
        return load_scale(name, [folder])
    return load_prompt_set(name, [folder])


def mappings(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every mapping in the data: the top level, each prompt, option, band..."""
    if isinstance(data, dict):
        yield path
        for key, value in data.items():
            yield from mappings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from mappings(value, (*path, index))


def packaged_data(relative: str) -> Any:
    return load_yaml((packaged_prompts_dir() / relative).read_text(encoding="utf-8"))


LOCATIONS = [
    (relative, path) for relative in RELATIVE for path in mappings(packaged_data(relative))
]


def with_key(relative: str, path: tuple[Any, ...], key: str, value: Any) -> Any:
    data = copy.deepcopy(packaged_data(relative))
    target = data
    for step in path:
        target = target[step]
    target[key] = value
    return data


def load_error(folder: Path, relative: str, data: Any) -> str:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump_yaml(data), encoding="utf-8")
    with pytest.raises(PromptSetError) as caught:
        load_from(folder, relative)
    return str(caught.value)


def test_every_packaged_prompt_set_and_scale_loads_strictly() -> None:
    assert {"intend.yaml", "integrate.yaml", "checkin.yaml", "scales/phq9.yaml"} <= set(RELATIVE)
    for relative in RELATIVE:
        loaded = load_from(Path("/nonexistent"), relative)
        assert loaded.source == packaged_prompts_dir() / relative


def test_every_mapping_in_the_packaged_files_is_checked() -> None:
    # top level, prompts and options of three sets; top level, options and bands of four scales
    assert len(LOCATIONS) > 60
    assert ("integrate.yaml", ("prompts", 2, "options", 3)) in LOCATIONS
    assert ("scales/phq9.yaml", ("bands", 4)) in LOCATIONS
    assert ("scales/phq9.yaml", ("followup", "options", 3)) in LOCATIONS


@pytest.mark.parametrize(
    ("relative", "path"), LOCATIONS, ids=[f"{r}:{'.'.join(map(str, p))}" for r, p in LOCATIONS]
)
def test_an_unknown_key_anywhere_is_named_with_its_file(
    tmp_path: Path, relative: str, path: tuple[Any, ...]
) -> None:
    message = load_error(tmp_path, relative, with_key(relative, path, "colour", "blue"))
    assert message.startswith(f"{tmp_path / relative}: ")
    assert "unknown key 'colour' (allowed: " in message


@pytest.mark.parametrize(
    ("relative", "path"), LOCATIONS, ids=[f"{r}:{'.'.join(map(str, p))}" for r, p in LOCATIONS]
)
def test_text_split_by_a_comma_in_a_flow_mapping_is_named_with_a_hint_to_quote_it(
    tmp_path: Path, relative: str, path: tuple[Any, ...]
) -> None:
    # `{value: x, label: a, still now}` reads as a key 'still now' with no value.
    message = load_error(tmp_path, relative, with_key(relative, path, "still now", None))
    assert message.startswith(f"{tmp_path / relative}: ")
    assert "unknown key 'still now'" in message
    assert "put the whole text in quotes" in message


def keys_in(data: Any) -> set[Any]:
    if isinstance(data, dict):
        return set(data).union(*map(keys_in, data.values()))
    if isinstance(data, list):
        return set().union(*map(keys_in, data))
    return set()


# Keys valid in some mapping (a key valid at one level may still be valid where it is injected).
ALLOWED_SOMEWHERE = set().union(*(keys_in(packaged_data(r)) for r in RELATIVE)) | {
    "title", "intro", "outro", "help", "optional", "anchors", "options", "multiline", "store",
    "risk", "context", "min", "max", "unit", "type", "exclusive", "followup",
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(
    location=st.sampled_from(LOCATIONS),
    key=st.text(
        st.characters(
            categories=("L", "N", "P", "S"), include_characters=" ", max_codepoint=0x2FFF
        ),
        min_size=1,
        max_size=30,
    ).filter(lambda k: k.strip() == k and k not in ALLOWED_SOMEWHERE),
)
def test_any_stray_key_is_refused_and_named(
    location: tuple[str, tuple[Any, ...]], key: str
) -> None:
    relative, path = location
    with tempfile.TemporaryDirectory() as folder:
        message = load_error(Path(folder), relative, with_key(relative, path, key, 1))
        assert message.startswith(f"{Path(folder) / relative}: ")
        assert f"unknown key '{key}'" in message


def test_the_comma_slip_from_issue_9_is_refused_where_it_happened(tmp_path: Path) -> None:
    (tmp_path / "integrate.yaml").write_text(
        "prompts:\n"
        "  - id: side_effects\n"
        "    type: choices\n"
        "    text: Any of these during or since the session?\n"
        "    options:\n"
        "      - {value: nausea, label: nausea}\n"
        "      - {value: dissociation_lingering, label: feeling detached or unreal, still now}\n"
    )
    with pytest.raises(PromptSetError) as caught:
        load_prompt_set("integrate", [tmp_path])
    assert str(caught.value).startswith(
        f"{tmp_path / 'integrate.yaml'}: prompts[0].options[1]: unknown key 'still now' "
        "(allowed: value, label"
    )


@pytest.mark.parametrize(
    ("relative", "text", "where"),
    [
        ("intend.yaml", "prompts:\n  - {id: a, text: A, text: B}\n", "line 2: the key 'text'"),
        ("intend.yaml", "title: A\ntitle: B\nprompts:\n  - {id: a, text: A}\n", "line 2"),
        (
            "checkin.yaml",
            "prompts:\n  - id: a\n    text: A\n    type: choice\n    options:\n"
            "      - {value: x, label: X, label: Y}\n",
            "line 6: the key 'label'",
        ),
    ],
)
def test_a_key_given_twice_is_refused_not_silently_replaced(
    tmp_path: Path, relative: str, text: str, where: str
) -> None:
    (tmp_path / relative).write_text(text)
    with pytest.raises(PromptSetError) as caught:
        load_from(tmp_path, relative)
    assert str(caught.value).startswith(f"{tmp_path / relative}: not valid YAML ({where}")
    assert "appears twice" in str(caught.value)


def test_a_key_given_twice_in_a_scale_file_is_refused(tmp_path: Path) -> None:
    text = (packaged_prompts_dir() / "scales" / "gad7.yaml").read_text()
    (tmp_path / "scales").mkdir()
    (tmp_path / "scales" / "gad7.yaml").write_text(text + "meaningful_change: 2\n")
    with pytest.raises(PromptSetError, match="the key 'meaningful_change' appears twice"):
        load_scale("gad7", [tmp_path])


def test_entries_still_read_a_repeated_key_as_they_always_did() -> None:
    # Only prompt and scale files are strict: an entry edited by hand long ago reads the same.
    assert load_yaml("mood: 3\nmood: 5\n") == {"mood": 5}


@pytest.mark.parametrize(
    ("option", "where"),
    [
        ("{value: no, label: not at all}", "options[0].value: must be text"),
        ("{value: maybe, label: yes}", "options[0].label: must be text"),
        ("{value: '10', label: 10}", "options[0].label: must be text"),
        ("off", "options[0]: each option is text"),
    ],
)
def test_yaml_words_read_as_true_false_or_numbers_are_not_taken_for_text(
    tmp_path: Path, option: str, where: str
) -> None:
    (tmp_path / "checkin.yaml").write_text(
        f"prompts:\n  - id: a\n    text: A\n    type: choice\n    options:\n      - {option}\n"
        "      - {value: other, label: other}\n"
    )
    with pytest.raises(PromptSetError) as caught:
        load_prompt_set("checkin", [tmp_path])
    assert f"prompts[0].{where}" in str(caught.value)
    assert "in quotes if it looks like a number, yes/no" in str(caught.value)


def test_a_scale_file_must_carry_the_id_of_its_name(tmp_path: Path) -> None:
    # Scores are stored under the id: GAD-7 answers must never be recorded as a PHQ-9.
    (tmp_path / "scales").mkdir()
    gad7 = (packaged_prompts_dir() / "scales" / "gad7.yaml").read_text()
    (tmp_path / "scales" / "phq9.yaml").write_text(gad7)
    with pytest.raises(PromptSetError) as caught:
        load_scale("phq9", [tmp_path])
    assert str(caught.value) == (
        f"{tmp_path / 'scales' / 'phq9.yaml'}: id: 'gad7' does not match the file name 'phq9.yaml'"
    )
