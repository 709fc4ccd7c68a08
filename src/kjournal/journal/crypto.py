"""Encryption at rest in the open age format (age-encryption.org/v1), through pyrage.

An encrypted journal keeps two small files in `.kjournal/`: `recipient.txt`, the public key
every write encrypts to (so writing never needs the passphrase), and `identity.age`, the secret
key wrapped with the person's passphrase in age's own scrypt format (so `age -d -i identity.age`
opens any entry without kjournal). Reading unlocks the identity once; it may then be kept for a
while, only in memory-backed per-user storage (the runtime folder on tmpfs), never on the
journal's disk. pyrage is imported only here, and only when a file is encrypted or opened."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kjournal.errors import KJournalError, Locked, WrongPassphrase
from kjournal.journal.files import make_private_dir, remove_dead_temp_files, write_atomic

if TYPE_CHECKING:
    from kjournal.journal.paths import JournalPaths

AGE_SUFFIX = ".age"
KEEP_MINUTES = 15  # how long an unlocked identity is kept by default
MAX_KEY_FILE_BYTES = 64 * 1024
RUNTIME_ENV = "XDG_RUNTIME_DIR"
_MEMORY_FILESYSTEMS = frozenset(("tmpfs", "ramfs"))

# Asks the person for the passphrase; the text says why it is needed, and `again` that the last
# one did not open the key. Raises Locked when no one can be asked (no terminal, no passphrase
# file) or nothing was typed (the person chose to go on without unlocking).
AskPassphrase = Callable[[str, bool], str]
TRIES = 3  # typed passphrases: a slip is not an exit


def is_sealed(path: Path | str) -> bool:
    """True for a file kjournal encrypted (its name ends in `.age`)."""
    return str(path).endswith(AGE_SUFFIX)


def plain_name(name: str) -> str:
    """The name without `.age`: `x.md.age` -> `x.md`."""
    return name.removesuffix(AGE_SUFFIX)


def twin_name(name: str) -> str:
    """The same file's name in its other form: `x.md` <-> `x.md.age` (a path's text works too:
    the suffix is at its end)."""
    return plain_name(name) if is_sealed(name) else name + AGE_SUFFIX


class Keys:
    """A journal's age keys: the recipient writes encrypt to, and the identity reading needs,
    unlocked at most once per command (or found still unlocked in the runtime folder).

    `pin_folder` (outside the journal, per device) remembers the recipient this device last
    trusted: recipient.txt is in the journal folder, so without the pin anyone able to write
    there could have every later entry encrypted to their own key."""

    def __init__(
        self,
        paths: JournalPaths,
        ask: AskPassphrase | None = None,
        keep_minutes: float | Callable[[], float] = KEEP_MINUTES,
        pin_folder: Path | None = None,
    ) -> None:
        self.folder = paths.root / ".kjournal"
        self.recipient_path = self.folder / "recipient.txt"
        self.identity_path = self.folder / "identity.age"
        self.ask = ask
        self.keep_minutes = keep_minutes
        self.pin_folder = pin_folder
        # Whether an identity unlocked here is kept for others (not when a script gave the
        # passphrase); a key kept by an earlier command is used either way.
        self.keep_new = True
        self._identity: Any = None
        self._recipient: Any = None
        self._swept = False  # the runtime folder, of temp files killed kjournals left

    # The journal's mode: encrypted from the moment recipient.txt exists, and still while
    # identity.age or this device's pin remains: recipient.txt going missing (a sync that
    # deleted it, a slip) must stop writes, never turn them plain (see recipient()).

    @property
    def encrypted(self) -> bool:
        return self.has_recipient or self.has_identity or self._pinned() is not None

    @property
    def has_recipient(self) -> bool:
        return os.path.lexists(self.recipient_path)

    @property
    def has_identity(self) -> bool:
        return os.path.lexists(self.identity_path)

    def recipient(self) -> Any:
        """The public key every write encrypts to, checked against this device's pin."""
        if self._recipient is None:
            from pyrage import RecipientError, x25519

            if not self.has_recipient:
                raise KJournalError(
                    f"{self.recipient_path} is missing, though this journal is encrypted (its "
                    "key or this computer says so), so nothing was written rather than write it "
                    "unencrypted. `kjournal encrypt` puts it back; if encryption was turned off "
                    "on another device, `kjournal decrypt` here says so"
                )
            text = self.recipient_text(strict=True)
            try:
                recipient = x25519.Recipient.from_str(text)
            except RecipientError:
                raise KJournalError(
                    f"{self.recipient_path}: is not an age recipient (age1...); nothing was written"
                ) from None
            pinned = self._pinned()
            if pinned is None:
                self._pin(text)  # first use on this device: trusted from now on
            elif pinned != text and not self._matches_identity(text):
                raise KJournalError(
                    f"{self.recipient_path} changed since this computer last wrote to this "
                    "journal, so new entries could go to someone else's key; nothing was "
                    "written. If you made a new key yourself, open your journal once "
                    "(`kjournal list`) and writing works again"
                )
            self._recipient = recipient
        return self._recipient

    def seal(self, data: bytes) -> bytes:
        """Encrypt to the journal's recipient (needs no passphrase)."""
        import pyrage

        return bytes(pyrage.encrypt(data, [self.recipient()]))

    def open(self, data: bytes, path: Path) -> bytes:
        """Decrypt an age file of this journal; raises Unreadable when it was modified, cut
        short or made for another key (age is authenticated: a changed byte is caught)."""
        import pyrage

        identity = self.identity("to open your journal")
        try:
            return bytes(pyrage.decrypt(data, [identity]))
        except pyrage.DecryptError as exc:
            raise Unreadable(_decrypt_reason(str(exc))) from None

    # The identity: in memory, else the runtime folder, else unlocked with the passphrase.

    @property
    def unlocked(self) -> bool:
        """True when reading needs no passphrase now (unlocked here or kept in memory); a kept
        one found is held, so the runtime folder is read once, not at every question."""
        if self._identity is None:
            self._identity = self._kept_identity()
        return self._identity is not None

    def identity(self, why: str = "to open your journal") -> Any:
        if self._identity is None:
            self._identity = self._kept_identity()
        if self._identity is None:
            self._identity = self.unlock(why)
        return self._identity

    def unlock(self, why: str) -> Any:
        """Ask for the passphrase (up to TRIES times), open the identity with it, check it
        against recipient.txt, and keep it for keep_minutes where memory-backed storage
        exists."""
        wrapped = _read_key_file(self.identity_path, binary=True)
        if not wrapped.startswith(_PASSPHRASE_HEADER):
            raise KJournalError(
                f"{self.identity_path} is damaged (it is not an age file locked with a "
                "passphrase); nothing was read or changed. Your recovery copy can replace it: "
                "kjournal passphrase --from-recovery-copy FILE"
            )
        if self.ask is None:
            raise Locked(
                "this journal is encrypted and locked; run the command in a terminal to type "
                "your passphrase, or pass --passphrase-file FILE"
            )
        identity: Any = None
        for attempt in range(TRIES):
            passphrase = self.ask(why, attempt > 0)
            try:
                identity = identity_from_wrapped(wrapped, passphrase, self.identity_path)
                break
            except WrongPassphrase:
                if attempt == TRIES - 1:
                    raise
        recipient = self.recipient_text()
        if recipient and str(identity.to_public()) != recipient:
            # Writes go to recipient.txt: one that is not this key's public half (replaced,
            # by mistake or by someone else) would make entries this key cannot open.
            raise KJournalError(
                f"{self.recipient_path} is not the public half of your key, so new entries "
                "would be encrypted to someone else's key; restore it with `kjournal encrypt` "
                "after removing it (nothing was read or changed)"
            )
        if recipient:
            self._pin(recipient)  # the key proves it: a new key of one's own is trusted
        self._identity = identity
        self.keep(identity)
        return identity

    def use_identity(self, identity: Any) -> None:
        """Use an identity already unlocked (a new one, or from a recovery copy)."""
        self._identity = identity
        self._pin(str(identity.to_public()))

    def forget(self) -> int:
        """Remove every key of this journal kept in the runtime folder (an earlier key's too),
        and any expired key; returns how many of this journal's were removed."""
        self._identity = None
        folder = memory_folder()
        if folder is None:
            return 0
        _sweep_expired(folder)
        removed = 0
        for path in folder.glob(f"unlocked-{self._journal_digest()}-*"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed += 1
        return removed

    def _journal_digest(self) -> str:
        journal = os.path.realpath(self.folder.parent)
        return hashlib.sha256(journal.encode()).hexdigest()[:24]

    def _kept_path(self) -> Path | None:
        folder = memory_folder()
        if folder is None:
            return None
        if not self._swept:
            self._swept = True
            _remove_dead_temp_files(folder)
        # One file per journal and key: a kept identity never opens another journal.
        key = hashlib.sha256(self.recipient_text().encode()).hexdigest()[:12]
        return folder / f"unlocked-{self._journal_digest()}-{key}"

    def recipient_text(self, *, strict: bool = False) -> str:
        """recipient.txt's text, or "" when it cannot be read (strict: an error saying why)."""
        if strict:
            return str(_read_key_file(self.recipient_path)).strip()
        with contextlib.suppress(OSError, KJournalError):
            return str(_read_key_file(self.recipient_path)).strip()
        return ""

    def _minutes(self) -> float:
        return self.keep_minutes() if callable(self.keep_minutes) else self.keep_minutes

    def _kept_identity(self) -> Any:
        """The identity kept by an earlier command, if it has not expired (nor been turned off
        since: unlock_minutes 0 forgets a kept one)."""
        path = self._kept_path()
        if path is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                return None
            text = os.read(fd, 4096).decode("ascii", "replace")
        finally:
            os.close(fd)
        expires, _, secret = text.partition("\n")
        if _expired(expires) or self._minutes() <= 0:
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        from pyrage import IdentityError, x25519

        try:
            identity = x25519.Identity.from_str(secret.strip())
        except IdentityError:
            return None
        if str(identity.to_public()) != self.recipient_text():
            return None  # the key changed (decrypt, encrypt again): this one is stale
        return identity

    def keep(self, identity: Any) -> None:
        """Keep the unlocked identity for keep_minutes in memory-backed storage, if any."""
        minutes = self._minutes()
        if minutes <= 0 or not self.keep_new:
            return
        path = self._kept_path()
        if path is None:
            return
        _sweep_expired(path.parent)
        expires = time.time() + minutes * 60
        with contextlib.suppress(OSError):
            write_atomic(path, f"{expires:.0f}\n{identity}\n")

    # The pin: the recipient this device trusts, outside the journal folder.

    def _pin_path(self) -> Path | None:
        if self.pin_folder is None:
            return None
        return self.pin_folder / self._journal_digest()

    def _pinned(self) -> str | None:
        path = self._pin_path()
        if path is None or not os.path.lexists(path):
            return None
        try:
            return str(_read_key_file(path)).strip() or None
        except KJournalError:
            return None

    def unpin(self) -> None:
        """This device no longer expects the journal encrypted (`kjournal decrypt`)."""
        path = self._pin_path()
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _pin(self, recipient: str) -> None:
        path = self._pin_path()
        if path is not None and self._pinned() != recipient:
            with contextlib.suppress(OSError):
                make_private_dir(path.parent)
                write_atomic(path, f"{recipient}\n")

    def _matches_identity(self, recipient: str) -> bool:
        """True when an unlocked identity proves this recipient (then it is pinned)."""
        identity = self._identity or self._kept_identity()
        if identity is not None and str(identity.to_public()) == recipient:
            self._pin(recipient)
            return True
        return False


_PASSPHRASE_HEADER = b"age-encryption.org/v1\n-> scrypt "


def _expired(expires: str) -> bool:
    try:
        return float(expires) < time.time()
    except ValueError:
        return True


def _sweep_expired(folder: Path) -> None:
    """Remove kept keys whose time is up, whoever's journal they open."""
    with contextlib.suppress(OSError):
        for path in folder.glob("unlocked-*"):
            with contextlib.suppress(OSError):
                with open(path, "rb") as handle:
                    first = handle.readline(64).decode("ascii", "replace")
                if _expired(first):
                    path.unlink()


def _remove_dead_temp_files(folder: Path) -> None:
    """A kjournal killed while keeping an identity leaves its temp file, the secret key in it,
    in the runtime folder, where nothing expires it: removed once its writer is gone."""
    with contextlib.suppress(OSError):
        remove_dead_temp_files(folder)


class Unreadable(Exception):
    """An age file that does not decrypt: modified, truncated or made for another key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _decrypt_reason(detail: str) -> str:
    low = detail.lower()
    if "no matching keys" in low or "no identity" in low:
        return "is encrypted with another key, not this journal's, so it cannot be opened"
    return "is damaged or was changed outside kjournal, so it cannot be opened"


def new_identity() -> Any:
    from pyrage import x25519

    return x25519.Identity.generate()


def identity_from_text(text: str, source: Path) -> Any:
    """An identity from a recovery copy (an age key file: comments and AGE-SECRET-KEY-1...)."""
    from pyrage import IdentityError, x25519

    for line in text.splitlines():
        if line.strip().startswith("AGE-SECRET-KEY-1"):
            try:
                return x25519.Identity.from_str(line.strip())
            except IdentityError:
                break
    raise KJournalError(f"{source}: holds no age identity (a line AGE-SECRET-KEY-1...)")


def wrap_identity(identity: Any, passphrase: str) -> bytes:
    """The identity as an age key file, encrypted with the passphrase (age's scrypt format)."""
    import pyrage

    return bytes(pyrage.passphrase.encrypt(identity_file_text(identity).encode(), passphrase))


def identity_file_text(identity: Any) -> str:
    """An age key file, as `age-keygen` writes one: `age -d -i FILE` reads it."""
    return (
        f"# kjournal journal key, created {time.strftime('%Y-%m-%dT%H:%M:%S%z')}\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    )


def identity_from_wrapped(wrapped: bytes, passphrase: str, source: Path) -> Any:
    import pyrage

    try:
        text = bytes(pyrage.passphrase.decrypt(wrapped, passphrase)).decode("utf-8", "replace")
    except pyrage.DecryptError:
        raise WrongPassphrase(
            "that passphrase does not open this journal's key; nothing was read or changed"
        ) from None
    return identity_from_text(text, source)


def write_key_files(paths: JournalPaths, identity: Any, passphrase: str) -> None:
    """Write identity.age, then recipient.txt: the journal is encrypted from that moment. The
    order matters: a recipient without its identity would make entries no one can open."""
    keys = Keys(paths)
    make_private_dir(keys.folder)
    write_atomic(keys.identity_path, wrap_identity(identity, passphrase))
    write_atomic(keys.recipient_path, f"{identity.to_public()}\n")


def memory_folder() -> Path | None:
    """The per-user folder for an unlocked identity: `$XDG_RUNTIME_DIR/kjournal`, only when the
    runtime folder is ours, private and on a memory filesystem (nothing reaches a disk)."""
    base = os.environ.get(RUNTIME_ENV)
    if not base or not os.path.isabs(base):
        return None
    try:
        info = os.stat(base)
    except OSError:
        return None
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        return None
    if filesystem_type(base) not in _MEMORY_FILESYSTEMS:
        return None
    folder = Path(base) / "kjournal"
    try:
        make_private_dir(folder)
        made = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(made.st_mode) or made.st_uid != os.getuid():
        return None
    return folder


@functools.lru_cache(maxsize=8)
def filesystem_type(path: str) -> str | None:
    """The type of the filesystem holding path (Linux: from /proc/self/mountinfo); asked once
    per path and process."""
    real = os.path.realpath(path)
    best, kind = "", None
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields, _, tail = line.partition(" - ")
                parts = fields.split()
                if len(parts) < 5 or not tail:
                    continue
                point = parts[4].replace("\\040", " ")
                inside = real == point or real.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, tail.split()[0]
    except OSError:
        return None
    return kind


def _read_key_file(path: Path, *, binary: bool = False) -> Any:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise KJournalError(
            f"{path} is missing, so this journal's entries cannot be opened here; restore it "
            "from your recovery copy with `kjournal passphrase --from-recovery-copy FILE`"
        ) from None
    except OSError as exc:
        raise KJournalError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KEY_FILE_BYTES:
            raise KJournalError(f"{path}: is not a key file kjournal wrote")
        data = os.read(fd, MAX_KEY_FILE_BYTES)
    finally:
        os.close(fd)
    return data if binary else data.decode("utf-8", "replace")
