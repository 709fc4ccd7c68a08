"""The journal folder: entry files, drafts and the lock; every write is atomic and private."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from kjournal.errors import EntryError, JournalBusy, KJournalError, Locked
from kjournal.journal import cache
from kjournal.journal.crypto import AGE_SUFFIX, Keys, Unreadable, is_sealed, plain_name, twin_name
from kjournal.journal.entry import (
    Entry,
    entry_from_front_matter,
    file_id,
    from_markdown,
    parse_body,
    read_front_matter_text,
    split_front_matter,
    to_markdown,
)
from kjournal.journal.files import (
    FILE_MODE,
    _crash_point,
    make_private_dir,
    write_atomic,
    write_to_first_free_name,
)
from kjournal.journal.paths import JournalPaths

LOCK_NAME = ".lock"
MAX_ENTRY_BYTES = 16 * 1024 * 1024  # a pasted megabyte is fine; a 50 MB file is not an entry
_SESSION_LINE = re.compile(r"^session:\s*(\d+)\s*$", re.MULTILINE)


class OutsideJournal(OSError):
    """A write would land outside the journal or through a folder link: refused, never done."""


@dataclass(frozen=True)
class Draft:
    """An unfinished flow's answers on disk."""

    path: Path
    flow: str  # intend, integrate, checkin, scale-phq9
    modified: datetime
    set_aside: bool  # chosen not to resume (or a failed edit): kept until the person removes it

    def age(self, now: datetime) -> str:
        """How old, in the largest unit that is not zero: '5 minutes', '3 hours', '2 days'."""
        seconds = max(int((now - self.modified).total_seconds()), 0)
        for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
            if seconds >= size:
                count = seconds // size
                return f"{count} {unit}{'s' if count != 1 else ''}"
        return "moments"

    def ago(self, now: datetime) -> str:
        """'just now', '5 minutes ago', '2 days ago'."""
        age = self.age(now)
        return "just now" if age == "moments" else f"{age} ago"


@dataclass
class JournalScan:
    """What reading the journal found: the entries that parse, and each file that does not."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[EntryError] = field(default_factory=list)
    # Session numbers seen in files that failed to parse, so that they are never handed out again.
    unreadable_sessions: set[int] = field(default_factory=set)
    # Things worth telling the person that are not about an entry (a damaged cache rebuilt).
    notices: list[str] = field(default_factory=list)


class Journal(JournalPaths):
    """One journal folder: reading, writing, drafts and the lock (paths: see JournalPaths)."""

    def __init__(self, root: Path, keys: Keys | None = None) -> None:
        super().__init__(root)
        self.notices: list[str] = []  # things worth telling the person, e.g. a lock taken over
        self.keys = keys or Keys(self)
        # Writing flows set this False: an encrypted journal is then read only as far as it can
        # be without the passphrase (session numbers from the index), so writing never waits
        # on unlocking; the passphrase is asked only when nothing else will do.
        self.unlock_to_read = True

    # Encryption: a file whose name ends in .age is encrypted; every write of an encrypted
    # journal is, and every read of such a file decrypts it here (see crypto.Keys).

    def _sealed(self, text: str, sealed: bool) -> str | bytes:
        return self.keys.seal(text.encode("utf-8")) if sealed else text

    @property
    def suffix(self) -> str:
        """What new file names end in: `.age` when the journal is encrypted."""
        return AGE_SUFFIX if self.keys.encrypted else ""

    def read_text(self, path: Path, *, limit: int = 4 * 1024 * 1024) -> str:
        """A journal file's text, decrypted when it is encrypted. OSError when it cannot be
        read; EntryError when it does not decrypt (damaged, modified, another key)."""
        from kjournal.journal.files import read_regular_bytes

        data = read_regular_bytes(path, limit)
        if is_sealed(path):
            try:
                data = self.keys.open(data, path)
            except Unreadable as exc:
                raise EntryError(path, exc.reason) from None
        return data.decode("utf-8", errors="replace")

    def write_text(self, path: Path, text: str, *, exclusive: bool = False) -> None:
        """Write a journal file atomically, encrypted when its name ends in .age."""
        write_atomic(self.writable(path), self._sealed(text, is_sealed(path)), exclusive=exclusive)

    def is_encrypted(self, item: Entry | Path) -> bool:
        """True for an entry or draft stored encrypted."""
        return is_sealed(item.file_path if isinstance(item, Entry) else item)

    @property
    def reading_locked(self) -> bool:
        """True when an encrypted file must not be opened now: a writing flow, still locked."""
        return not self.unlock_to_read and not self.keys.unlocked

    def writable(self, path: Path) -> Path:
        """The path, proven to lie inside the journal with no link among the folders between
        (reading follows no folder link, so an entry written through one would vanish). Raises
        OutsideJournal, an OSError, so that flows report it like any failed write."""
        from kjournal.journal.files import inside

        target = Path(os.path.normpath(os.path.abspath(path)))
        root = Path(os.path.normpath(os.path.abspath(self.root)))
        if not target.is_relative_to(root) or not inside(self.root, target):
            raise OutsideJournal(0, "lies outside the journal; nothing was written", str(path))
        folder = root
        for part in target.relative_to(root).parts[:-1]:
            folder = folder / part
            if folder.is_symlink():
                raise OutsideJournal(
                    0, "is a link to a folder, which kjournal does not write through", str(folder)
                )
        return target

    def raw_text(self, entry: Entry) -> str:
        """An entry's file as stored, for `kjournal show --raw` (read as text, so line endings
        are shown as newlines)."""
        return _read_text(entry.file_path, keys=self.keys)

    def check_is_a_folder(self) -> None:
        """Refuse a journal path that is a file: reading it would say the journal is empty,
        which is not true."""
        if self.root.exists() and not self.root.is_dir():
            raise KJournalError(
                f"{self.root} is not a folder, so it cannot be a journal: point KJOURNAL_HOME or "
                "--journal at a folder (kjournal makes it if it does not exist)"
            )

    def ensure_file(self, path: Path, text: str) -> bool:
        """Create a private file with text unless it exists; True if it was created."""
        try:
            self.write_text(path, text, exclusive=True)
        except FileExistsError:
            return False
        return True

    @property
    def safety_plan_file(self) -> Path:
        """The safety plan as stored: `safety-plan.md.age` once encrypted (a plain one left
        from before is still read until `kjournal encrypt` converts it)."""
        sealed = self.safety_plan_path.with_name(self.safety_plan_path.name + AGE_SUFFIX)
        if os.path.lexists(sealed) or (
            self.keys.encrypted and not os.path.lexists(self.safety_plan_path)
        ):
            return sealed
        return self.safety_plan_path

    def has_safety_plan(self) -> bool:
        return self.safety_plan_file.is_file()

    def read_safety_plan(self) -> str | None:
        path = self.safety_plan_file
        if path.is_symlink():
            raise KJournalError(
                f"{path}: is a link, which kjournal does not follow; "
                "keep the plan itself in the journal"
            )
        try:
            return self.read_text(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise KJournalError(f"{path}: cannot be read ({exc.strerror or exc})") from None

    def drafts(self) -> list[Draft]:
        """Every unfinished draft, newest first: the ones a flow resumes and the ones set aside."""
        found = []
        try:
            children = list(self.drafts_dir.iterdir())
        except OSError:
            return []
        for path in children:
            stem, suffix = split_name(path)
            edit = suffix in (".md", ".md.age") and path.name.startswith("edit-")
            if path.name.startswith(".") or not (suffix in (".yaml", ".yaml.age") or edit):
                continue
            try:
                info = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            named = _DRAFT_NAME.match(stem)
            set_aside = edit or named is None or bool(named.group("aside"))
            flow = "edit" if edit else named.group("flow") if named else stem
            modified = datetime.fromtimestamp(info.st_mtime).astimezone()
            found.append(Draft(path, flow, modified, set_aside))
        # A draft in both forms is a copy left by a stopped `kjournal encrypt` or `decrypt`:
        # offered once, in the form the journal's mode prefers (run again, the command
        # finishes it), so that the same answers are never resumed twice.
        names = {d.path.name for d in found}
        found = [d for d in found if twin_name(d.path.name) not in names or self._preferred(d.path)]
        return sorted(found, key=lambda d: d.modified, reverse=True)

    def _preferred(self, path: Path) -> bool:
        return is_sealed(path) == self.keys.encrypted

    def entry_paths(self) -> list[Path]:
        """Every `.md` file under entries/, at any depth, oldest name first (names start with the
        creation time). Hidden files (our temp files) are not entries."""
        return [path for _, _, path in self._entry_files([])]

    def _entry_files(self, skipped: list[EntryError]) -> list[tuple[str, str, Path]]:
        """(file name, full path, Path) of every entry file, sorted. Path.iterdir builds child
        paths without re-parsing them, several times faster than joining 10,000 names.

        A link to a folder is never followed (entries/ itself included), and is added to
        `skipped`: one could point at / or at an ancestor (a walk without end), or outside the
        journal, whose files are not this journal's entries. A folder that cannot be listed is
        added to `skipped` too."""
        found = []
        folders = [self.entries_dir]
        while folders:
            folder = folders.pop()
            try:
                if stat.S_ISLNK(os.lstat(folder).st_mode):
                    if os.path.isdir(folder):
                        skipped.append(EntryError(folder, "is a link to a folder (not followed)"))
                    continue
                children = list(folder.iterdir())
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                skipped.append(EntryError(folder, f"cannot be read ({os_reason(exc)})"))
                continue
            for child in children:
                name = child.name
                if name.startswith("."):
                    continue
                if name.endswith(".md") or name.endswith(".md.age"):
                    found.append((name, str(child), child))
                    continue
                with contextlib.suppress(OSError):
                    mode = os.lstat(child).st_mode  # few: the year and month folders
                    if stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and os.path.isdir(child)):
                        folders.append(child)  # a link is reported when its turn comes
        found.sort(key=lambda item: (item[0], item[1]))
        return found

    def scan(self) -> JournalScan:
        """Every entry's front matter (sections are not read: see with_bodies). A file that fails
        is recorded as a problem, never skipped silently. Parsed front matter comes from the
        cache while a file is unchanged; a cache with anything malformed in it is rebuilt from
        the files, with a notice."""
        if self.keys.encrypted and self.reading_locked:
            known = self._scan_from_index(strict=True)
            if known is not None:
                return known
            # Entries this device has not seen (synced, restored, edited elsewhere): their
            # session numbers are inside them, so the passphrase is needed, once. Without it
            # the person still writes: never blocked, only told.
            try:
                self.keys.identity("entries new to this device need it once, for session numbers")
            except Locked:
                partial = self._scan_from_index(strict=False)
                assert partial is not None
                notice = (
                    "some entries are new to this device and stay locked, so session numbers "
                    "may repeat; `kjournal doctor` finds any, once your journal is unlocked"
                )
                partial.notices.append(notice)
                self.notices.append(notice)
                return partial
        cache_usable = self._cache_usable()
        cache_file = self._cache_file()
        opener = (lambda data: self.keys.open(data, cache_file)) if is_sealed(cache_file) else None
        old, damaged = cache.load(cache_file, opener) if cache_usable else ({}, False)
        try:
            scan, fresh, changed = self._read_entries(old)
        except cache.CacheDamaged:
            damaged, old = True, {}
            scan, fresh, changed = self._read_entries(old)
        if not cache_usable:
            scan.problems.insert(0, EntryError(
                self.cache_path.parent,
                "is a link, not a folder (not followed); kjournal works without its cache, more "
                "slowly, until you remove the link",
            ))  # fmt: skip
        elif damaged:
            notice = (
                f"the cache in {self.cache_path.parent} was damaged; it has been rebuilt from "
                "your entries (nothing was lost)"
            )
            scan.notices.append(notice)
            self.notices.append(notice)
        if cache_usable and (damaged or changed or len(fresh) != len(old)):
            # A read-only journal still reads, just slower; so does one whose recipient is
            # missing (the cache is then not written at all, rather than written plain).
            with contextlib.suppress(OSError, KJournalError):
                sealer = self.keys.seal if is_sealed(cache_file) else None
                cache.save(cache_file, fresh, sealer)
                if sealer is not None:
                    cache.save_index(self.index_path, fresh)
        return scan

    def _cache_file(self) -> Path:
        """The front-matter cache: encrypted with the journal (it holds first lines and
        ratings). A plain one left from before encryption is removed on sight."""
        if not self.keys.encrypted:
            return self.cache_path
        with contextlib.suppress(OSError):
            if self._cache_usable() and stat.S_ISREG(os.lstat(self.cache_path).st_mode):
                os.unlink(self.cache_path)
        return self.cache_path.with_name(self.cache_path.name + AGE_SUFFIX)

    @property
    def index_path(self) -> Path:
        """The encrypted journal's session index: what a writing flow may know without the
        passphrase (see cache.save_index)."""
        return self.cache_path.with_name("sessions.json")

    def _scan_from_index(self, *, strict: bool) -> JournalScan | None:
        """The scan as far as a writing flow needs it, without decrypting anything: kinds,
        times, session numbers and links from the index. A file not in the index as it is now
        (new from elsewhere) makes it None when strict (only decrypting it can tell its
        session), and is left out otherwise."""
        index = cache.load_index(self.index_path)
        scan = JournalScan()
        prefix = len(str(self.entries_dir)) + 1
        for name, text_path, path in self._entry_files(scan.problems):
            try:
                info = os.stat(text_path)
                _check_regular(path, info.st_mode)
                if not is_sealed(name):  # plain, from before encryption: readable as it is
                    scan.entries.append(read_front_matter(path, text_path)[0])
                    continue
            except EntryError as exc:
                scan.problems.append(exc)
                continue
            except OSError as exc:
                scan.problems.append(EntryError(path, f"cannot be read ({os_reason(exc)})"))
                continue
            record = index.get(text_path[prefix:])
            if not isinstance(record, dict) or record.get("sig") != cache.signature(info):
                if strict:
                    return None
                continue
            entry = cache.entry_from_index(record, path)
            if entry is None:
                scan.unreadable_sessions.update(cache.index_sessions(record))
                continue
            scan.entries.append(entry)
        scan.entries.sort(key=lambda e: (e.created, e.id))
        return scan

    def _cache_usable(self) -> bool:
        """False when .cache is a link: writing through it could replace a file anywhere."""
        try:
            return not stat.S_ISLNK(os.lstat(self.cache_path.parent).st_mode)
        except OSError:
            return True  # missing: created on the first save

    def _read_entries(
        self, old: dict[str, Any]
    ) -> tuple[JournalScan, dict[str, dict[str, Any]], bool]:
        """The scan, the cache records it leaves and whether any changed; raises CacheDamaged
        if a record that matches its file is malformed."""
        scan = JournalScan()
        seen: dict[str, Path] = {}
        root = str(self.root.resolve())
        fresh: dict[str, dict[str, Any]] = {}
        prefix = len(str(self.entries_dir)) + 1
        changed = False
        files = self._entry_files(scan.problems)
        for twin, kept in self._conversion_twins(files):
            scan.notices.append(
                f"{twin} is also kept as {kept.name}, a copy left by an unfinished conversion; "
                f"run `kjournal {'encrypt' if self.keys.encrypted else 'decrypt'}` to finish it"
            )
        for name, text_path, path in files:
            try:
                stem = file_id(name)
                if stem in seen:
                    raise EntryError(path, f"has the same id as {seen[stem]} (left out)")
                info = os.lstat(text_path)
                if stat.S_ISLNK(info.st_mode):
                    if not os.path.realpath(text_path).startswith(root + os.sep):
                        raise EntryError(
                            path, "is a link to a file outside the journal (not followed)"
                        )
                    info = os.stat(text_path)
                _check_regular(path, info.st_mode)
                key = text_path[prefix:]
                cached = old.get(key)
                record = _cached_record(cached, path, cache.signature(info), text_path, self.keys)
                changed = changed or record is not cached
                fresh[key] = record
                if "error" in record:
                    problem, sessions = cache.error_from_record(record, path)
                    scan.unreadable_sessions.update(sessions)
                    raise problem
                scan.entries.append(cache.entry_from_record(record, path))
                seen[stem] = path
            except EntryError as exc:
                scan.problems.append(exc)
            except OSError as exc:
                scan.problems.append(EntryError(path, f"cannot be read ({os_reason(exc)})"))
        scan.entries.sort(key=lambda e: (e.created, e.id))
        return scan, fresh, changed

    def _conversion_twins(self, files: list[tuple[str, str, Path]]) -> list[tuple[Path, Path]]:
        """Take out of `files` the plain or encrypted twin of an entry that an interrupted
        `kjournal encrypt` or `decrypt` left (the same entry, both ways); the one the journal's
        mode prefers stays. Returns (twin, kept) pairs, so that they are told, not hidden."""
        by_name = {name: i for i, (name, _, _) in enumerate(files)}
        dropped: list[tuple[Path, Path]] = []
        drop: set[int] = set()
        for name, _, path in files:
            if not is_sealed(name) or (plain := by_name.get(plain_name(name))) is None:
                continue
            sealed_path, plain_path = path, files[plain][2]
            if plain_path.parent != sealed_path.parent:
                continue
            if self.keys.encrypted:
                drop.add(plain)
                dropped.append((plain_path, sealed_path))
            else:
                drop.add(by_name[name])
                dropped.append((sealed_path, plain_path))
        files[:] = [item for i, item in enumerate(files) if i not in drop]
        return dropped

    def with_bodies(
        self, entries: list[Entry], problems: list[EntryError] | None = None
    ) -> list[Entry]:
        """The same entries with their written answers read (only for what is shown). An answer
        part that cannot be read raises, or with `problems` is recorded there and the entry is
        kept with its front matter only."""
        loaded = []
        locked = self.keys.encrypted and self.reading_locked  # asked once, not per entry
        for entry in entries:
            if locked and is_sealed(entry.file_path):
                loaded.append(entry)  # a writing flow, locked: shown without its words
                continue
            try:
                loaded.append(entry if entry.body_loaded else _with_body(entry, keys=self.keys))
            except EntryError as exc:
                if problems is None:
                    raise
                problems.append(exc)
                loaded.append(entry)
        return loaded

    def grep(self, entries: list[Entry], needle: str, problems: list[EntryError]) -> list[Entry]:
        """Entries whose file contains needle (any case), with bodies read; the rest unread.
        A file that cannot be read in full is added to problems."""
        folded = needle.casefold()
        found = []
        for entry in entries:
            try:
                text = _read_text(entry.file_path, keys=self.keys)
            except EntryError as exc:
                problems.append(exc)
                continue
            if folded in text.casefold():
                found.append(_with_body(entry, text, keys=self.keys))
        return found

    def save_entry(self, entry: Entry) -> Path:
        """Write a new entry file; never overwrites, picks `-2`, `-3`, ... if the name is taken."""
        stamp = entry.created.strftime("%Y-%m-%dT%H%M")
        folder = self.entries_dir / f"{entry.created:%Y}" / f"{entry.created:%m}"
        self.writable(folder / "entry.md")
        suffix = self.suffix
        if not suffix and _holds_encrypted(folder):
            # Keys and this device's pin both gone (a sync, another home folder) beside
            # encrypted entries: never the moment to start writing plain.
            raise KJournalError(
                f"{folder} holds encrypted entries, but this journal's keys (.kjournal/) are "
                "missing, so nothing was written rather than write it unencrypted; `kjournal "
                "encrypt --help` and `kjournal passphrase --from-recovery-copy` restore them"
            )
        data = self._sealed(to_markdown(entry), bool(suffix))
        # A name is free only if neither its plain nor its encrypted form is taken: the two
        # would be read as one entry's twins.
        names = (
            folder / f"{stamp}-{entry.file_label()}{'' if n == 1 else f'-{n}'}.md{suffix}"
            for n in range(1, 1000)
        )
        free = (p for p in names if not os.path.lexists(p.with_name(twin_name(p.name))))
        first = next(free)
        if not os.path.lexists(first):
            try:
                write_atomic(first, data, exclusive=True)  # the usual case: the name is free
            except FileExistsError:
                pass  # taken a moment ago by another kjournal
            else:
                return self._saved(entry, first)
        try:  # written once, then linked to -2, -3, ... until a name is free
            path = write_to_first_free_name(free, data)
        except FileExistsError:
            raise KJournalError(f"{folder}: too many entries for the same minute") from None
        return self._saved(entry, path)

    def _saved(self, entry: Entry, path: Path) -> Path:
        entry.path = path
        if is_sealed(path) and self._cache_usable():  # a locked writing flow knows it next time
            with contextlib.suppress(OSError, ValueError):
                cache.remember_in_index(self.index_path, self.entries_dir, entry, path)
        return path

    def rewrite_entry(self, path: Path, entry: Entry) -> None:
        """Replace an entry this flow saved moments ago with a fuller version of itself (a
        questionnaire's follow-up answered after its scored items were saved)."""
        if not path.resolve().is_relative_to(self.entries_dir.resolve()):
            raise KJournalError(f"{path}: not an entry of this journal (left as is)")
        self.write_text(path, to_markdown(entry))
        self._saved(entry, path)

    @contextlib.contextmanager
    def lock(self, *, timeout: float = 10.0) -> Iterator[None]:
        """Hold the journal lock while numbering and saving.

        An flock on `.lock`: the kernel releases it when its holder dies, so a crashed kjournal
        never blocks the next one. The holder's pid is written inside; finding a pid still there
        on taking the lock means its owner died holding it, which is said in `notices`."""
        import fcntl

        make_private_dir(self.root)
        path = self.root / LOCK_NAME
        # No following a link: the lock is truncated on release, so a `.lock` link would empty
        # whatever file it points to.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise JournalBusy(
                            f"{path}: another kjournal is saving to this journal; "
                            "try again in a moment"
                        ) from None
                    time.sleep(0.01)
            previous = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            if previous:
                self.notices.append(
                    f"took over the journal lock left by process {previous}, which stopped "
                    "while saving; nothing was lost"
                )
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            _crash_point()
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing releases the flock

    # Drafts: the answers of a flow in progress, rewritten after every answer. Every run of a
    # flow has a draft of its own (two windows never share one), named by flow, start time and
    # a random token; nothing replaces a draft but the run that owns it.

    def new_draft_path(self, flow: str) -> Path:
        """A draft name no other run has: the flow, the time and a random token."""
        while True:
            path = self.drafts_dir / f"{flow}-{unique_stamp()}.yaml{self.suffix}"
            if not os.path.lexists(path):
                return path

    def flow_drafts(self, flow: str) -> list[Draft]:
        """The drafts a run of this flow may resume, newest first: not set aside, and not being
        written by a run still going on in another window."""
        return [
            d
            for d in self.drafts()
            if d.flow == flow and not d.set_aside and not self.draft_in_use(d.path)
        ]

    # A running flow holds an flock on a small lock file beside its draft, so that another
    # window can tell a live draft from one left by a closed terminal; the kernel drops the
    # lock when the process ends, however it ends.

    def _draft_lock(self, path: Path) -> Path:
        return path.with_name(f".{path.name}.lock")

    def hold_draft(self, path: Path) -> int | None:
        """Mark a draft as this run's while it runs; None when that cannot be done (a full disk
        costs only the marker, never the flow)."""
        import fcntl

        try:
            make_private_dir(self.drafts_dir)
            lock = self.writable(self._draft_lock(path))
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def release_draft(self, path: Path, fd: int | None) -> None:
        with contextlib.suppress(OSError):
            self._draft_lock(path).unlink()
        if fd is not None:
            os.close(fd)

    def draft_in_use(self, path: Path) -> bool:
        """True while another run holds this draft (its window is still open)."""
        import fcntl

        try:
            fd = os.open(self._draft_lock(path), os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        finally:
            os.close(fd)
        return False

    def save_draft(self, path: Path, data: dict[str, Any], *, new: bool = False) -> None:
        """Write a run's draft; `new` claims the name exclusively (the run's first write)."""
        from kjournal.journal.yamlio import dump_yaml

        self.write_text(path, dump_yaml(data), exclusive=new)

    def read_draft(self, path: Path) -> dict[str, Any] | None:
        """A draft's data, or None. An unreadable draft is set aside, never deleted. An
        encrypted one asks for the passphrase (Locked when it cannot be opened now: it is then
        left as it is, to resume once unlocked)."""
        try:
            text = self.read_text(path)
        except FileNotFoundError:
            return None
        except (OSError, EntryError):
            self.set_draft_aside(path)
            return None
        from kjournal.journal.yamlio import YAMLError, load_yaml

        try:
            data = load_yaml(text)
        except YAMLError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            self.set_draft_aside(path)
            return None
        return data

    def claim_draft(self, path: Path, flow: str) -> Path | None:
        """Take over a draft to resume it, under a new name of this run's own; None when another
        window took it first (a rename is atomic: only one of two can win)."""
        claimed = self.writable(self.new_draft_path(flow))
        if is_sealed(claimed) != is_sealed(path):  # never plain words under an .age name
            claimed = claimed.with_name(plain_name(claimed.name) + (AGE_SUFFIX * is_sealed(path)))
        try:
            move_exclusive(path, claimed)
        except FileNotFoundError:
            return None
        return claimed

    def set_draft_aside(self, path: Path) -> Path:
        """Keep a draft the person chose not to resume under a dated name of its own, out of
        the way; a set-aside draft never replaces another."""
        stem, suffix = split_name(path)
        flow = _DRAFT_NAME.match(stem)
        name = flow.group("flow") if flow else stem
        return move_to_a_new_name(
            path,
            lambda stamp: self.writable(path.with_name(f"{name}-set-aside-{stamp}{suffix}")),
        )

    def discard_draft(self, path: Path) -> None:
        """Remove a run's own draft once its entry is safely saved."""
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        _crash_point()


# A draft's name: flow, then `-set-aside` if set aside, then the time and token (a draft from
# earlier versions has neither: `intend.yaml`, `intend-set-aside-20261202T093000.yaml`).
_DRAFT_NAME = re.compile(
    r"^(?P<flow>[a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*?)(?P<aside>-set-aside)?"
    r"(?:-\d{8}T\d{6}(?:-[0-9a-f]{6})?)?$"
)


def _holds_encrypted(folder: Path) -> bool:
    try:
        return any(name.endswith(".md" + AGE_SUFFIX) for name in os.listdir(folder))
    except OSError:
        return False


def split_name(path: Path) -> tuple[str, str]:
    """A file's stem and its whole suffix, `.age` included: ('x', '.yaml.age')."""
    name = path.name
    sealed = is_sealed(name)
    inner = Path(plain_name(name))
    return inner.stem, inner.suffix + (AGE_SUFFIX if sealed else "")


def unique_stamp() -> str:
    """The time to the second and a random token: a part of a name two runs never share."""
    import secrets

    return f"{datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def move_to_a_new_name(source: Path, name_for: Callable[[str], Path]) -> Path:
    """Move a file holding a person's words to `name_for(unique_stamp())`, trying another stamp
    if that name is taken: it never replaces anything."""
    while True:
        target = name_for(unique_stamp())
        try:
            move_exclusive(source, target)
        except FileExistsError:
            continue
        return target


def move_exclusive(source: Path, target: Path) -> None:
    """Move a file to a name that must not exist yet: a hard link fails rather than replace."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno in (errno.ENOENT,):
            raise FileNotFoundError(exc.errno, exc.strerror, str(source)) from None
        if os.path.lexists(target):  # no hard links here: check, then rename
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.rename(source, target)
        return
    os.unlink(source)


def os_reason(exc: OSError) -> str:
    """What went wrong, in the system's words ('No space left on device')."""
    return exc.strerror or os.strerror(exc.errno or 0) or exc.__class__.__name__


def _check_regular(path: Path, mode: int) -> None:
    """Only regular files are opened: a FIFO would hang the command, a device could be anything."""
    if stat.S_ISDIR(mode):
        raise EntryError(path, "is a folder, not an entry file")
    if not stat.S_ISREG(mode):
        raise EntryError(path, "is not a regular file (a FIFO, socket or device); left unopened")


def _cached_record(
    record: Any, path: Path, signature: list[int], location: str, keys: Keys | None = None
) -> dict[str, Any]:
    """The cache record for a file, re-parsed if the file changed since it was cached."""
    if record is not None and not isinstance(record, dict):
        raise cache.CacheDamaged(path)  # kjournal writes mappings only: the file is not ours
    if record and record.get("sig") == signature:
        return record
    try:
        entry, plain = read_front_matter(path, location, keys)
    except EntryError as exc:
        sessions = sorted(_sessions_mentioned(path, keys))
        return {"sig": signature, "error": [exc.reason, exc.line], "sessions": sessions}
    return {"sig": signature, **cache.record_from_entry(entry, plain=plain)}


def _with_body(entry: Entry, text: str | None = None, keys: Keys | None = None) -> Entry:
    """Fill in an entry's title and sections from its file (front matter is already known)."""
    from dataclasses import replace

    if text is None:
        text = _read_text(entry.file_path, keys=keys)
    full = replace(entry, sections=[], body_loaded=True)
    _, body, _ = split_front_matter(text, entry.path or "<entry>")
    parse_body(full, body)
    return full


def read_front_matter(
    path: Path, location: str | None = None, keys: Keys | None = None
) -> tuple[Entry, bool]:
    """Read one entry's front matter, and whether it is plain JSON data apart from `created`.
    The answers below it are not read (nor checked) until something shows or searches them."""
    tail: list[bytes] = []
    text = _read_text(path, head_only=True, tail=tail, location=location, keys=keys)
    front, _, _ = split_front_matter(text, path)
    data, plain = read_front_matter_text(front, path)
    entry = entry_from_front_matter(data, path)
    entry.excerpt = excerpt(b"".join(tail))
    return entry, plain


def excerpt(body_start: bytes) -> str:
    """The first line of the first answer, from the start of the body (for one-line listings);
    display only, so an unreadable byte is replaced rather than reported here."""
    lines = body_start.decode("utf-8", errors="replace").split("\n")[:-1]  # drop a cut line
    for line in lines:
        stripped = line.strip()
        if stripped and not line.startswith("# ") and not line.startswith("## "):
            return stripped.removeprefix("\\")[:120]  # a listing line shows less than this
    return ""


def read_entry(path: Path, keys: Keys | None = None) -> Entry:
    """Read and parse one entry file; any failure becomes an EntryError naming the path."""
    return from_markdown(_read_text(path, keys=keys), path)


_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
_CLOSING = re.compile(rb"\n---[ \t]*\r?(?:\n|$)")
_HEAD_CHUNK = 8192


def _read_text(
    path: Path,
    *,
    head_only: bool = False,
    tail: list[bytes] | None = None,
    location: str | None = None,
    keys: Keys | None = None,
) -> str:
    """An entry file's text; with head_only, only as far as the end of its front matter (lists
    and trends need nothing more, and reading every answer of every entry is the slow part).
    An encrypted file (`.age`) is read whole and decrypted with `keys`."""
    sealed = is_sealed(location or path)
    limit = MAX_ENTRY_BYTES
    data = b""
    try:
        # `location` is the same path as text: turning 50,000 Paths into text costs seconds.
        # Non-blocking, and checked after opening: a FIFO put in an entry's place since it was
        # listed is refused, not waited on.
        fd = os.open(location or path, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            _check_regular(path, info.st_mode)
            size = info.st_size
            if size <= limit:
                sealed_head = head_only and not sealed
                data = _read_head(handle, tail) if sealed_head else handle.read(limit + 1)
    except IsADirectoryError:
        raise EntryError(path, "is a folder, not an entry file") from None
    except OSError as exc:
        raise EntryError(path, f"cannot be read ({os.strerror(exc.errno or 0)})") from None
    if size > limit or len(data) > limit:
        shown = max(size, len(data)) / 1024 / 1024
        raise EntryError(
            path, f"is too large to be an entry ({shown:.1f} MB; the limit is {limit // 2**20} MB)"
        )
    if sealed:
        data = _opened(data, path, keys)
        if head_only:  # what _read_head gives for a plain file: the front matter, then a tail
            closing = _CLOSING.search(data, 3)
            if closing:
                if tail is not None:
                    tail.append(data[closing.end() : closing.end() + 512])
                data = data[: closing.end()]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EntryError(path, f"is not UTF-8 text (byte {exc.start})", line) from None
    return text


def _opened(data: bytes, path: Path, keys: Keys | None) -> bytes:
    if keys is None:
        raise EntryError(path, "is encrypted, and this journal has no key to open it")
    try:
        return keys.open(data, path)
    except Unreadable as exc:
        raise EntryError(path, exc.reason) from None


def _read_head(handle: BinaryIO, tail: list[bytes] | None) -> bytes:
    data = handle.read(_HEAD_CHUNK)
    while True:
        closing = _CLOSING.search(data, 3)
        if closing:
            if tail is not None:
                tail.append(data[closing.end() :] + handle.read(512))
            return data[: closing.end()]
        more = handle.read(max(len(data), _HEAD_CHUNK))
        if not more or len(data) > MAX_ENTRY_BYTES:
            return data + more
        data += more


def _sessions_mentioned(path: Path, keys: Keys | None = None) -> set[int]:
    from kjournal.journal.files import read_regular_text

    try:
        if is_sealed(path):
            text = _read_text(path, keys=keys)
        else:
            text = read_regular_text(path, limit=MAX_ENTRY_BYTES)
    except (OSError, EntryError):
        return set()
    return {int(n) for n in _SESSION_LINE.findall(text[:4096]) if len(n) <= 15}
