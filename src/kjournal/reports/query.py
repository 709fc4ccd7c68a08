"""Find entries: short ids, filters for `list`, text search, and `ID|latest` references."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kjournal.errors import UsageError
from kjournal.journal.entry import Entry, short_id
from kjournal.journal.kinds import Kind


def resolve(reference: str, entries: Sequence[Entry]) -> Entry:
    """The entry meant by `latest`, a full id, a short id, or a unique beginning of either.
    A short id that two entries share (a copy made in another editor, `... 1.md`) is refused
    with both files named: acting on either one silently could show, edit or delete the wrong
    entry."""
    if not entries:
        raise UsageError("the journal has no entries yet")
    if reference == "latest":
        return max(entries, key=lambda e: (e.created, e.id))
    for entry in entries:
        if entry.id == reference:  # file names are unique in a journal: never ambiguous
            return entry
    keys: dict[str, list[Entry]] = {}
    for entry in entries:
        keys.setdefault(entry.id, []).append(entry)
        keys.setdefault(short_id(entry), []).append(entry)
    if reference in keys:
        exact = _unique(keys[reference])
        if len(exact) == 1:
            return exact[0]
        files = " and ".join(str(e.path) for e in exact[:8])
        raise UsageError(
            f"'{reference}' is the id of {len(exact)} entries: {files}; give the file name "
            "without .md to choose one (`kjournal doctor` lists such copies)"
        )
    matches = _unique([e for k, found in keys.items() if k.startswith(reference) for e in found])
    if len(matches) == 1:
        return matches[0]
    if matches:
        shorts = [short_id(e) for e in matches]
        shown = sorted(shorts if len(set(shorts)) == len(shorts) else [e.id for e in matches])
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        raise UsageError(f"'{reference}' matches several entries: {', '.join(shown[:8])}{more}")
    close = difflib.get_close_matches(reference, list(keys), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `kjournal list` shows ids"
    raise UsageError(f"no entry '{reference}'{hint}")


def _unique(entries: list[Entry]) -> list[Entry]:
    return list({id(e): e for e in entries}.values())


def parse_day(option: str, text: str | None) -> date | None:
    """A date option such as --since: YYYY-MM-DD."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"{option}: '{text}' is not a date; use YYYY-MM-DD, e.g. 2026-01-31"
        ) from None


def entry_tags(entry: Entry) -> list[str]:
    tags = entry.fields.get("tags")
    if isinstance(tags, str):
        return [tags]
    return [str(t) for t in tags] if isinstance(tags, list) else []


def _kind(entry: Entry) -> str:
    """The kind a listing shows: questionnaires saved as check-ins by earlier versions included."""
    return Kind.QUESTIONNAIRE if entry.is_questionnaire else entry.kind


def _spelling(word: str) -> str:
    """A kind or a questionnaire's name however it is typed: PHQ-9, phq9, Check-In, check in."""
    return re.sub(r"[\s_-]", "", word.casefold())


@dataclass(frozen=True)
class Filters:
    """What `list` and `export` keep. `kind` takes what listings show: a kind (intention,
    reflection or integration, check-in, questionnaire) or a questionnaire's name (PHQ-9), which
    keeps the questionnaires holding it and sets `scale`."""

    kind: str | None = None
    session: int | None = None
    since: date | None = None
    until: date | None = None
    tag: str | None = None
    limit: int | None = None
    scale: str | None = None

    def __post_init__(self) -> None:
        if self.kind is None:
            return
        # A kind's own name, or what listings call it: `list` prints "reflection" and
        # "check-in", so those are accepted back as they were read.
        words = {_spelling(k): k.value for k in Kind} | {_spelling(k.label): k.value for k in Kind}
        typed = _spelling(self.kind)
        if typed in words:
            object.__setattr__(self, "kind", words[typed])
            return
        from kjournal.questions.catalogue import packaged_scales  # only when no kind was typed

        scales = {_spelling(n): s.id for s in packaged_scales() for n in (s.id, s.label)}
        if typed in scales:
            object.__setattr__(self, "kind", Kind.QUESTIONNAIRE.value)
            object.__setattr__(self, "scale", scales[typed])
            return
        raise UsageError(
            f"--kind: '{self.kind}' is not one of {', '.join(Kind)} (also: reflection, "
            "check-in, or a questionnaire's name such as PHQ-9)"
        )


def select(entries: Iterable[Entry], filters: Filters) -> list[Entry]:
    """Entries matching every filter, newest first, at most `limit`."""
    chosen = []
    for entry in sorted(entries, key=lambda e: (e.created, e.id), reverse=True):
        day = entry.created.date()
        if (
            (filters.kind and _kind(entry) != filters.kind)
            or (filters.scale and filters.scale not in entry.scale_ids)
            or (filters.session is not None and entry.session != filters.session)
            or (filters.since and day < filters.since)
            or (filters.until and day > filters.until)
            or (filters.tag and filters.tag.lower() not in (t.lower() for t in entry_tags(entry)))
        ):
            continue
        chosen.append(entry)
        if filters.limit is not None and len(chosen) >= filters.limit:
            break
    return chosen


@dataclass(frozen=True)
class Match:
    entry: Entry
    where: str  # the section heading, "tags", or "" for the title and preamble
    line: str


def search(entries: Iterable[Entry], text: str) -> list[Match]:
    """Case-insensitive search in answers and tags; one match per matching line, newest first."""
    needle = text.casefold()
    if not needle.strip():
        raise UsageError("search: give a word or phrase to look for")
    found = []
    for entry in sorted(entries, key=lambda e: (e.created, e.id), reverse=True):
        for tag in entry_tags(entry):
            if needle in tag.casefold():
                found.append(Match(entry, "tags", tag))
        places = [("", entry.preamble)] + [(s.heading, s.text) for s in entry.sections]
        # short answers kept in front matter (dose, setting, ...) are answers too
        places += [(key, value) for key, value in entry.fields.items() if isinstance(value, str)]
        for where, body in places:
            found += [Match(entry, where, ln) for ln in body.split("\n") if needle in ln.casefold()]
    return found
