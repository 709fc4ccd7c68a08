"""Turning encryption on and off, file by file, so that a crash at any point loses nothing.

Each file is converted by writing its other form whole (atomic, exclusive) and only then removing
the old one: killed at any point, every entry is readable, in one form or both. Both forms of
one entry (a twin) are shown once by the scan, and running the command again finishes the job:
a twin whose two forms hold the same words loses the old form; one whose forms differ (edited
in between) is kept both ways and named, never resolved by guessing."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kjournal.errors import KJournalError
from kjournal.journal.crypto import (
    AGE_SUFFIX,
    Unreadable,
    is_sealed,
    plain_name,
    twin_name,
    write_key_files,
)
from kjournal.journal.files import (
    _crash_point,
    read_regular_bytes,
    remove_dead_temp_files,
    write_atomic,
)
from kjournal.journal.store import MAX_ENTRY_BYTES, Journal, os_reason


@dataclass
class Conversion:
    """What `kjournal encrypt` or `decrypt` did: files converted, twins finished, and each file
    left as it is with the reason."""

    converted: int = 0
    finished: int = 0
    left: list[tuple[Path, str]] = field(default_factory=list)
    removed_temp: int = 0


def start_encryption(journal: Journal, identity: Any, passphrase: str) -> None:
    """Make the journal's keys: from now on every write is encrypted (no file converted yet)."""
    journal.writable(journal.keys.identity_path)  # never through a link to elsewhere
    write_key_files(journal, identity, passphrase)
    journal.keys.use_identity(identity)


def restore_recipient(journal: Journal, identity: Any) -> None:
    """Write recipient.txt again from the identity (a crash, or decrypt, removed it)."""
    write_atomic(journal.writable(journal.keys.recipient_path), f"{identity.to_public()}\n")


def encrypt_files(journal: Journal) -> Conversion:
    """Encrypt every file that holds the person's words and is still plain; needs only the
    recipient (no passphrase), except to compare the two forms of a twin."""
    result = Conversion()
    with journal.lock():
        _remove_plain_derived(journal)
        for path in word_files(journal, sealed=False):
            twin = path.with_name(twin_name(path.name))
            _convert(journal, path, twin, result, lambda data: journal.keys.seal(data))
        result.removed_temp = remove_dead_temp_files(journal.root)
    return result


def decrypt_files(journal: Journal) -> Conversion:
    """Decrypt every encrypted file back to plain text. recipient.txt goes first, so that a
    write in another window during the conversion is already plain; identity.age goes last,
    and only when no encrypted file is left (it is the only way to open one)."""
    identity = journal.keys.identity("to turn encryption off")
    result = Conversion()
    with journal.lock():
        # The kept copy is named after recipient.txt, so it is removed while that exists: once
        # it is gone, forget() would look under another name and leave the key in memory.
        journal.keys.forget()
        journal.keys.use_identity(identity)
        with contextlib.suppress(FileNotFoundError):
            journal.keys.recipient_path.unlink()
        _crash_point()
        for path in word_files(journal, sealed=True):
            twin = path.with_name(twin_name(path.name))
            _convert(journal, path, twin, result, lambda data, p=path: journal.keys.open(data, p))
        for derived in (journal.cache_path.with_name(journal.cache_path.name + AGE_SUFFIX),):
            with contextlib.suppress(FileNotFoundError):
                derived.unlink()
        with contextlib.suppress(FileNotFoundError):
            journal.index_path.unlink()
        result.removed_temp = remove_dead_temp_files(journal.root)
        if not result.left and not any(word_files(journal, sealed=True)):
            journal.keys.forget()
            with contextlib.suppress(FileNotFoundError):
                journal.keys.identity_path.unlink()
            _crash_point()
            journal.keys.unpin()
    return result


def _convert(journal: Journal, path: Path, target: Path, result: Conversion, change: Any) -> None:
    if path.parent == journal.drafts_dir and journal.draft_in_use(path):
        result.left.append((path, "a flow in another window is writing it; run again later"))
        return
    try:
        data = read_regular_bytes(path, MAX_ENTRY_BYTES)
    except OSError as exc:
        result.left.append((path, f"cannot be read ({os_reason(exc)})"))
        return
    if os.path.lexists(target):  # a twin: an interrupted conversion, or a copy made since
        _finish_twin(journal, path, target, data, result)
        return
    try:
        converted = change(data)
    except Unreadable as exc:
        result.left.append((path, exc.reason))
        return
    try:
        write_atomic(journal.writable(target), converted, exclusive=True)
    except FileExistsError:
        result.left.append((path, f"{target.name} appeared meanwhile; run again"))
        return
    except OSError as exc:
        if exc.errno in _DISK_FULL:  # every later file would fail the same way
            raise KJournalError(
                f"{target}: cannot be written ({os_reason(exc)}); every file is still "
                "readable, and running the command again goes on from here"
            ) from None
        result.left.append((path, f"{target.name} cannot be written ({os_reason(exc)})"))
        return
    _remove(path, target, result)
    result.converted += 1


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def _remove(path: Path, kept: Path, result: Conversion) -> None:
    """Remove the old form once the new one is whole; one that will not go is named (both
    forms then read as one entry, and the next run tries again)."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        result.left.append((path, f"cannot be removed ({os_reason(exc)}); {kept.name} is kept"))
    _crash_point()


def _finish_twin(
    journal: Journal, path: Path, target: Path, data: bytes, result: Conversion
) -> None:
    try:
        twin = read_regular_bytes(target, MAX_ENTRY_BYTES)  # `data` is path's, read already
        if is_sealed(path):
            plain_data, opened = twin, journal.keys.open(data, path)
        else:
            plain_data, opened = data, journal.keys.open(twin, target)
    except (OSError, Unreadable) as exc:
        reason = exc.reason if isinstance(exc, Unreadable) else os_reason(exc)
        result.left.append((path, f"both it and {target.name} exist, and one {reason}"))
        return
    if opened != plain_data:
        result.left.append((
            path,
            f"both it and {target.name} exist and hold different words; compare them and "
            "remove the one you do not want",
        ))  # fmt: skip
        return
    _remove(path, target, result)
    result.finished += 1


def word_files(journal: Journal, *, sealed: bool) -> Iterator[Path]:
    """Every regular file holding the person's words, plain or encrypted: entries and trash at
    any depth, drafts and kept edits, the safety plan. Links are never followed."""
    for top in (journal.entries_dir, journal.trash_dir):
        yield from _walk(top, (".md",), sealed)
    yield from _walk(journal.drafts_dir, (".yaml", ".md"), sealed, deep=False)
    plan = journal.safety_plan_path
    candidate = plan.with_name(plan.name + AGE_SUFFIX) if sealed else plan
    if _regular(candidate):
        yield candidate


def _walk(top: Path, suffixes: tuple[str, ...], sealed: bool, deep: bool = True) -> Iterator[Path]:
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            children = sorted(folder.iterdir())
        except OSError:
            continue
        for child in children:
            name = child.name
            if name.startswith("."):
                continue
            if deep and _is_folder(child):
                folders.append(child)
                continue
            if is_sealed(name) != sealed:
                continue
            if plain_name(name).endswith(suffixes) and _regular(child):
                yield child


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _remove_plain_derived(journal: Journal) -> None:
    """The plain front-matter cache holds first lines and ratings: gone before anything else."""
    with contextlib.suppress(FileNotFoundError):
        journal.cache_path.unlink()
    _crash_point()


def opens_this_journal(journal: Journal, identity: Any) -> bool:
    """True when the identity is this journal's key: it matches recipient.txt, or, with none
    (a conversion stopped half way), it opens an encrypted file of the journal."""
    import pyrage

    recipient = journal.keys.recipient_text()
    if recipient:
        return str(identity.to_public()) == recipient
    for path in word_files(journal, sealed=True):
        try:
            pyrage.decrypt(read_regular_bytes(path, MAX_ENTRY_BYTES), [identity])
        except (OSError, pyrage.DecryptError):
            continue
        return True
    return not any(word_files(journal, sealed=True))


def change_passphrase(journal: Journal, identity: Any, passphrase: str) -> None:
    """Wrap the same identity with a new passphrase: entries are untouched, so this is fast."""
    from kjournal.journal.crypto import wrap_identity

    write_atomic(journal.writable(journal.keys.identity_path), wrap_identity(identity, passphrase))
