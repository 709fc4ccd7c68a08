"""Prompt sets as data: find, load and validate them, and check an answer against its prompt."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kjournal.errors import InvalidAnswer, PromptSetError, UsageError

PROMPT_TYPES = ("text", "rating", "number", "choice", "choices")
RATING_MIN, RATING_MAX = 0, 10
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Names of prompt sets and scales become file names (drafts/scale-<id>.yaml) and are looked up
# as <folder>/<name>.yaml: identifiers only, so no name can be a path out of the journal.
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")


def is_name(name: object) -> bool:
    """True for a valid prompt set or scale name: a lower-case identifier of up to 32 characters."""
    return isinstance(name, str) and _NAME.fullmatch(name) is not None


def shown_name(name: str) -> str:
    """A name someone typed, for a message: quoted, control characters visible, cut short."""
    text = repr(name[:40])
    return text if len(name) <= 40 else text + "…"


# Front matter keys that belong to kjournal itself; a prompt may not write over them.
_RESERVED_IDS = {"kjournal", "kind", "created", "session", "ratings", "risk", "title"}

Answer = int | float | str | list[str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    exclusive: bool = False  # e.g. "none of these": cannot be chosen together with another


@dataclass(frozen=True)
class Prompt:
    """One question: ratings go to `ratings`, choices and facts to front matter, text to body."""

    id: str
    text: str
    type: str = "text"
    help: str = ""
    optional: bool = True
    anchors: tuple[str, str] = ("", "")
    options: tuple[Option, ...] = ()
    multiline: bool = True
    store: str = "body"  # body | front_matter (short facts such as the dose as given by the clinic)
    risk: bool = False
    context: str = ""  # e.g. "intention": show that session's intention before asking
    minimum: float = 0  # number prompts only
    maximum: float = 100
    unit: str = ""
    scale: str = ""  # set on the items of a validated scale asked within a flow

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]


@dataclass(frozen=True)
class PromptSet:
    name: str
    title: str
    intro: str
    prompts: tuple[Prompt, ...]
    source: Path
    outro: str = ""
    by_id: dict[str, Prompt] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_id.update({p.id: p for p in self.prompts})


PROMPT_SETS = ("intend", "integrate", "checkin")


def packaged_prompts_dir() -> Path:
    """The prompt sets shipped inside the package (or the repository's `prompts/` in a checkout)."""
    from importlib import resources  # lazy: about 10 ms (tempfile, random) that `list` never needs

    shipped = Path(str(resources.files("kjournal"))) / "prompts"
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[3] / "prompts"


def find_prompt_set(name: str, override_dirs: list[Path]) -> Path:
    """The file for a prompt set: the first override folder that has it, else the packaged one."""
    if not is_name(name):
        raise UsageError(
            f"unknown prompt set {shown_name(name)}: a name is a word of lower-case letters, "
            f"digits or _, never a path (known: {', '.join(PROMPT_SETS)})"
        )
    for folder in override_dirs:
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    packaged = packaged_prompts_dir() / f"{name}.yaml"
    if not packaged.is_file():
        raise PromptSetError(
            f"{packaged}: the '{name}' prompt set is missing from this installation"
        )
    return packaged


def load_prompt_set(name: str, override_dirs: list[Path] | None = None) -> PromptSet:
    """Load and validate a prompt set; errors name the file and the bad key."""
    path = find_prompt_set(name, override_dirs or [])
    return parse_prompt_set(name, read_strict_yaml(path), path)


def read_strict_yaml(path: Path) -> Any:
    """A prompt or scale file as data; a key given twice in one mapping is an error, like an
    unknown one, since PyYAML would otherwise keep the last silently."""
    from kjournal.journal.files import read_regular_text
    from kjournal.journal.yamlio import YAMLError, load_yaml

    try:
        data = load_yaml(read_regular_text(path, limit=1024 * 1024), unique_keys=True)
    except OSError as exc:
        raise PromptSetError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except YAMLError as exc:
        raise PromptSetError(f"{path}: not valid YAML ({exc})") from None
    if where := _control_text(data):
        raise PromptSetError(
            f"{path}: {where}: holds control characters (such as terminal escape sequences), "
            "which a prompt file never needs"
        )
    return data


# Text a person reads is shown as written: a control character or a bidi override in a prompt
# file could only rewrite the screen (or hide what is asked), so such a file is refused.
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _control_text(data: Any, where: str = "(top level)") -> str:
    """Where in the file the first text with a control character is, or ''."""
    if isinstance(data, str):
        return where if _CONTROL_TEXT.search(data) else ""
    if isinstance(data, dict):
        items = [(f"{key}", value) for key, value in data.items()]
        items += [(f"{key} (a key)", key) for key in data if isinstance(key, str)]
    elif isinstance(data, list):
        items = [(f"[{n}]", value) for n, value in enumerate(data)]
    else:
        return ""
    for name, value in items:
        joint = "" if name.startswith("[") else "."
        inner = name if where == "(top level)" else f"{where}{joint}{name}"
        if found := _control_text(value, inner):
            return found
    return ""


Fail = Callable[[str, str], PromptSetError]


def check_keys(raw: Mapping[Any, Any], allowed: Sequence[str], where: str, fail: Fail) -> None:
    """Refuse any key not in `allowed`: a misspelt or stray key would otherwise be ignored and
    quietly change what is asked or recorded."""
    for key, value in raw.items():
        if key in allowed:
            continue
        text = str(key)
        shown = (
            f"'{text}'"
            if len(text) <= 40 and text.isprintable()
            else "(not shown: long or unprintable)"
        )
        problem = f"unknown key {shown} (allowed: {', '.join(allowed)})"
        if value is None:
            # `{value: x, label: a, b}` reads as a key `b` with no value.
            problem += (
                "; if it belongs to the text before it, a comma inside {...} ended that text: "
                "put the whole text in quotes"
            )
        raise fail(where, problem)


_SET_KEYS = ("title", "intro", "outro", "prompts")
_PROMPT_KEYS = (
    "id",
    "text",
    "type",
    "help",
    "optional",
    "anchors",
    "options",
    "multiline",
    "store",
    "risk",
    "context",
    "min",
    "max",
    "unit",
)
_OPTION_KEYS = ("value", "label", "exclusive")
# YAML 1.1 reads these unquoted words and numbers as true/false/null or numbers, not text.
_QUOTE_HINT = "put it in quotes if it looks like a number, yes/no, on/off or null"


def parse_prompt_set(name: str, data: Any, path: Path) -> PromptSet:
    """Check a prompt set's data strictly; every error names the file and where in it."""

    def fail(where: str, problem: str) -> PromptSetError:
        return PromptSetError(f"{path}: {where}: {problem}")

    if not isinstance(data, dict):
        raise fail("(top level)", "must be a mapping with a 'prompts' list")
    check_keys(data, _SET_KEYS, "(top level)", fail)
    raw_prompts = data.get("prompts")
    if not isinstance(raw_prompts, list) or not raw_prompts:
        raise fail("prompts", "must be a non-empty list of prompts")
    prompts: list[Prompt] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_prompts):
        prompt = _parse_prompt(raw, f"prompts[{index}]", fail)
        if prompt.id in seen:
            raise fail(f"prompts[{index}].id", f"'{prompt.id}' is used twice")
        seen.add(prompt.id)
        prompts.append(prompt)
    for key in ("title", "intro", "outro"):
        if not isinstance(data.get(key, ""), str):
            raise fail(key, f"must be text ({_QUOTE_HINT})")
    return PromptSet(
        name=name,
        title=data.get("title", ""),
        intro=data.get("intro", "").strip(),
        outro=data.get("outro", "").strip(),
        prompts=tuple(prompts),
        source=path,
    )


def _parse_prompt(raw: Any, where: str, fail: Fail) -> Prompt:
    def bad(key: str, problem: str) -> PromptSetError:
        return fail(f"{where}.{key}", problem)

    if not isinstance(raw, dict):
        raise fail(where, "each prompt must be a mapping with at least 'id' and 'text'")
    check_keys(raw, _PROMPT_KEYS, where, fail)
    pid = raw.get("id")
    if not isinstance(pid, str) or not _ID.match(pid):
        raise bad("id", "must be lower-case letters, digits or _ (starting with a letter)")
    if pid in _RESERVED_IDS:
        raise bad("id", f"'{pid}' is reserved by kjournal")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
        raise bad("text", f"must be one line of text ({_QUOTE_HINT})")
    ptype = raw.get("type", "text")
    if ptype not in PROMPT_TYPES:
        raise bad("type", f"'{ptype}' is not one of {', '.join(PROMPT_TYPES)}")
    for key in ("optional", "multiline", "risk"):
        if key in raw and not isinstance(raw[key], bool):
            raise bad(key, "must be true or false")
    for key in ("help", "context", "unit"):
        if not isinstance(raw.get(key, ""), str):
            raise bad(key, f"must be text ({_QUOTE_HINT})")
    store = raw.get("store", "body" if ptype == "text" else "front_matter")
    if store not in ("body", "front_matter") or (ptype != "text" and store != "front_matter"):
        raise bad("store", "must be 'body' or 'front_matter' (only text prompts can use 'body')")
    anchors: tuple[str, str] = ("", "")
    if "anchors" in raw:
        value = raw["anchors"]
        if ptype != "rating" or not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(a, str) for a in value)
        ):
            raise bad("anchors", "must be a list of two labels, for 0 and 10, on a rating prompt")
        anchors = (value[0], value[1])
    limits = {}
    for key, attr in (("min", "minimum"), ("max", "maximum")):
        if key in raw:
            if (
                ptype != "number"
                or not isinstance(raw[key], int | float)
                or isinstance(raw[key], bool)
            ):
                raise bad(key, "must be a number, on a number prompt")
            limits[attr] = raw[key]
    options: tuple[Option, ...] = ()
    if ptype in ("choice", "choices"):
        options = _parse_options(raw.get("options"), f"{where}.options", fail)
        if ptype == "choice" and any(o.exclusive for o in options):
            raise bad("options", "only the options of a choices prompt can be exclusive")
    elif "options" in raw:
        raise bad("options", "only choice and choices prompts have options")
    return Prompt(
        id=pid,
        text=text.strip(),
        type=ptype,
        help=raw.get("help", "").strip(),
        optional=raw.get("optional", True),
        anchors=anchors,
        options=options,
        multiline=raw.get("multiline", True),
        store=store,
        risk=raw.get("risk", False),
        context=raw.get("context", ""),
        unit=raw.get("unit", ""),
        **limits,
    )


def _parse_options(raw: Any, where: str, fail: Fail) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise fail(where, "must be a non-empty list")
    options = []
    for index, item in enumerate(raw):
        at = f"{where}[{index}]"
        if isinstance(item, str) and item.strip():
            options.append(Option(item, item))
            continue
        if not isinstance(item, dict):
            raise fail(
                at, f"each option is text, or a mapping with 'value' and 'label' ({_QUOTE_HINT})"
            )
        check_keys(item, _OPTION_KEYS, at, fail)
        value, label = item.get("value"), item.get("label", item.get("value"))
        for key, text in (("value", value), ("label", label)):
            if not isinstance(text, str) or not text.strip():
                raise fail(f"{at}.{key}", f"must be text ({_QUOTE_HINT})")
        assert isinstance(value, str) and isinstance(label, str)  # just checked, for mypy
        exclusive = item.get("exclusive", False)
        if not isinstance(exclusive, bool):
            raise fail(f"{at}.exclusive", "must be true or false")
        options.append(Option(value, label, exclusive))
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise fail(where, "option values must be unique")
    labels = {_words(o.label) for o in options}
    if len(labels) != len(options):  # a label may be typed as the answer: it must say which
        raise fail(where, "option labels must be different from each other")
    return tuple(options)


def numbered_by_value(prompt: Prompt) -> bool:
    """Scale items offer options whose values are numbers (0-3): typing 2 means 2, not option 2."""
    return all(o.value.isdigit() for o in prompt.options)


def validate_answer(prompt: Prompt, raw: Any) -> Answer | None:
    """Turn a typed or scripted answer into its stored form; None means skipped.

    Raises InvalidAnswer with a message that says what is allowed.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []:
        return None
    if prompt.type == "rating":
        return _validate_rating(prompt, raw)
    if prompt.type == "number":
        return _validate_number(prompt, raw)
    if prompt.type == "choice":
        return _validate_choice(prompt, raw)
    if prompt.type == "choices":
        return _validate_choices(prompt, raw)
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise InvalidAnswer(f"{prompt.id}: expected text")
    from kjournal.journal.entry import normalise_text

    text = normalise_text(str(raw))
    if not prompt.multiline:
        text = " ".join(text.split("\n"))
    return text or None


def _validate_rating(prompt: Prompt, raw: Any) -> int:
    allowed = f"{prompt.id}: a rating is a whole number from {RATING_MIN} to {RATING_MAX}"
    if isinstance(raw, bool):
        raise InvalidAnswer(f"{allowed}, not {raw!r}")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and re.fullmatch(r"\s*-?\d+\s*", raw):
        value = int(raw)
    else:
        raise InvalidAnswer(f"{allowed}, not {_shown(raw)}")
    if not RATING_MIN <= value <= RATING_MAX:
        raise InvalidAnswer(f"{allowed}, not {value}")
    return value


def _shown(raw: Any) -> str:
    """What was given, quoted, if it is short; an answer is never echoed at length in an error
    (it may be private text written at the wrong prompt)."""
    text = str(raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return text
    if len(text) <= 12 and "\n" not in text:
        return repr(text)
    return "that answer"


def _validate_number(prompt: Prompt, raw: Any) -> int | float:
    allowed = f"{prompt.id}: a number from {prompt.minimum:g} to {prompt.maximum:g}"
    try:
        if isinstance(raw, bool):
            raise ValueError
        value = float(str(raw).strip().replace(",", "."))
    except ValueError:
        raise InvalidAnswer(f"{allowed}, not {_shown(raw)}") from None
    if not prompt.minimum <= value <= prompt.maximum:
        raise InvalidAnswer(f"{allowed}, not {value:g}")
    return int(value) if value.is_integer() else round(value, 2)


def _words(text: str) -> str:
    """Typed words compared without case or spacing: 'Unreal ,still  now' is 'unreal, still now'."""
    return re.sub(r"\s*,\s*", ", ", " ".join(text.split())).casefold()


def _match_choice(prompt: Prompt, text: str) -> str | None:
    """The value of the option meant by a number, a value or a label, or None."""
    text = text.strip()
    if text.isdigit() and not numbered_by_value(prompt):
        number = int(text)
        return prompt.options[number - 1].value if 1 <= number <= len(prompt.options) else None
    for option in prompt.options:
        if _words(text) in (_words(option.value), _words(option.label)):
            return option.value
    return None


def _not_a_choice(prompt: Prompt, given: str) -> InvalidAnswer:
    """Said in the person's words: the numbers they were shown and the labels, never the ids."""
    if numbered_by_value(prompt):  # scale items: the numbers are the answers themselves
        *others, last = [o.value for o in prompt.options]
        allowed = f"{', '.join(others)} or {last}" if others else last
        return InvalidAnswer(
            f"{prompt.id}: {_shown(given)} is not one of the answers; choose {allowed}"
        )
    labels = "; ".join(o.label for o in prompt.options)
    count = len(prompt.options)
    if prompt.type == "choices":
        how = f"choose numbers from 1 to {count}, separated by commas, or type any of: {labels}"
    else:
        how = f"choose a number from 1 to {count}, or type one of: {labels}"
    return InvalidAnswer(f"{prompt.id}: {_shown(given)} is not one of the choices; {how}")


def _validate_choice(prompt: Prompt, raw: Any) -> str:
    value = _match_choice(prompt, str(raw))
    if value is None:
        raise _not_a_choice(prompt, str(raw).strip())
    return value


def _validate_choices(prompt: Prompt, raw: Any) -> list[str] | None:
    if isinstance(raw, list):
        picked = [_validate_choice(prompt, item) for item in raw]
    else:
        picked = _split_choices(prompt, str(raw))
    chosen = list(dict.fromkeys(picked))  # in the order given, each once
    if not chosen:
        return None  # only commas: nothing chosen, the same as pressing Enter
    for option in prompt.options:
        if option.exclusive and option.value in chosen and len(chosen) > 1:
            raise InvalidAnswer(
                f"{prompt.id}: '{option.label}' can't be combined with other choices; "
                f"pick either '{option.label}', or the ones that apply"
            )
    return chosen


def _split_choices(prompt: Prompt, text: str) -> list[str]:
    """Several choices typed on one line: numbers, values or labels separated by commas (or
    spaces, between single words). A label that has a comma of its own is matched whole first."""
    parts = [part.strip() for part in text.split(",")]
    parts = [part for part in parts if part]
    picked: list[str] = []
    start = 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            value = _match_choice(prompt, ", ".join(parts[start:end]))
            if value is not None:
                picked.append(value)
                start = end
                break
        else:
            words = parts[start].split()
            values = [_match_choice(prompt, word) for word in words]
            matched = [value for value in values if value is not None]
            if len(matched) < len(values):
                raise _not_a_choice(prompt, parts[start])
            picked += matched
            start += 1
    return picked
