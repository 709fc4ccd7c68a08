"""An entry as data, and its Markdown file form: YAML front matter, a title, `## ` sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kjournal.errors import EntryError

FORMAT_VERSION = 1
KINDS = ("intention", "integration", "checkin")
ROUTES = ("iv", "im", "sublingual", "nasal", "other")
_KIND_TITLES = {"intention": "Intention", "integration": "Integration", "checkin": "Check-in"}
_HEADED_KINDS = ("intention", "integration")  # entries that belong to a numbered session

# A line of an answer that would read as a heading is stored with one more leading backslash
# (Markdown shows it literally); reading removes exactly one, so any text round-trips unchanged.
_NEEDS_ESCAPE = re.compile(r"^\\*#")
_ESCAPED = re.compile(r"^\\+#")


@dataclass
class Section:
    """One free-text answer: the prompt's text as a `## ` heading, the answer under it."""

    heading: str
    text: str


@dataclass
class Entry:
    """A journal entry. `fields` holds every other front matter key (route, ratings, tags, ...)."""

    kind: str
    created: datetime
    session: int | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    title: str = ""
    preamble: str = ""
    path: Path | None = field(default=None, compare=False)
    # False for entries read from front matter only (lists, trends); see Journal.with_bodies.
    body_loaded: bool = field(default=True, compare=False)

    @property
    def id(self) -> str:
        """The entry's id: its file name without `.md` (files are never renamed)."""
        return self.path.stem if self.path else ""

    @property
    def ratings(self) -> dict[str, int]:
        ratings = self.fields.get("ratings")
        return ratings if isinstance(ratings, dict) else {}

    @property
    def route(self) -> str | None:
        route = self.fields.get("route")
        return route if isinstance(route, str) else None

    def default_title(self) -> str:
        when = f"{self.created.day} {self.created:%B %Y}"
        label = _KIND_TITLES.get(self.kind, self.kind.title())
        if self.session is not None:
            return f"{label}: session {self.session}, {when}"
        return f"{label}, {when}"


def normalise_text(text: str) -> str:
    """Answers as stored: Unix newlines, no blank lines before or after."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def to_markdown(entry: Entry) -> str:
    """The file text of an entry."""
    from kjournal.yamlio import dump_yaml

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
    from kjournal.yamlio import YAMLError, load_yaml

    try:
        data = load_yaml(front)
    except YAMLError as exc:
        line = exc.line + 1 if exc.line else None  # +1 for the opening '---'
        raise EntryError(path, f"front matter is not valid YAML: {exc.reason}", line) from None
    if not isinstance(data, dict):
        raise EntryError(path, "the front matter must be a mapping of keys to values", 2)
    version = data.get("kjournal", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise EntryError(
            path, f"'kjournal' (the format version) must be a whole number, not {version!r}"
        )
    if version > FORMAT_VERSION:
        raise EntryError(
            path,
            f"written by a newer kjournal (format {version}); this version reads format "
            f"{FORMAT_VERSION}: please upgrade kjournal",
        )
    kind = data.get("kind")
    if kind not in KINDS:
        raise EntryError(path, f"'kind' must be one of {', '.join(KINDS)}")
    data["created"] = _parse_created(data.get("created"), path)
    session = data.get("session")
    if session is not None and (
        not isinstance(session, int) or isinstance(session, bool) or session < 1
    ):
        raise EntryError(path, "'session' must be a whole number from 1")
    if kind in _HEADED_KINDS and session is None:
        raise EntryError(path, f"a {kind} entry needs a 'session' number")
    ratings = data.get("ratings")
    if ratings is not None and not isinstance(ratings, dict):
        raise EntryError(path, "'ratings' must be a mapping such as {mood: 5}")
    return data


def _parse_created(value: Any, path: Path | str) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).astimezone()
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.astimezone()
    raise EntryError(path, "'created' must be a date and time such as 2026-12-02T09:30:00+01:00")


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
