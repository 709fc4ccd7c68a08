"""Changing what is already written, only when the person asks: edit in their editor (validated,
never half-applied) and delete (moved to the journal's trash, never unlinked)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from kjournal.errors import EntryError, KJournalError, UsageError
from kjournal.journal.crypto import AGE_SUFFIX, is_sealed, memory_folder, plain_name
from kjournal.journal.editor import edit_file
from kjournal.journal.entry import from_markdown
from kjournal.journal.files import make_private_dir, process_alive, write_atomic
from kjournal.journal.store import (
    Journal,
    move_exclusive,
    move_to_a_new_name,
    split_name,
    unique_stamp,
)


def edit_entry(journal: Journal, path: Path) -> bool:
    """Open a copy of the entry in the editor; put it in place only if it still parses.

    Returns True if the entry changed. A failed editor or an edit that does not parse leaves the
    entry as it was and keeps the edit in drafts/, and the error says where."""

    def check(edited: bytes) -> None:
        try:
            from_markdown(edited.decode("utf-8"), path)
        except (EntryError, UnicodeDecodeError) as exc:
            reason = exc.reason if isinstance(exc, EntryError) else "it is not UTF-8 text"
            where = f" (line {exc.line})" if isinstance(exc, EntryError) and exc.line else ""
            raise _Rejected(f"{path}: the edited entry does not parse: {reason}{where}") from None

    return edit_words(journal, path, check=check)


class _Rejected(Exception):
    """The edit is not put in place (it does not parse); the message says why."""


def edit_words(
    journal: Journal,
    path: Path,
    *,
    check: Callable[[bytes], None] | None = None,
) -> bool:
    """Edit a file of the journal in the person's editor, on a copy: the file is replaced
    (atomically) only when the editor succeeds, the copy differs and `check` accepts it. An
    encrypted file is decrypted only into memory-backed storage (the runtime folder on tmpfs),
    never onto a disk, and that copy is removed whatever happens, Ctrl-C included."""
    import secrets

    sealed = is_sealed(path)
    original = path.read_bytes()
    try:
        text = _text_of(journal, path, original, sealed)
    except UnicodeDecodeError as exc:
        raise KJournalError(
            f"{path}: byte {exc.start} is not UTF-8 text, so kjournal will not edit it (nothing "
            "was changed); open the file in an editor that shows such bytes and save it as UTF-8"
        ) from None
    stem, suffix = split_name(path)
    name = f"edit-{stem}-{os.getpid()}-{secrets.token_hex(3)}{plain_name(suffix)}"
    if sealed:
        folder = memory_folder()
        if folder is None:
            raise KJournalError(
                f"{path.name} is encrypted, and this computer has no private memory-only folder "
                "to open it in, so kjournal will not write your words to its disk in plain text; "
                "nothing was changed (on Linux, a desktop login provides one: $XDG_RUNTIME_DIR; "
                "`kjournal show` still reads it)"
            )
        _sweep_left_copies(folder)
        work = folder / name
    else:
        # A name of its own: two edits of one entry at once never write over each other.
        work = journal.writable(journal.drafts_dir / name)
    write_atomic(work, text, exclusive=True)
    before = text.encode("utf-8")
    try:
        try:
            edit_file(work, private=sealed)
        except KJournalError as exc:
            if work.read_bytes() == before:
                raise KJournalError(f"{exc}; nothing was changed") from None
            kept = _keep_aside(journal, work, sealed)
            raise KJournalError(
                f"{exc}; the entry is unchanged, your edit is at {_shown(kept)}"
            ) from None
        edited = work.read_bytes()
        if edited == before:
            return False
        try:
            if check is not None:
                check(edited)
        except _Rejected as exc:
            kept = _keep_aside(journal, work, sealed)
            raise KJournalError(
                f"{exc}. The entry is unchanged; your edit is kept at {_shown(kept)}"
            ) from None
        if path.read_bytes() != original:  # changed in another window meanwhile: keep both
            kept = _keep_aside(journal, work, sealed)
            raise KJournalError(
                f"{path} changed while you were editing it (another window?); it is left as "
                f"that change made it, and your edit is kept at {_shown(kept)}"
            )
        if sealed:
            journal.write_text(path, edited.decode("utf-8"))
        else:
            os.replace(work, path)  # same folder tree, same filesystem: atomic
            os.chmod(path, 0o600)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            work.unlink()


_EDIT_COPY = re.compile(r"^edit-.+-(\d+)-[0-9a-f]{6}\.\w+$")


def _sweep_left_copies(folder: Path) -> None:
    """Remove decrypted copies left in memory by an edit whose kjournal was killed (SIGKILL
    skips every `finally`); one whose kjournal still runs is being edited now."""
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            named = _EDIT_COPY.match(path.name)
            if named and not process_alive(int(named.group(1))):
                with contextlib.suppress(OSError):
                    path.unlink()


def _text_of(journal: Journal, path: Path, original: bytes, sealed: bool) -> str:
    if not sealed:
        return original.decode("utf-8")
    try:
        return journal.read_text(path)
    except OSError as exc:
        raise KJournalError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def _keep_aside(journal: Journal, work: Path, sealed: bool) -> Path:
    """Keep a failed edit in drafts/ under a name of its own (two in the same second never
    replace each other); encrypted again when the entry was."""
    if not sealed:
        return move_to_a_new_name(work, lambda stamp: work.with_name(f"{work.stem}-{stamp}.md"))
    text = work.read_bytes().decode("utf-8", errors="replace")
    while True:
        kept = journal.drafts_dir / f"{work.stem}-{unique_stamp()}.md{AGE_SUFFIX}"
        try:
            journal.write_text(kept, text, exclusive=True)
        except FileExistsError:
            continue
        return kept


def _shown(kept: Path) -> str:
    """Where a kept edit is, and for an encrypted one how to open it."""
    if not is_sealed(kept):
        return str(kept)
    return f"{kept} (encrypted; `age -d -i .kjournal/identity.age FILE` in the journal opens it)"


def trash_entry(journal: Journal, path: Path) -> Path:
    """Move an entry into <journal>/trash/, keeping its folders; nothing is ever unlinked."""
    relative = path.relative_to(journal.entries_dir)
    target = journal.writable(journal.trash_dir / relative)
    make_private_dir(target.parent)
    stem, suffix = split_name(path)
    counter = 1
    while True:  # a name of its own in the trash: a moved entry never replaces a trashed one
        try:
            move_exclusive(path, target)
        except FileExistsError:
            counter += 1
            target = target.with_name(f"{stem}-trashed-{counter}{suffix}")
            continue
        return target


def write_export(path: Path, text: str, *, force: bool) -> None:
    """Write an export file (private, 0600); never replaces an existing file unless forced, and
    never, even forced, anything but a regular file: a FIFO, device, socket, folder or link in
    its place is a mistake or a trap, and replacing it would break whatever relies on it."""
    if not path.parent.is_dir():
        raise KJournalError(f"{path}: the folder {path.parent} does not exist")
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise KJournalError(f"{path}: cannot write there ({exc.strerror})") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(
            f"{path} is {_file_kind(mode)}, not a regular file; nothing was written "
            "(choose another --out name)"
        )
    try:
        write_atomic(path, text, exclusive=not force)
    except FileExistsError:
        raise KJournalError(f"{path} already exists; pass --force to replace it") from None
    except OSError as exc:
        raise KJournalError(f"{path}: cannot write there ({exc.strerror})") from None
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")
