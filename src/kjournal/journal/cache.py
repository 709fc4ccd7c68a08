"""A cache of parsed front matter, so that list, search and trends stay fast on years of entries.

Derived data only: it can be deleted at any time and is rebuilt from the files. Each record is
trusted only while its file's size, mtime, ctime and inode are unchanged, and only once it is
checked as strictly as a file's front matter: a cache that cannot be read, has another shape or
holds one malformed record is ignored and rebuilt, whatever is in it. Stored as JSON (never
pickle: loading it must not be able to run code)."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kjournal.errors import EntryError
from kjournal.journal.crypto import Unreadable
from kjournal.journal.entry import Entry, check_front_matter, entry_from_front_matter

CACHE_VERSION = 3
MAX_CACHE_BYTES = 256 * 1024 * 1024  # 50,000 entries make about 20 MB


class CacheDamaged(Exception):
    """The cache holds something this version never writes: it is rebuilt from the files."""


def encode(value: Any) -> Any:
    """YAML values as JSON, keeping dates and non-text keys exact."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: encode(v) for k, v in value.items()}
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$map" in value:
            return {decode(k): decode(v) for k, v in value["$map"]}
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def _plain(value: Any) -> bool:
    """True when JSON keeps the value exactly (no dates, no non-text keys)."""
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and not k.startswith("$") and _plain(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def record_from_entry(entry: Entry, *, plain: bool = False) -> dict[str, Any]:
    """What is cached of an entry: kind, created, session and the other front matter fields.
    `plain` says the fields are known to be JSON data already (skips the check)."""
    record: dict[str, Any] = {"kind": entry.kind, "created": entry.created.isoformat()}
    if entry.excerpt:
        record["excerpt"] = entry.excerpt
    if entry.session is not None:
        record["session"] = entry.session
    if plain or _plain(entry.fields):
        record["fields"] = entry.fields
    else:
        record["encoded"] = encode(entry.fields)
    return record


_RESERVED = frozenset(("kjournal", "kind", "created", "session"))
# Everything a malformed record can raise while it is decoded and checked (JSON gives any type).
_DAMAGE = (
    KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError,
    EntryError,
)  # fmt: skip


def entry_from_record(record: Any, path: Path) -> Entry:
    """The entry a record describes, checked like front matter read from its file; raises
    CacheDamaged when the record is not one this version writes."""
    try:
        fields = record["fields"] if "fields" in record else decode(record["encoded"])
        excerpt = record.get("excerpt", "")
        if not (isinstance(fields, dict) and isinstance(excerpt, str)) or _RESERVED & fields.keys():
            raise CacheDamaged(path)
        data = {"kind": record["kind"], "created": record["created"], **fields}
        if not isinstance(data["created"], str):
            raise CacheDamaged(path)
        if "session" in record:
            data["session"] = record["session"]
        data = check_front_matter(data, path)
    except _DAMAGE:
        raise CacheDamaged(path) from None
    entry = entry_from_front_matter(data, path)
    entry.body_loaded, entry.excerpt = False, excerpt
    return entry


def error_from_record(record: Any, path: Path) -> tuple[EntryError, list[int]]:
    """The problem a record remembers for an unreadable file, and the sessions it mentions."""
    try:
        reason, line = record["error"]
        sessions = record.get("sessions", [])
    except _DAMAGE:
        raise CacheDamaged(path) from None
    if not (
        isinstance(reason, str)
        and (line is None or (isinstance(line, int) and not isinstance(line, bool)))
        and isinstance(sessions, list)
        and all(isinstance(n, int) and not isinstance(n, bool) for n in sessions)
    ):
        raise CacheDamaged(path)
    return EntryError(path, reason, line), sessions


def load(path: Path, opener: Callable[[bytes], bytes] | None = None) -> tuple[dict[str, Any], bool]:
    """The cached records by relative path, and whether a cache was there but damaged (then the
    records are {}). Missing, or written by another version: {} and not damaged. Only a regular
    file is read, never through a link, so a FIFO or a link in its place cannot hang or leak.
    `opener` decrypts an encrypted journal's cache (one decryption, not one per entry)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return {}, False
    except OSError:
        return {}, True  # a link, or unreadable
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
            return {}, True
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_CACHE_BYTES + 1)
        data = json.loads(opener(raw) if opener is not None else raw)
    except (OSError, ValueError, RecursionError, Unreadable):
        return {}, True
    finally:
        os.close(fd)
    if not isinstance(data, dict) or "version" not in data:
        return {}, True
    if data["version"] != CACHE_VERSION:
        return {}, False  # another version's cache: rebuilt without a word
    records = data.get("files")
    return (records, False) if isinstance(records, dict) else ({}, True)


def save(
    path: Path,
    records: dict[str, dict[str, Any]],
    sealer: Callable[[bytes], bytes] | None = None,
) -> None:
    from kjournal.journal.files import write_atomic

    text = json.dumps({"version": CACHE_VERSION, "files": records}, separators=(",", ":"))
    write_atomic(path, sealer(text.encode("utf-8")) if sealer is not None else text)


# The session index of an encrypted journal: for each entry file, only what its name already
# tells (kind, time, questionnaire ids) and its session number and intention link, so that
# intend, integrate, checkin and scale can number and link a session without the passphrase.
# Plain JSON in the device's .cache: never an answer, a rating, a score or a first line.
INDEX_VERSION = CACHE_VERSION  # read by load(), which checks the cache's version
_INDEX_KEYS = ("kind", "created", "session")


def public_record(record: dict[str, Any]) -> dict[str, Any]:
    """The index record of a cache record: nothing a file name does not say, but the session."""
    public: dict[str, Any] = {"sig": record.get("sig")}
    if "error" in record:
        public["sessions"] = record.get("sessions", [])
        return public
    public.update({k: record[k] for k in _INDEX_KEYS if k in record})
    fields = record["fields"] if "fields" in record else decode(record.get("encoded", {}))
    if isinstance(fields, dict):
        if isinstance(fields.get("intention"), str):
            public["intention"] = fields["intention"]
        scales = fields.get("scales")
        if isinstance(scales, dict):
            public["scales"] = [name for name in scales if isinstance(name, str)]
    return public


def load_index(path: Path) -> dict[str, Any]:
    records, _ = load(path)
    return records


def save_index(path: Path, records: dict[str, dict[str, Any]]) -> None:
    """The index of these cache records (each reduced by public_record)."""
    _write_index(path, {key: public_record(record) for key, record in records.items()})


def _write_index(path: Path, public: dict[str, Any]) -> None:
    from kjournal.journal.files import write_atomic

    text = json.dumps({"version": INDEX_VERSION, "files": public}, separators=(",", ":"))
    write_atomic(path, text)


def remember_in_index(path: Path, entries_dir: Path, entry: Entry, file: Path) -> None:
    """Add a just-written entry to the index (its writer knows what is in it)."""
    records = load_index(path)
    record = {"sig": signature(os.stat(file)), **record_from_entry(entry)}
    records[str(file.relative_to(entries_dir))] = public_record(record)
    _write_index(path, records)


def entry_from_index(record: dict[str, Any], path: Path) -> Entry | None:
    """The entry an index record describes, with front matter limited to what the index keeps;
    None for a file that could not be read when it was indexed."""
    if "kind" not in record:
        return None
    data: dict[str, Any] = {k: record[k] for k in _INDEX_KEYS if k in record}
    try:
        if isinstance(record.get("intention"), str):
            data["intention"] = record["intention"]
        if isinstance(record.get("scales"), list):
            data["scales"] = {name: {} for name in record["scales"] if isinstance(name, str)}
        entry = entry_from_front_matter(check_front_matter(data, path), path)
    except _DAMAGE:
        return None
    entry.body_loaded = False
    return entry


def index_sessions(record: dict[str, Any]) -> list[int]:
    sessions = record.get("sessions")
    if isinstance(sessions, list):
        return [n for n in sessions if isinstance(n, int) and not isinstance(n, bool)]
    return []


def signature(stat_result: Any) -> list[int]:
    return [
        stat_result.st_size,
        stat_result.st_mtime_ns,
        stat_result.st_ctime_ns,
        stat_result.st_ino,
    ]
