"""The one catalogue of names: the prompt sets and questionnaires there are, what people call
them, and in which order they are listed.

A questionnaire is one file, `prompts/scales/<id>.yaml`: its id is the file's name, its label
(PHQ-9) the file's `name`, its place in listings the file's `order`, and `session_column` says
whether its latest score before a session is a column of the session table (trends, export).
Adding a questionnaire is adding that file; nothing here or elsewhere lists them by hand.

Listings need only those few top-level lines, and `kjournal list` runs often: they are read as
text (well under a millisecond), never through PyYAML (which costs more to import than the whole
listing), unless a line is not plain; tests/test_catalogue.py holds the two readings equal for
every packaged file. Nothing is read when the module is imported, so `--help` reads no file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from kjournal.errors import PromptSetError, UsageError
from kjournal.journal.files import read_regular_text
from kjournal.questions.prompts import PROMPT_SETS, packaged_prompts_dir, read_strict_yaml

SCALES_FOLDER = "scales"  # inside a prompts folder: <prompts>/scales/<id>.yaml


@dataclass(frozen=True)
class ScaleName:
    """A packaged questionnaire as listings know it (the questions themselves: scales.Scale)."""

    id: str  # phq9: the file's name, the key its scores are stored under
    label: str  # PHQ-9: what a person reads
    order: int  # listings, completions and exports show questionnaires in this order
    session_column: bool  # its latest score in the week before a session is shown with it


@functools.cache
def packaged_scales() -> tuple[ScaleName, ...]:
    """The questionnaires shipped with kjournal, in listing order (then by id)."""
    folder = packaged_prompts_dir() / SCALES_FOLDER
    found = [_scale_name(path) for path in folder.glob("*.yaml")]
    return tuple(sorted(found, key=lambda s: (s.order, s.id)))


def scale_names() -> list[str]:
    """The packaged questionnaires' ids, in listing order: phq9, gad7, ..."""
    return [scale.id for scale in packaged_scales()]


def scale_label(name: str) -> str:
    """What a person calls a questionnaire: PHQ-9 for phq9; a scale of their own by its id."""
    return next((s.label for s in packaged_scales() if s.id == name), name)


def session_scales() -> list[ScaleName]:
    """The questionnaires whose latest score before a session the session table shows."""
    return [scale for scale in packaged_scales() if scale.session_column]


def relative_path(name: str) -> str:
    """Where a prompt set or questionnaire lives inside a prompts folder: intend.yaml,
    scales/phq9.yaml; an unknown name is an error that lists the known ones."""
    if name in PROMPT_SETS:
        return f"{name}.yaml"
    scales = scale_names()
    if name in scales:
        return f"{SCALES_FOLDER}/{name}.yaml"
    known = ", ".join([*PROMPT_SETS, *sorted(scales)])
    raise UsageError(f"unknown prompt set '{name}' (known: {known})")


# A top-level `key: value` line whose value YAML reads as the same text: no quotes, comment,
# flow collection, anchor, alias, tag or block scalar. Anything else is read by PyYAML instead.
_KEY_LINE = re.compile(r"""^['"]?(name|order|session_column)\b""")
_PLAIN_LINE = re.compile(
    r"^(name|order|session_column):[ \t]+"
    r"([^\s'\"#{}\[\]&*!|>%@`,?:=<-][^#]*?)"  # the value: not starting with a YAML indicator
    r"(?:[ \t]+#.*)?[ \t]*$"  # then perhaps a comment
)
# Plain values YAML 1.1 reads as something other than text: booleans, null, numbers, dates.
_NOT_TEXT = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|[+.\d].*)")
_MAPPING = re.compile(r":(\s|$)")  # `name: a: b` is not text but an error
_LAST_ORDER = 1_000_000  # a file without an `order` is listed after those with one


def _scale_name(path: Path) -> ScaleName:
    fields = quick_fields(path)
    if fields is None:
        fields = _yaml_fields(path)
    order, column, label = fields.get("order"), fields.get("session_column"), fields.get("name")
    return ScaleName(
        id=path.stem,
        label=label if isinstance(label, str) and label.strip() else path.stem,
        order=order if isinstance(order, int) and not isinstance(order, bool) else _LAST_ORDER,
        session_column=column is True,
    )


def quick_fields(path: Path) -> dict[str, object] | None:
    """`name`, `order` and `session_column` read from a scale file's plain top-level lines, as
    YAML would read them; None when one of them is written in any other way."""
    fields: dict[str, object] = {}
    try:  # a regular file only: a FIFO left in the folder must never hang a listing
        text = read_regular_text(path, limit=1024 * 1024)
    except OSError:
        return {}  # listed by its id; loading it names the file and what is wrong
    for line in text.splitlines():
        if not _KEY_LINE.match(line):
            continue
        match = _PLAIN_LINE.match(line)
        if match is None or match[1] in fields:
            return None
        key, value = match[1], match[2]
        if key == "order" and value.isascii() and value.isdigit() and value[0] != "0":
            fields[key] = int(value)
        elif key == "session_column" and value in ("true", "false"):
            fields[key] = value == "true"
        elif key == "name" and _is_text(value):
            fields[key] = value
        else:
            return None
    return fields if "name" in fields else None


def _is_text(value: str) -> bool:
    return value.isprintable() and not _NOT_TEXT.fullmatch(value) and not _MAPPING.search(value)


def _yaml_fields(path: Path) -> dict[str, object]:
    try:
        data = read_strict_yaml(path)
    except PromptSetError:
        # A listing still works: the questionnaire is shown by its id, and loading it (to take
        # it, show it or score it) names the file and what is wrong with it.
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: data[key] for key in ("name", "order", "session_column") if key in data}
