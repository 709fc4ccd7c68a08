"""An entry as data, and its Markdown file form: YAML front matter, a title, `## ` sections."""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kjournal.errors import EntryError
from kjournal.journal.crypto import plain_name
from kjournal.journal.frontmatter import fast_front_matter
from kjournal.journal.kinds import Kind

FORMAT_VERSION = 1
# In the name of the other device's version of a file changed on two devices (journal.sync):
# `2026-12-02T0930-intention.conflict-1a2b3c4.md`, beside the entry it is a version of.
CONFLICT_MARK = ".conflict-"
# A scale id that may appear in a file name: the names kjournal writes are never paths.
_FILE_SAFE_ID = re.compile(r"[a-z][a-z0-9_]{0,31}")

# A line of an answer that would read as a heading is stored with one more leading backslash
# (Markdown shows it literally); reading removes exactly one, so any text round-trips unchanged.
_NEEDS_ESCAPE = re.compile(r"^\\*#")
_ESCAPED = re.compile(r"^\\+#")


@dataclass
class Section:
    """One free-text answer: the prompt's text as a `## ` heading, the answer under it."""

    heading: str
    text: str


@dataclass(slots=True)  # slots: a journal of years holds tens of thousands of these
class Entry:
    """A journal entry. `fields` holds every other front matter key (route, ratings, tags, ...)."""

    kind: str
    created: datetime
    session: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    title: str = ""
    preamble: str = ""
    # None only on an entry not yet in a file: a flow's new entry until Journal.save_entry picks
    # its name (-2, -3 when the minute is taken), or text parsed without a file. Entries read
    # from a journal always have one: code that works on those reads `file_path`.
    path: Path | None = field(default=None, compare=False)
    # False for entries read from front matter only (lists, trends); see Journal.with_bodies.
    body_loaded: bool = field(default=True, compare=False)
    excerpt: str = field(default="", compare=False)  # first answer's first line, when unloaded
    _id: str = field(default="", compare=False, repr=False)
    _id_of: Path | None = field(default=None, compare=False, repr=False)

    @property
    def first_words(self) -> str:
        """The first line of the first answer: what a one-line listing shows."""
        if not self.body_loaded:
            return self.excerpt
        for section in self.sections:
            if section.text.strip():
                return section.text.strip().split("\n")[0]
        return ""

    @property
    def id(self) -> str:
        """The entry's id: its file name without `.md` or `.md.age` (files are never renamed;
        encrypting one keeps its id)."""
        if self.path is None:
            return ""
        if self._id_of is not self.path:  # computed once per path: listings ask often
            self._id, self._id_of = file_id(self.path.name), self.path
        return self._id

    @property
    def file_path(self) -> Path:
        """The file this entry was read from or saved to; asking a new entry that has none is
        a mistake in the code, and says so."""
        if self.path is None:
            raise ValueError("this entry is not in a file: it was neither read nor saved")
        return self.path

    @property
    def ratings(self) -> dict[str, int]:
        ratings = self.fields.get("ratings")
        return ratings if isinstance(ratings, dict) else {}

    @property
    def route(self) -> str | None:
        route = self.fields.get("route")
        return route if isinstance(route, str) else None

    @property
    def scale_ids(self) -> list[str]:
        """The questionnaires this entry holds scores of, in the order stored."""
        scales = self.fields.get("scales")
        return [str(name) for name in scales] if isinstance(scales, dict) else []

    @property
    def is_questionnaire(self) -> bool:
        """A questionnaire taken on its own. Earlier versions saved those as check-ins that carry
        scores and no ratings of their own; they read as questionnaires too."""
        if self.kind == Kind.QUESTIONNAIRE:
            return True
        return self.kind == Kind.CHECKIN and bool(self.scale_ids) and not self.ratings

    def file_label(self) -> str:
        """The word after the time in the file name: the kind, or the questionnaire's id."""
        ids = self.scale_ids
        if self.kind == Kind.QUESTIONNAIRE and ids and all(_FILE_SAFE_ID.fullmatch(i) for i in ids):
            return "-".join(ids)
        return self.kind

    def default_title(self) -> str:
        when = f"{self.created.day} {self.created:%B %Y}"
        kind = Kind.of(self.kind)
        label = kind.heading if kind else self.kind.title()
        if self.session is not None:
            return f"{label}: session {self.session}, {when}"
        return f"{label}, {when}"


def normalise_text(text: str) -> str:
    """Answers as stored: Unix newlines, no blank lines before or after."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def to_markdown(entry: Entry) -> str:
    """The file text of an entry."""
    from kjournal.journal.yamlio import dump_yaml

    created = entry.created.isoformat(timespec="seconds")
    lines = ["---", f"kjournal: {FORMAT_VERSION}", f"kind: {entry.kind}", f"created: {created}"]
    if entry.session is not None:
        lines.append(f"session: {entry.session}")
    reserved = {"kjournal", "kind", "created", "session"}
    extra = {k: v for k, v in entry.fields.items() if k not in reserved and v is not None}
    if extra:
        lines.append(dump_yaml(extra).rstrip("\n"))
    lines += ["---", f"# {entry.title or entry.default_title()}", ""]
    if entry.preamble:
        lines += [_escape(entry.preamble), ""]
    for section in entry.sections:
        lines += [f"## {section.heading}", "", _escape(section.text), ""]
    return "\n".join(lines)


def _escape(text: str) -> str:
    return "\n".join("\\" + ln if _NEEDS_ESCAPE.match(ln) else ln for ln in text.split("\n"))


def _unescape(lines: list[str]) -> str:
    return normalise_text("\n".join(ln[1:] if _ESCAPED.match(ln) else ln for ln in lines))


def split_front_matter(text: str, path: Path | str) -> tuple[str, str, int]:
    """Split file text into (front matter, body, body's first line number)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # BOM and CRLF from Windows editors
    if not text.strip():
        raise EntryError(path, "the file is empty", 1)
    if not text.startswith("---\n"):
        raise EntryError(path, "no front matter: the file must start with a '---' line", 1)
    match = re.search(r"^---[ \t]*$", text[4:], flags=re.MULTILINE)
    if not match:
        raise EntryError(path, "the front matter has no closing '---' line", 1)
    front = text[4 : 4 + match.start()]
    body = text[4 + match.end() :].removeprefix("\n")
    return front, body, front.count("\n") + 3


def parse_front_matter(front: str, path: Path | str) -> dict[str, Any]:
    """Validate front matter YAML into a dict; errors name the file, the line and the reason."""
    return read_front_matter_text(front, path)[0]


def read_front_matter_text(front: str, path: Path | str) -> tuple[dict[str, Any], bool]:
    """The validated front matter, and whether the fast reader took it (then every value is
    plain JSON data apart from `created`)."""
    from kjournal.journal.yamlio import UnsupportedYAML, YAMLError, load_yaml

    try:
        data = fast_front_matter(front)
        # Plain: JSON data as it is, apart from `created` (the cache stores it without encoding).
        plain = data is not None and not any(
            isinstance(v, datetime) for k, v in data.items() if k != "created"
        )
        if data is None:
            data = load_yaml(front)
    except YAMLError as exc:
        line = exc.line + 1 if exc.line else None  # +1 for the opening '---'
        what = "" if isinstance(exc, UnsupportedYAML) else " is not valid YAML"
        raise EntryError(path, f"front matter{what}: {exc.reason}", line) from None
    return check_front_matter(data, path), plain


def check_front_matter(data: Any, path: Path | str) -> dict[str, Any]:
    """Front matter as data every command can rely on, `created` parsed; EntryError (naming the
    file and the reason) for anything else. Used for files and for cache records alike."""
    if not isinstance(data, dict):
        raise EntryError(path, "the front matter must be a mapping of keys to values", 2)
    version = data.get("kjournal", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise EntryError(
            path, f"'kjournal' (the format version) must be a whole number such as {FORMAT_VERSION}"
        )
    if version > FORMAT_VERSION:
        raise EntryError(
            path,
            f"written by a newer kjournal (format {version}); this version reads format "
            f"{FORMAT_VERSION}: please upgrade kjournal",
        )
    kind = Kind.of(data.get("kind"))
    if kind is None:
        raise EntryError(path, f"'kind' must be one of {', '.join(Kind)}")
    data["created"] = _parse_created(data.get("created"), path)
    session = data.get("session")
    if session is not None and (
        not isinstance(session, int) or isinstance(session, bool) or session < 1
    ):
        raise EntryError(path, "'session' must be a whole number from 1")
    if kind.in_session and session is None:
        raise EntryError(path, f"a {kind} entry needs a 'session' number")
    check_fields(data, path)
    return data


# Years a journal entry can plausibly carry. Outside them the date is a typo (0026 for 2026)
# or a placeholder (0001-01-01, 9999-12-31); such a file is named with the reason and left out,
# rather than placing it on a time axis: a week table from year 26 to 2026 has 104,000 rows,
# and years 1 and 9999 overflow date arithmetic.
PLAUSIBLE_YEARS = (1900, 2200)
_CREATED_EXAMPLE = "such as 2026-12-02T09:30:00+01:00"


def _parse_created(value: Any, path: Path | str) -> datetime:
    parsed: datetime | None = None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = datetime.fromisoformat(value)
    if parsed is None:
        raise EntryError(path, f"'created' must be a date and time {_CREATED_EXAMPLE}")
    low, high = PLAUSIBLE_YEARS
    if not low <= parsed.year <= high:
        raise EntryError(
            path, f"'created' is in the year {parsed.year}, outside {low}-{high}: a typo?"
        )
    return parsed if parsed.tzinfo else parsed.astimezone()


# What reading may hand to the rest of kjournal: JSON data and dates, text keys, finite numbers,
# shallow nesting. Every view, export and figure can then rely on it, and one odd value in a
# hand-edited file names that file instead of breaking a command for the whole journal.
_MAX_FIELD_DEPTH = 16
_MAX_SCORE = 1_000_000  # far above any questionnaire, far below what float formatting overflows


def _shown(key: Any) -> str:
    """A key for a message: names are shown, anything long or odd is not (private text)."""
    text = str(key)
    return repr(text) if len(text) <= 40 and text.isprintable() else "a key"


# Exact types, checked with a set: this runs for every cached record of every scan (10,000 on a
# journal of years), so the common case (a scalar) costs one lookup and no call.
_SCALARS = frozenset((str, int, bool, type(None), date, datetime))
_KEY_TYPES = frozenset((str, int, bool, type(None)))  # keys JSON can write (exports, the cache)
_NUMBERS = (int, float)


def check_fields(data: dict[Any, Any], path: Path | str) -> None:
    """Raise EntryError unless the front matter is data every command can use: text keys at the
    top, finite numbers, no odd types, shallow nesting, ratings 0-10 and whole-number scores."""
    for key, value in data.items():
        if type(key) is not str:
            raise EntryError(
                path, f"the key {_shown(key)} is not a name (YAML read it as {_type_name(key)})"
            )
        if type(value) not in _SCALARS and (problem := _value_problem(value, 1)):
            raise EntryError(path, f"{_shown(key)} {problem}")
    _check_known(data, path)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list | tuple):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "an unusual value"


def _value_problem(value: Any, depth: int) -> str | None:
    kind = type(value)
    if kind in _SCALARS:
        return None
    if kind is float:
        return None if math.isfinite(value) else "holds a number that is not finite (inf or nan)"
    if depth >= _MAX_FIELD_DEPTH:
        return f"is nested more than {_MAX_FIELD_DEPTH} levels deep"
    if kind is list:
        for item in value:
            if type(item) not in _SCALARS and (problem := _value_problem(item, depth + 1)):
                return problem
        return None
    if kind is dict:
        for key, item in value.items():
            if type(key) not in _KEY_TYPES:  # a date or float key: JSON cannot write it
                return f"has a key that is not a name (YAML read it as {_type_name(key)})"
            if type(item) not in _SCALARS and (problem := _value_problem(item, depth + 1)):
                return problem
        return None
    return "holds a value kjournal does not read"


def _is_number(value: Any) -> bool:
    return type(value) in _NUMBERS


def _check_known(data: dict[str, Any], path: Path | str) -> None:
    """The fields that views, figures and exports compute with must have their shape."""
    ratings = data.get("ratings")
    if ratings is not None:
        if type(ratings) is not dict:
            raise EntryError(path, "'ratings' must be a mapping such as {mood: 5}")
        for name, value in ratings.items():
            if type(name) is not str:
                raise EntryError(path, "'ratings' must use names as keys, such as {mood: 5}")
            if value is not None and not (type(value) in _NUMBERS and 0 <= value <= 10):
                raise EntryError(path, f"'ratings': {_shown(name)} must be a number from 0 to 10")
        if None in ratings.values():  # `mood:` left empty by hand: skipped, as kjournal stores it
            data["ratings"] = {k: v for k, v in ratings.items() if v is not None}
    scales = data.get("scales")
    if scales is not None:
        if type(scales) is not dict:
            raise EntryError(path, "'scales' must be a mapping such as {phq9: {score: 14}}")
        for name, result in scales.items():
            if type(name) is not str:
                raise EntryError(path, "'scales' must use names as keys, such as {phq9: ...}")
            _check_scale(_shown(name), result, path)
    effects = data.get("side_effects")
    if type(effects) is str:  # one written by hand: a list of one, as kjournal would store it
        data["side_effects"] = [effects]
    elif effects is not None and not (
        type(effects) is list and all(type(e) is str for e in effects)
    ):
        raise EntryError(path, "'side_effects' must be a list of words such as [nausea]")
    tags = data.get("tags")
    if type(tags) is list and any(type(t) in (list, dict) for t in tags):
        raise EntryError(path, "'tags' must be a list of words such as [grief, family]")


def _check_scale(name: str, result: Any, path: Path | str) -> None:
    if not isinstance(result, dict):
        raise EntryError(path, f"'scales': {name} must be a mapping such as {{score: 14}}")
    score = result.get("score")
    if score is not None and not (
        isinstance(score, int) and not isinstance(score, bool) and abs(score) <= _MAX_SCORE
    ):
        raise EntryError(path, f"'scales': the score of {name} must be a whole number")
    items = result.get("items")
    if items is not None and not (
        isinstance(items, list)
        and all(v is None or (_is_number(v) and abs(v) <= _MAX_SCORE) for v in items)
    ):
        raise EntryError(path, f"'scales': the items of {name} must be a list of numbers")
    for key in ("band", "difficulty"):
        if not isinstance(result.get(key, ""), str | None):
            raise EntryError(path, f"'scales': the {key} of {name} must be text")


def entry_from_front_matter(data: dict[str, Any], path: Path | None) -> Entry:
    """An Entry with front matter only (sections unread): enough for lists and trends."""
    fields = {k: v for k, v in data.items() if k not in ("kjournal", "kind", "created", "session")}
    return Entry(
        kind=data["kind"],
        created=data["created"],
        session=data.get("session"),
        fields=fields,
        path=path,
    )


def from_markdown(text: str, path: Path | None = None) -> Entry:
    """Parse an entry file's text; raises EntryError naming the path, line and reason."""
    where = path or "<text>"
    front, body, _ = split_front_matter(text, where)
    entry = entry_from_front_matter(parse_front_matter(front, where), path)
    parse_body(entry, body)
    return entry


def parse_body(entry: Entry, body: str) -> None:
    """Fill in title, preamble and sections from the text after the front matter."""
    lines = body.split("\n")
    if lines and lines[0].startswith("# "):
        entry.title = lines.pop(0)[2:]
    current: list[str] = []
    heading: str | None = None
    for line in lines:
        if line.startswith("## "):
            _close(entry, heading, current)
            heading, current = line[3:], []
        else:
            current.append(line)
    _close(entry, heading, current)


def _close(entry: Entry, heading: str | None, lines: list[str]) -> None:
    if heading is None:
        entry.preamble = _unescape(lines)
    else:
        entry.sections.append(Section(heading, _unescape(lines)))


def file_id(name: str) -> str:
    """An entry file's id: its name without `.md` or `.md.age`."""
    return plain_name(name).removesuffix(".md")


def is_conflict_copy(entry_id: str) -> bool:
    """The other device's version of an entry changed on two devices, kept beside it."""
    return CONFLICT_MARK in entry_id


def short_id(entry: Entry) -> str:
    """A typeable id: date, time and kind letter, e.g. 261202-0930i (i intention, r reflection,
    c check-in), plus the file's -2, -3 when two entries share a minute; a conflict copy's
    says so (261202-0930i-conflict-1a2b3c4)."""
    stem = entry.id
    if is_conflict_copy(stem):
        original, _, tag = stem.partition(CONFLICT_MARK)
        return f"{_short(entry, original)}-conflict-{tag}"
    return _short(entry, stem)


def _short(entry: Entry, stem: str) -> str:
    suffix = ""
    tail = stem.rsplit("-", 1)[-1]
    if tail.isdigit():
        suffix = f"-{tail}"
    kind = Kind.of(entry.kind)
    letter = kind.letter if kind else "x"
    if kind is Kind.QUESTIONNAIRE and (label := entry.file_label()) != Kind.QUESTIONNAIRE:
        letter = f"-{label}"  # two questionnaires of one minute (in intend) differ by scale
    c = entry.created  # f-string fields: strftime is slow across 10,000 rows
    return f"{c.year % 100:02d}{c.month:02d}{c.day:02d}-{c.hour:02d}{c.minute:02d}{letter}{suffix}"


def scale_scores(entry: Entry) -> dict[str, dict[str, Any]]:
    """Each questionnaire's score and band as stored (band: as named when it was taken)."""
    found = {}
    stored = entry.fields.get("scales")
    for name in entry.scale_ids:
        data = stored[name] if isinstance(stored, dict) else None
        if isinstance(data, dict):
            score, band, difficulty = data.get("score"), data.get("band"), data.get("difficulty")
            found[name] = {
                "score": score if isinstance(score, int) and not isinstance(score, bool) else None,
                "band": band if isinstance(band, str) else None,
                "difficulty": difficulty.replace("_", " ") if isinstance(difficulty, str) else None,
            }
    return found


def now_local() -> datetime:
    """The current time with the local UTC offset, to the second: what an entry is stamped with."""
    return datetime.now().astimezone().replace(microsecond=0)
