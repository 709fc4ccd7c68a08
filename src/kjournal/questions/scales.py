"""Validated questionnaires as data: load and check them, score answers, bands and risk items."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kjournal.errors import InvalidAnswer, PromptSetError, UsageError
from kjournal.questions.catalogue import SCALES_FOLDER, scale_names
from kjournal.questions.prompts import (
    Answer,
    Option,
    Prompt,
    PromptSet,
    check_keys,
    is_name,
    packaged_prompts_dir,
    read_strict_yaml,
    shown_name,
)

_FOLLOWUP_VALUE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Followup:
    """An unscored question asked after the items and stored beside them, as some scales publish
    it (PHQ-9's "how difficult have these problems made it..."); never part of the score."""

    id: str
    text: str
    options: tuple[Option, ...]
    help: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    title: str
    instructions: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]
    multiplier: int
    better: str  # "lower" or "higher"
    bands: tuple[Band, ...]
    meaningful_change: int
    notice: str
    recall_days: int
    source: Path
    response_drop_percent: int | None = None
    remission_below: int | None = None
    risk_items: tuple[int, ...] = ()  # 1-based item numbers
    followup: Followup | None = None

    @property
    def max_score(self) -> int:
        return len(self.items) * max(v for v, _ in self.options) * self.multiplier

    def band(self, score: int) -> str:
        """The band a score falls in; a score no band holds (a hand-edited file, or one scored
        on an earlier version of the scale's file) says so instead of guessing one."""
        for band in self.bands:
            if band.low <= score <= band.high:
                return band.label
        return f"outside {self.bands[0].low}-{self.bands[-1].high}"

    def worsened(self, earlier: int, later: int) -> bool:
        """True when the change from earlier to later is a worsening of at least the threshold."""
        change = later - earlier if self.better == "lower" else earlier - later
        return change >= self.meaningful_change


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    items: tuple[int | None, ...]
    score: int | None  # None when an item was skipped: a partial sum would mislead
    band: str | None
    risk: bool
    difficulty: str | None = None  # the follow-up's answer (an option value), not scored

    def as_fields(self) -> dict[str, Any]:
        data: dict[str, Any] = {"items": list(self.items)}
        if self.score is not None:  # the band is kept as it was named when the score was given
            data = {"score": self.score, "band": self.band, **data}
        if self.difficulty is not None:
            data["difficulty"] = self.difficulty
        return data


def available_scales() -> list[str]:
    """The packaged questionnaires' ids in alphabetical order, for messages (catalogue.py)."""
    return sorted(scale_names())


def load_scale(name: str, override_dirs: list[Path] | None = None) -> Scale:
    """Load and validate a scale; an unknown name lists the ones available."""
    if not is_name(name):
        raise UsageError(
            f"unknown scale {shown_name(name)}: a scale's name is a word of lower-case letters, "
            f"digits or _, never a path (available: {', '.join(available_scales())})"
        )
    for folder in [*(override_dirs or []), packaged_prompts_dir()]:
        path = folder / SCALES_FOLDER / f"{name}.yaml"
        if path.is_file():
            break
    else:
        raise UsageError(f"unknown scale '{name}' (available: {', '.join(available_scales())})")
    scale = parse_scale(read_strict_yaml(path), path)
    packaged = packaged_prompts_dir() / SCALES_FOLDER / f"{name}.yaml"
    if path != packaged and packaged.is_file():
        # A person's or clinic's copy may reword a questionnaire, never switch off its risk
        # items: the packaged ones always count (PHQ-9 item 9), whatever the copy says.
        floor = parse_scale(read_strict_yaml(packaged), packaged).risk_items
        items = sorted({*scale.risk_items, *(i for i in floor if i <= len(scale.items))})
        scale = replace(scale, risk_items=tuple(items))
    return scale


_SCALE_KEYS = (
    "id",
    "name",
    "title",
    "instructions",
    "recall_days",
    "options",
    "items",
    "multiplier",
    "better",
    "bands",
    "meaningful_change",
    "response_drop_percent",
    "remission_below",
    "risk_items",
    "notice",
    "followup",
    # Read by the catalogue (catalogue.py) from the packaged file, checked here in any copy.
    "order",
    "session_column",
)
_OPTION_KEYS = ("value", "label")
_BAND_KEYS = ("min", "max", "label")
_FOLLOWUP_KEYS = ("id", "text", "help", "options")
# The answer is stored under this name beside `items`; a new follow-up needs a new field (and a
# place in ScaleResult), so the ids are a closed list rather than anything a file says.
FOLLOWUP_IDS = ("difficulty",)


def parse_scale(data: Any, path: Path) -> Scale:
    """Check a scale's data strictly; every error names the file and where in it."""

    def fail(key: str, problem: str) -> PromptSetError:
        return PromptSetError(f"{path}: {key}: {problem}")

    if not isinstance(data, dict):
        raise fail("(top level)", "must be a mapping")
    check_keys(data, _SCALE_KEYS, "(top level)", fail)
    for key in ("id", "name", "instructions", "notice"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise fail(key, "missing or not text")
    if not is_name(data["id"]):
        # The id names the draft file and the scores' key: never a path.
        raise fail(
            "id", "must be lower-case letters, digits or _ (starting with a letter, at most 32)"
        )
    if data["id"] != path.stem:
        # Scores are stored under the id: a copy of gad7.yaml saved as phq9.yaml would record
        # GAD-7 answers when the person asked for a PHQ-9.
        raise fail("id", f"'{data['id']}' does not match the file name '{path.name}'")
    if not isinstance(data.get("title", ""), str):
        raise fail("title", "must be text")
    items = data.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise fail("items", "must be a non-empty list of item texts")
    parsed_options = _parse_options(data.get("options"), "options", fail)
    multiplier = data.get("multiplier", 1)
    if not _is_int(multiplier) or multiplier < 1:
        raise fail("multiplier", "must be a whole number from 1")
    if data.get("better") not in ("lower", "higher"):
        raise fail("better", "must be 'lower' or 'higher'")
    for key in ("meaningful_change", "recall_days"):
        if not _is_int(data.get(key)) or data[key] < 1:
            raise fail(key, "must be a whole number from 1")
    scale_max = len(items) * max(v for v, _ in parsed_options) * multiplier
    bands = _parse_bands(data.get("bands"), scale_max, fail)
    risk_items = data.get("risk_items", [])
    if not isinstance(risk_items, list) or not all(
        _is_int(i) and 1 <= i <= len(items) for i in risk_items
    ):
        raise fail("risk_items", f"must list item numbers from 1 to {len(items)}")
    for key in ("response_drop_percent", "remission_below"):
        if key in data and not _is_int(data[key]):
            raise fail(key, "must be a whole number")
    if "order" in data and (not _is_int(data["order"]) or data["order"] < 1):
        raise fail("order", "must be a whole number from 1")
    if not isinstance(data.get("session_column", False), bool):
        raise fail("session_column", "must be true or false")
    followup = _parse_followup(data["followup"], fail) if "followup" in data else None
    return Scale(
        id=data["id"],
        name=data["name"],
        title=data["title"] if "title" in data else data["name"],
        instructions=data["instructions"].strip(),
        items=tuple(items),
        options=parsed_options,
        multiplier=multiplier,
        better=data["better"],
        bands=bands,
        meaningful_change=data["meaningful_change"],
        notice=" ".join(data["notice"].split()),
        recall_days=data["recall_days"],
        source=path,
        response_drop_percent=data.get("response_drop_percent"),
        remission_below=data.get("remission_below"),
        risk_items=tuple(risk_items),
        followup=followup,
    )


def _parse_followup(raw: Any, fail: Any) -> Followup:
    if not isinstance(raw, dict):
        raise fail("followup", "must be a mapping with 'id', 'text' and 'options'")
    check_keys(raw, _FOLLOWUP_KEYS, "followup", fail)
    if raw.get("id") not in FOLLOWUP_IDS:
        raise fail("followup.id", f"must be one of: {', '.join(FOLLOWUP_IDS)}")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
        raise fail("followup.text", "must be one line of text")
    if not isinstance(raw.get("help", ""), str):
        raise fail("followup.help", "must be text")
    options = raw.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise fail("followup.options", "must list at least two answers")
    parsed = []
    for index, option in enumerate(options):
        at = f"followup.options[{index}]"
        if not isinstance(option, dict):
            raise fail(at, "needs a 'value' and a 'label'")
        check_keys(option, _OPTION_KEYS, at, fail)
        value, label = option.get("value"), option.get("label")
        if not (isinstance(value, str) and _FOLLOWUP_VALUE.match(value)):
            # The value is what is stored: a word, never a number that could pass for a score.
            raise fail(f"{at}.value", "must be lower-case letters, digits or _ (a word)")
        if not isinstance(label, str) or not label.strip():
            raise fail(f"{at}.label", "must be text")
        parsed.append(Option(value, label.strip()))
    if len({o.value for o in parsed}) != len(parsed):
        raise fail("followup.options", "values must be unique")
    return Followup(raw["id"], text.strip(), tuple(parsed), raw.get("help", "").strip())


def _parse_options(raw: Any, where: str, fail: Any) -> tuple[tuple[int, str], ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise fail(where, "must list at least two response options")
    parsed = []
    for index, option in enumerate(raw):
        if not isinstance(option, dict):
            raise fail(where, "each option needs an integer 'value' and a 'label'")
        check_keys(option, _OPTION_KEYS, f"{where}[{index}]", fail)
        label = option.get("label")
        if not (_is_int(option.get("value")) and isinstance(label, str) and label.strip()):
            raise fail(where, "each option needs an integer 'value' and a 'label' (text)")
        parsed.append((option["value"], label))
    if len({v for v, _ in parsed}) != len(parsed):
        raise fail(where, "option values must be unique")
    return tuple(parsed)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_bands(raw: Any, scale_max: int, fail: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise fail("bands", "must be a non-empty list of {min, max, label}")
    bands = []
    expected = 0
    for index, band in enumerate(raw):
        if isinstance(band, dict):
            check_keys(band, _BAND_KEYS, f"bands[{index}]", fail)
        if not (
            isinstance(band, dict)
            and _is_int(band.get("min"))
            and _is_int(band.get("max"))
            and isinstance(band.get("label"), str)
            and band["label"].strip()
        ):
            raise fail(f"bands[{index}]", "needs integer 'min' and 'max' and a 'label' (text)")
        if band["min"] != expected or band["max"] < band["min"]:
            raise fail(
                f"bands[{index}]", f"should start at {expected} (bands must cover 0-{scale_max})"
            )
        bands.append(Band(band["min"], band["max"], band["label"]))
        expected = band["max"] + 1
    if expected != scale_max + 1:
        raise fail("bands", f"end at {expected - 1}, but scores go up to {scale_max}")
    return tuple(bands)


def score(
    scale: Scale, items: list[int | None], *, difficulty: Answer | None = None
) -> ScaleResult:
    """Total, band and risk flag for one administration; items are the chosen option values.
    `difficulty` is the answer to the scale's follow-up question, kept beside the items."""
    if difficulty is not None:
        values = [o.value for o in scale.followup.options] if scale.followup else []
        if not isinstance(difficulty, str) or difficulty not in values:
            listed = ", ".join(values) if values else "nothing (it has no follow-up question)"
            raise InvalidAnswer(f"{scale.id}: difficulty must be {listed}, not {difficulty!r}")
    if len(items) != len(scale.items):
        raise InvalidAnswer(f"{scale.id}: expected {len(scale.items)} answers, got {len(items)}")
    allowed = {v for v, _ in scale.options}
    for number, value in enumerate(items, 1):
        if value is not None and value not in allowed:
            choices = ", ".join(str(v) for v in sorted(allowed))
            raise InvalidAnswer(f"{scale.id}: item {number} must be one of {choices}, not {value}")
    complete = all(v is not None for v in items)
    total = sum(v for v in items if v is not None) * scale.multiplier if complete else None
    risk = any((items[i - 1] or 0) > 0 for i in scale.risk_items)
    return ScaleResult(
        scale=scale.id,
        items=tuple(items),
        score=total,
        band=scale.band(total) if total is not None else None,
        risk=risk,
        difficulty=difficulty,
    )


def parse_items(scale: Scale, text: str) -> list[int | None]:
    """Items from a flag such as '2,1,0,...'; an empty place means skipped."""
    values: list[int | None] = []
    for number, part in enumerate(text.split(","), 1):
        part = part.strip()
        if not part:
            values.append(None)
        elif part.lstrip("-").isdigit():
            values.append(int(part))
        else:
            raise InvalidAnswer(f"{scale.id}: item {number} is '{part[:10]}', not a number")
    return values


def as_prompt_set(scale: Scale) -> PromptSet:
    """The scale's items as choice prompts, so the interview engine (drafts, resume) runs it,
    then its follow-up question, if it has one (ids `item1`... and `difficulty`)."""
    options = tuple(Option(str(v), label) for v, label in scale.options)
    prompts = tuple(
        Prompt(
            id=f"item{number}",
            text=text,
            type="choice",
            options=options,
            store="front_matter",
            optional=True,
            help=scale.instructions,
        )
        for number, text in enumerate(scale.items, 1)
    )
    if scale.followup is not None:
        prompts += (
            Prompt(
                id=scale.followup.id,
                text=scale.followup.text,
                type="choice",
                options=scale.followup.options,
                store="front_matter",
                optional=True,
                help=scale.followup.help,
            ),
        )
    return PromptSet(
        name=scale.id,
        title=scale.title,
        intro=scale.instructions,
        prompts=prompts,
        source=scale.source,
    )


def items_as_answers(scale: Scale, items: list[int | None]) -> dict[str, int]:
    """Items given on the command line as the answers the interview expects."""
    if len(items) != len(scale.items):
        raise InvalidAnswer(
            f"{scale.id}: expected {len(scale.items)} answers separated by commas, got {len(items)}"
        )
    return {f"{scale.id}_item{n}": v for n, v in enumerate(items, 1) if v is not None}
