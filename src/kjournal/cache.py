"""A cache of parsed front matter, so that list, search and trends stay fast on years of entries.

Derived data only: it can be deleted at any time and is rebuilt from the files. Each record is
trusted only while its file's size, mtime, ctime and inode are unchanged; a cache that cannot be
read, or was written by another version, is ignored and rebuilt. Stored as JSON (never pickle:
loading it must not be able to run code)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kjournal.entry import Entry

CACHE_VERSION = 3


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


def entry_from_record(record: dict[str, Any], path: Path) -> Entry:
    fields = record["fields"] if "fields" in record else decode(record["encoded"])
    return Entry(
        kind=record["kind"],
        created=datetime.fromisoformat(record["created"]),
        session=record.get("session"),
        fields=fields,
        path=path,
        body_loaded=False,
        excerpt=record.get("excerpt", ""),
    )


def load(path: Path) -> dict[str, dict[str, Any]]:
    """The cached records by relative path; {} if the cache is missing, corrupt or foreign."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    records = data.get("files")
    return records if isinstance(records, dict) else {}


def save(path: Path, records: dict[str, dict[str, Any]]) -> None:
    from kjournal.store import write_atomic

    text = json.dumps({"version": CACHE_VERSION, "files": records}, separators=(",", ":"))
    write_atomic(path, text)


def signature(stat_result: Any) -> list[int]:
    return [
        stat_result.st_size,
        stat_result.st_mtime_ns,
        stat_result.st_ctime_ns,
        stat_result.st_ino,
    ]
