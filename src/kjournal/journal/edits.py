"""Changing what is already written, only when the person asks: edit in their editor (validated,
never half-applied) and delete (moved to the journal's trash, never unlinked)."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from kjournal.errors import EntryError, KJournalError, UsageError
from kjournal.journal.editor import edit_file
from kjournal.journal.entry import from_markdown
from kjournal.journal.files import make_private_dir, write_atomic
from kjournal.journal.store import Journal, move_exclusive, move_to_a_new_name


def edit_entry(journal: Journal, path: Path) -> bool:
    """Open a copy of the entry in the editor; put it in place only if it still parses.

    Returns True if the entry changed. A failed editor or an edit that does not parse leaves the
    entry as it was and keeps the edit in drafts/, and the error says where."""
    import secrets

    original = path.read_bytes()
    try:
        text = original.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KJournalError(
            f"{path}: byte {exc.start} is not UTF-8 text, so kjournal will not edit it (nothing "
            "was changed); open the file in an editor that shows such bytes and save it as UTF-8"
        ) from None
    # A name of its own: two edits of one entry at once never write over each other.
    work = journal.writable(journal.drafts_dir / f"edit-{path.stem}-{secrets.token_hex(3)}.md")
    write_atomic(work, text, exclusive=True)
    try:
        edit_file(work)
    except KJournalError as exc:
        if work.read_bytes() == original:
            work.unlink()
            raise KJournalError(f"{exc}; nothing was changed") from None
        raise KJournalError(
            f"{exc}; the entry is unchanged, your edit is at {_aside(work)}"
        ) from None
    edited = work.read_bytes()
    if edited == original:
        work.unlink()
        return False
    try:
        from_markdown(edited.decode("utf-8"), path)
    except (EntryError, UnicodeDecodeError) as exc:
        reason = exc.reason if isinstance(exc, EntryError) else "it is not UTF-8 text"
        where = f" (line {exc.line})" if isinstance(exc, EntryError) and exc.line else ""
        raise KJournalError(
            f"{path}: the edited entry does not parse: {reason}{where}. The entry is unchanged; "
            f"your edit is kept at {_aside(work)}"
        ) from None
    if path.read_bytes() != original:  # changed in another window meanwhile: keep both
        raise KJournalError(
            f"{path} changed while you were editing it (another window?); it is left as that "
            f"change made it, and your edit is kept at {_aside(work)}"
        )
    os.replace(work, path)  # same folder tree, same filesystem: atomic
    os.chmod(path, 0o600)
    return True


def _aside(work: Path) -> Path:
    """Keep a failed edit under a name of its own: two in the same second never replace."""
    return move_to_a_new_name(work, lambda stamp: work.with_name(f"{work.stem}-{stamp}.md"))


def trash_entry(journal: Journal, path: Path) -> Path:
    """Move an entry into <journal>/trash/, keeping its folders; nothing is ever unlinked."""
    relative = path.relative_to(journal.entries_dir)
    target = journal.writable(journal.trash_dir / relative)
    make_private_dir(target.parent)
    counter = 1
    while True:  # a name of its own in the trash: a moved entry never replaces a trashed one
        try:
            move_exclusive(path, target)
        except FileExistsError:
            counter += 1
            target = target.with_name(f"{path.stem}-trashed-{counter}{path.suffix}")
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
