"""The words and short phrases a person returns to across sessions, counted from their own text.

Entries in, plain data out; nothing is sent anywhere and nothing is interpreted: a theme is a word
or a phrase of two or three words, shown as the person wrote it most often, with how often and in
which sessions. How the text is read:

- Only what the person wrote: the answers of intentions and reflections (and their `setting`,
  kept in front matter), never the prompt headings or titles, which repeat in every entry.
- Words are runs of letters, with apostrophes (don't, don’t) and hyphens (self-compassion)
  inside; numbers, web addresses, Markdown marks, HTML tags and escape sequences are not words.
  A phrase never reaches across punctuation, a number or a blank line.
- Common English words are left out, and words that differ only in their ending are counted
  together (boundary, boundaries) with the Snowball English stemmer, the one Sphinx and most
  search engines use; the person's own most frequent form is what is shown.
- A phrase is two or three words without a common word among them, except a leading my, your,
  his, her, our or their ("my father") and "of" in the middle ("sense of safety").
- The same occurrence is never counted twice: phrases are chosen first (longer ones first), and a
  word inside a chosen phrase counts for the phrase only, so "my father" and "father" are listed
  apart only where the word also recurs on its own.
- A theme recurs in at least `min_sessions` sessions (two by default).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kjournal.journal.entry import Entry

THEME_KINDS = ("intention", "integration")
# Short answers kept in front matter that are the person's own words. Not `route` (a choice from
# a list) nor `dose` (copied from the clinic: numbers and units).
FRONT_MATTER_TEXT = ("setting",)
DEFAULT_LIMIT = 20
MIN_SESSIONS = 2
MAX_PHRASE = 3
MAX_WORD = 40  # letters; a longer run is a pasted string or a keyboard held down, not a word

# The Snowball project's English stop word list (snowballstem.org, BSD licence), apostrophes
# straight, and below it words that carry no subject of their own in a journal's sentences.
_SNOWBALL_STOP = """
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
her hers herself it its itself they them their theirs themselves what which who whom this that
these those am is are was were be been being have has had having do does did doing would should
could ought i'm you're he's she's it's we're they're i've you've we've they've i'd you'd he'd
she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't hasn't
haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
mustn't let's that's who's what's here's there's when's where's why's how's a an the and but if
or because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so
than too very
"""
_JOURNAL_STOP = """
will can may might must shall just also really like much many maybe perhaps still even yet ever
quite rather though although however since around able lot lots bit thing things something
anything everything someone anyone everyone somebody anybody somewhere way ways
want wanted wants get gets got getting make makes made today tonight yes yeah oh ok okay um
without within upon onto toward towards across along among amongst behind beyond beside besides
near next past per via throughout whether either neither else every another whose whatever
whenever wherever whoever us mine ain't im ive dont didnt cant wont isnt doesnt wasnt id youre
thats
know think now first later mg mcg µg kg ml hr hrs min mins sec secs pm
"""
STOP_WORDS = frozenset((_SNOWBALL_STOP + _JOURNAL_STOP).split())
_LEADING = frozenset(("my", "your", "his", "her", "our", "their"))  # may open a phrase
_MIDDLE = frozenset(("of",))  # may join the two words of a three-word phrase

# Taken out before reading words: each would otherwise leave fragments that look like words (a
# colour code's `m`, a link's `https` and `com`, a tag's `br`, the `n` of a `\n` typed out).
# Escape sequences go without a trace (a terminal shows nothing of them), a tag or a typed-out
# escape leaves a space, an address or a link's target a full stop (no phrase runs across it).
# Every repeat is bounded, so that no text makes a search go back over itself without end.
_NOT_PROSE = re.compile(
    r"(?P<gone>\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]"  # CSI: colours, cursor movement
    r"|\x1b\][^\x07\x1b]{0,4096}(?:\x07|\x1b\\)?"  # OSC: titles, links, the clipboard
    r"|\x1b[@-Z\\-_]"  # any other escape
    r"|\x9b[0-?]{0,64}[ -/]{0,8}[@-~])"  # the one-byte CSI
    r"|(?P<space></?[A-Za-z][^<>\n]{0,200}>"  # an HTML tag
    r"|\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[abefnrtv]))"  # escapes typed out
    r"|\b(?:https?|ftp|file|mailto):\S*|\bwww\.\S+"  # addresses
    r"|[^\s@]{1,64}@[^\s@]{1,255}"
    r"|\]\([^)\n]{0,500}\)"  # a Markdown link's target
)


_NUMBER = re.compile(r"(?<!\w)\w*\d\w*")  # from a word's start: once over each word


def _unprose(match: re.Match[str]) -> str:
    return "" if match.group("gone") else " " if match.group("space") else "."


def readable_text(text: str) -> str:
    """A text as themes read it: Unicode composed (NFKC), apostrophes straight, and escape
    sequences, tags, addresses and link targets taken out; a word with a digit in it (2nd,
    10mg, 3pm) is a number."""
    normal = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return _NUMBER.sub("0", _NOT_PROSE.sub(_unprose, normal))


# Where a phrase ends: anything but letters, spaces, apostrophes, hyphens and Markdown emphasis
# (`**my** _father_` is still a phrase); a digit; a hyphen or apostrophe not between letters (list
# bullets, dashes, quotation marks); a blank line. Captured: `_runs` reads what ended a sentence.
_LETTER = r"[^\W\d_]"
_BREAK = re.compile(rf"([^\w\s'*~`-]|\d|(?<!{_LETTER})['-]|['-](?!{_LETTER})|\n\s*\n)")
_SENTENCE_END = re.compile(r"[.!?…\n]")
_WORD = re.compile(rf"{_LETTER}+(?:['-]{_LETTER}+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "′": "'"})

_Key = tuple[int, int]  # a phrase: its number of words, and its words' keys as one number


@dataclass(frozen=True)
class Theme:
    """A word or phrase that recurs: `text` as written most often, `forms` every way it was
    written (most frequent first), `count` occurrences in `sessions`, from `first` to `last`."""

    text: str
    count: int
    sessions: tuple[int, ...]
    first: date
    last: date
    forms: tuple[str, ...]

    def as_data(self) -> dict[str, Any]:
        return {
            "theme": self.text,
            "count": self.count,
            "sessions": list(self.sessions),
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "written_as": list(self.forms),
        }


@dataclass(frozen=True)
class ThemesReport:
    """The themes shown (at most `limit`), how many recurred in all, and what was read."""

    themes: list[Theme]
    recurring: int  # themes that recur, before the limit
    sessions: tuple[int, ...]  # sessions whose entries were read
    entries: int  # entries read
    unread: int  # entries whose text could not be read (counted nowhere)
    min_sessions: int
    since: date | None = None

    def as_data(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "sessions_read": list(self.sessions),
            "entries_read": self.entries,
            "entries_unread": self.unread,
            "min_sessions": self.min_sessions,
            "recurring": self.recurring,
            "shown": len(self.themes),
            "themes": [theme.as_data() for theme in self.themes],
        }


def theme_entries(entries: Iterable[Entry], since: date | None = None) -> list[Entry]:
    """The entries themes are read from: intentions and reflections (from `since` on), oldest
    first. Read their bodies (Journal.with_bodies) before passing them to find_themes."""
    chosen = [
        e
        for e in entries
        if e.kind in THEME_KINDS
        and e.session is not None
        and (since is None or e.created.date() >= since)
    ]
    return sorted(chosen, key=lambda e: (e.created, e.id))


def entry_texts(entry: Entry) -> list[str]:
    """What the person wrote in an entry, one text per answer; headings and titles excluded."""
    texts = [entry.preamble] if entry.preamble else []
    texts += [section.text for section in entry.sections if section.text]
    for name in FRONT_MATTER_TEXT:
        value = entry.fields.get(name)
        if isinstance(value, str) and value:
            texts.append(value)
    return texts


def find_themes(
    entries: Iterable[Entry],
    *,
    limit: int | None = DEFAULT_LIMIT,
    min_sessions: int = MIN_SESSIONS,
    since: date | None = None,
) -> ThemesReport:
    """The themes recurring in at least `min_sessions` sessions of these entries, most sessions
    first (then most often), at most `limit` (None: all). Entries other than intentions and
    reflections, or before `since`, are left out; one without its body read counts as unread."""
    chosen = theme_entries(entries, since)
    text = _read(chosen)
    sessions_of = [entry.session or 0 for entry in chosen]
    session_at = [sessions_of[owner] if owner >= 0 else 0 for owner in text.owner]
    found = _candidates(text, session_at, min_sessions)
    picked = _choose(found, min_sessions, session_at)
    # Most sessions first, then most often, then the one written first.
    picked.sort(key=lambda theme: (-theme[2], -len(theme[1]), theme[1][0]))
    days_of = [entry.created.date() for entry in chosen]
    themes = [
        _theme(text, size, where, sessions_of, days_of)
        for size, where, _ in (picked if limit is None else picked[: max(limit, 0)])
    ]
    return ThemesReport(
        themes=themes,
        recurring=len(picked),
        sessions=tuple(sorted(set(sessions_of))),
        entries=len(chosen),
        unread=sum(not entry.body_loaded for entry in chosen),
        min_sessions=min_sessions,
        since=since,
    )


_CONTENT, _LEAD, _MIDDLE_KIND, _STOP = 0, 1, 2, 3


def _runs(text: str) -> Iterator[tuple[list[str], bool]]:
    """The words of a text in runs that a phrase may span (split where punctuation is), each
    with whether it opens a sentence (at the start, or after . ! ? or a line break)."""
    opens = True
    for index, part in enumerate(_BREAK.split(readable_text(text))):
        if index % 2:  # the break between two parts
            opens = opens or bool(_SENTENCE_END.search(part))
        elif run := _WORD.findall(part):
            yield run, opens
            opens = False
        elif _SENTENCE_END.search(part):
            opens = True


@dataclass
class _Words:
    """Every word read, one position each, and a break (key 0, kind _STOP, owner -1) after
    each run, so that no phrase reaches across."""

    written: list[str]  # as written ("" for a break)
    key: list[int]  # the word's stem (or, if common, the word itself) as a number
    kind: list[int]  # _CONTENT, _LEAD or _STOP
    owner: list[int]  # the index of the entry it is in
    openers: set[int]  # positions of words that open a sentence


def _read(entries: Sequence[Entry]) -> _Words:
    text = _Words([], [], [], [], set())
    reader = _Reader()
    known = reader.known
    written, keys, kinds, owners = text.written, text.key, text.kind, text.owner
    for index, entry in enumerate(entries):
        if not entry.body_loaded:
            continue
        for answer in entry_texts(entry):
            for run, opens in _runs(answer):
                if opens:
                    text.openers.add(len(written))
                read = [known.get(word) or reader.word(word) for word in run]
                written += run
                written.append("")
                keys += [key for key, _ in read]
                keys.append(0)
                kinds += [kind for _, kind in read]
                kinds.append(_STOP)
                owners += [index] * len(run)
                owners.append(-1)
    return text


class _Reader:
    """Each distinct written word's key and kind, worked out once (stemming is the slow part)."""

    def __init__(self) -> None:
        # Imported here: only this view needs it (about 50 ms). It ships no type hints.
        from snowballstemmer import stemmer

        self._stem: Callable[[str], str] = stemmer("english").stemWord
        self.known: dict[str, tuple[int, int]] = {}  # each word as written: its key and kind
        self._numbers: dict[str, int] = {"": 0}  # keys as small numbers: phrases hash faster

    def word(self, word: str) -> tuple[int, int]:
        found = self.known.get(word)
        if found is None:
            key, kind = self._read(word)
            number = self._numbers.setdefault(key, len(self._numbers))
            found = self.known[word] = (number, kind)
        return found

    def _read(self, word: str) -> tuple[str, int]:
        folded = word.casefold()
        if len(word) < 2 or len(word) > MAX_WORD:
            return "", _STOP  # a lone letter (the s of a cut "it's") or no word at all
        if folded in STOP_WORDS or folded.replace("'", "") in STOP_WORDS:
            # "of" keeps a key of its own: it may join a phrase; other common words never do
            return (folded if folded in _LEADING or folded in _MIDDLE else ""), (
                _LEAD if folded in _LEADING else _MIDDLE_KIND if folded in _MIDDLE else _STOP
            )
        base = folded[:-2] if folded.endswith("'s") else folded  # father's: father
        return "\x00" + (self._stem(base) or base), _CONTENT  # never a common word's key


_KEYS = 1 << 24  # more distinct words than any journal holds: phrase keys never collide


def _candidates(text: _Words, session_at: list[int], min_sessions: int) -> dict[_Key, list[int]]:
    """Every phrase that recurs in at least `min_sessions` sessions, with the positions where
    it starts (before any occurrence is given to another phrase). A key: (words, number)."""
    keys, kinds = [*text.key, 0, 0], [*text.kind, _STOP, _STOP]  # at + 2 is always there
    ones: dict[int, list[int]] = {}
    twos: dict[int, list[int]] = {}
    threes: dict[int, list[int]] = {}
    for at in range(len(text.kind)):
        first = kinds[at]
        if first > _LEAD:  # a common word (or a break) never opens a phrase
            continue
        key = keys[at]
        if first == _CONTENT:
            if (where := ones.get(key)) is None:
                ones[key] = [at]
            else:
                where.append(at)
        second = kinds[at + 1]
        if second == _CONTENT:
            pair = key * _KEYS + keys[at + 1]
            if (where := twos.get(pair)) is None:
                twos[pair] = [at]
            else:
                where.append(at)
        if kinds[at + 2] == _CONTENT and (
            second == _CONTENT or (second == _MIDDLE_KIND and first == _CONTENT)
        ):
            three = (key * _KEYS + keys[at + 1]) * _KEYS + keys[at + 2]
            if (where := threes.get(three)) is None:
                threes[three] = [at]
            else:
                where.append(at)
    # Sessions are counted only for what occurs often enough to recur: most phrases occur once.
    return {
        (size, key): where
        for size, found in ((1, ones), (2, twos), (3, threes))
        for key, where in found.items()
        if len(where) >= min_sessions and len({session_at[at] for at in where}) >= min_sessions
    }


def _choose(
    found: dict[_Key, list[int]], min_sessions: int, session_at: list[int]
) -> list[tuple[int, list[int], int]]:
    """Give each occurrence to one theme: longer phrases first, then those in more sessions; a
    phrase keeps only the occurrences not already given, and is a theme while those still recur.
    Returns each theme's length in words, where its occurrences start, and its sessions."""
    taken = bytearray(len(session_at) + MAX_PHRASE)

    def free(size: int, where: list[int]) -> list[int]:
        if size == 1:
            return [at for at in where if not taken[at]]
        kept, end = [], -1
        for at in where:
            if at > end and not any(taken[at : at + size]):
                kept.append(at)
                end = at + size - 1  # overlapping itself ("bye bye bye"): counted once
        return kept

    def rank(size: int, where: list[int]) -> tuple[int, int, int]:
        return (-size, -len({session_at[at] for at in where}), -len(where))

    heap = [(rank(key[0], where), key, where) for key, where in found.items()]
    heapq.heapify(heap)
    themes = []
    while heap:
        old, key, where = heapq.heappop(heap)
        size = key[0]
        kept = free(size, where)
        if len(kept) < len(where):
            new = rank(size, kept)
            if -new[1] < min_sessions:
                continue  # what is left of it no longer recurs
            if new != old:
                heapq.heappush(heap, (new, key, kept))  # lower now: another may come first
                continue
        themes.append((size, kept, -old[1]))
        for at in kept:
            taken[at : at + size] = b"\x01" * size
    return themes


def _theme(
    text: _Words, size: int, positions: list[int], sessions_of: list[int], days_of: list[date]
) -> Theme:
    """A theme from its occurrences: the spelling written most often (a tie goes to the
    earliest) in the capitals it has inside a sentence (opening one, it would have a capital
    anyway); every spelling; sessions and dates."""
    inside: dict[str, Counter[str]] = {}  # spelling: its forms inside sentences
    opening: dict[str, Counter[str]] = {}  # spelling: its forms opening a sentence
    for at in positions:  # in order: the earliest spelling first, which a tie keeps
        form = " ".join(text.written[at : at + size])
        spelling = form.lower()  # not casefold: ß and SS are one key, but two spellings
        inside.setdefault(spelling, Counter())
        opening.setdefault(spelling, Counter())
        (opening if at in text.openers else inside)[spelling][form] += 1
    spellings = sorted(inside, key=lambda k: inside[k].total() + opening[k].total(), reverse=True)
    forms = tuple(_shown_form(inside[k], opening[k]) for k in spellings)
    owners = [text.owner[at] for at in positions]
    days = [days_of[i] for i in owners]
    return Theme(
        text=forms[0],
        count=len(positions),
        sessions=tuple(sorted({sessions_of[i] for i in owners})),
        first=min(days),
        last=max(days),
        forms=forms,
    )


def _shown_form(inside: Counter[str], opening: Counter[str]) -> str:
    """A spelling's capitals as written inside sentences, else in small letters (a name that
    only ever opens sentences loses its capital: no dictionary says it is a name)."""
    if inside:
        return inside.most_common(1)[0][0]
    form = opening.most_common(1)[0][0]
    first, _, rest = form.partition(" ")
    lowered = first[0].lower() + first[1:]
    # "Letting go": letting go; "NHS" stays as it is, and so does a letter that lowers to two
    if first[1:] == first[1:].lower() and len(lowered) == len(first):
        first = lowered
    return f"{first} {rest}" if rest else first
