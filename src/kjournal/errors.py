"""The one exception hierarchy that crosses from the core to the CLI."""

from __future__ import annotations

from pathlib import Path


class KJournalError(Exception):
    """Something the person should know or can fix; shown as one line, never as a traceback."""

    exit_code = 1


class UsageError(KJournalError):
    """A flag, argument or scripted answer is not valid."""

    exit_code = 2


class InvalidAnswer(UsageError):
    """An answer is outside what its prompt allows."""


class AnswersFileError(UsageError):
    """An --answers file cannot be read or does not fit the prompt set."""


class MissingAnswer(UsageError):
    """A required answer is missing and --no-input forbids asking for it."""


class ConfigError(KJournalError):
    """The config file cannot be read or has a bad value."""


class PromptSetError(KJournalError):
    """A prompt set file is missing or malformed."""


class SessionError(KJournalError):
    """The session asked for does not exist or cannot take this entry."""


class JournalBusy(KJournalError):
    """Another kjournal process is saving to this journal right now."""


class Locked(KJournalError):
    """The journal is encrypted and its key could not be unlocked here (no terminal to ask)."""

    exit_code = 77  # EX_NOPERM


class WrongPassphrase(Locked):
    """The passphrase typed or read does not open the journal's key."""


class SyncError(KJournalError):
    """A sync step failed; the journal on this device is untouched and still usable."""


class SyncNotSetUp(SyncError):
    """Sync was asked for, but this journal is not set up for it (`kjournal sync --setup`)."""


class GitMissing(SyncError):
    """The git program is not installed; names what to install."""

    exit_code = 69  # EX_UNAVAILABLE in sysexits.h: a program kjournal needs is missing


class SyncUnreachable(SyncError):
    """The remote could not be reached (offline, a drive not plugged in); the next sync retries."""

    exit_code = 75  # EX_TEMPFAIL: try again later


class SyncRefused(SyncError):
    """The remote answered but refused (permission, authentication, a rejected push)."""

    exit_code = 76  # EX_PROTOCOL: the remote said no (77 is a locked journal)


class Interrupted(KJournalError):
    """The person stopped a flow; their answers so far are kept as a draft (or shown)."""

    exit_code = 130

    def __init__(self, message: str, unsaved_text: str | None = None, risk: bool = False) -> None:
        super().__init__(message)
        self.unsaved_text = unsaved_text  # the answers, when no draft could be written
        self.risk = risk  # a risk answer was saved in this run: the lines are repeated


class SaveFailed(KJournalError):
    """The journal could not be written; says where the answers are kept, or shows them."""

    exit_code = 1

    def __init__(self, message: str, unsaved_text: str | None = None) -> None:
        super().__init__(message)
        self.unsaved_text = unsaved_text  # the answers, when no draft could be written either


class Cancelled(KJournalError):
    """The person chose not to go on; nothing was written."""


class EntryError(KJournalError):
    """An entry file cannot be read; names the file, the line and the reason, never its content."""

    def __init__(self, path: Path | str, reason: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {reason}")
