"""Check a whole journal and mend what is safe to mend; never touches what anybody wrote."""

from __future__ import annotations

import contextlib
import os
import stat
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kjournal.store import DIR_MODE, FILE_MODE, LOCK_NAME, TEMP_PREFIX, Journal

STALE_DRAFT_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Finding:
    """One thing that needs attention. `fix` says what --fix would do, or "" if it must not."""

    kind: str
    path: Path
    message: str
    fix: str = ""


def examine(journal: Journal, now: datetime | None = None) -> list[Finding]:
    """Every finding, in a stable order: unreadable entries, broken session links, drafts,
    permissions, leftover temp files, a stale lock."""
    now = now or datetime.now().astimezone()
    if not journal.root.exists():
        return []
    scan = journal.scan()
    findings = [
        Finding("unreadable", p.path, f"{p.reason}" + (f" (line {p.line})" if p.line else ""))
        for p in scan.problems
    ]
    findings += _session_links(scan.entries)
    findings += _drafts(journal, now)
    findings += _config()
    findings += _permissions(journal.root)
    findings += _temp_files(journal.root)
    findings += _stale_lock(journal.root)
    return findings


def _session_links(entries: list) -> list[Finding]:
    found = []
    intentions = Counter(e.session for e in entries if e.kind == "intention")
    for entry in entries:
        if entry.kind == "integration" and entry.session not in intentions:
            found.append(Finding(
                "session-link", entry.path,
                f"reflection for session {entry.session}, which has no intention entry",
            ))  # fmt: skip
        if entry.kind == "intention" and intentions[entry.session] > 1:
            found.append(Finding(
                "session-link", entry.path,
                f"session {entry.session} has {intentions[entry.session]} intention entries",
            ))  # fmt: skip
    return found


def _config() -> list[Finding]:
    """A config file that does not load: every command warns and uses the defaults."""
    from kjournal.config import config_path, load_config
    from kjournal.errors import ConfigError

    try:
        load_config()
    except ConfigError as exc:
        return [Finding("config", config_path(), f"{exc}; the defaults are used until it is fixed")]
    return []


def _drafts(journal: Journal, now: datetime) -> list[Finding]:
    """Every unfinished draft, whatever its age: answers waiting in drafts/ are never invisible."""
    found = []
    for draft in journal.drafts():
        ago, age = draft.ago(now), draft.age(now)
        if draft.flow == "edit":
            found.append(Finding(
                "edit-kept-aside", draft.path,
                f"an edit kept aside {ago} because it did not parse or the editor failed; "
                "copy what you need into the entry, then delete the file yourself",
            ))  # fmt: skip
        elif draft.set_aside:
            found.append(Finding(
                "set-aside-draft", draft.path,
                f"unfinished answers you chose not to resume, {age} old; read them, then delete "
                "the file yourself when you no longer need it",
            ))  # fmt: skip
        else:
            flow = draft.flow.replace("-", " ")
            kind = "old-draft" if now - draft.modified > STALE_DRAFT_AGE else "unfinished-draft"
            found.append(Finding(
                kind, draft.path,
                f"unfinished answers from {ago}; `kjournal {flow}` resumes them",
            ))  # fmt: skip
    return found


def _permissions(root: Path) -> list[Finding]:
    found = []
    for folder, dirs, files in os.walk(root):
        entries = [(d, DIR_MODE) for d in sorted(dirs)] + [(f, FILE_MODE) for f in sorted(files)]
        for name, wanted in entries:
            path = Path(folder, name)
            if name.startswith(TEMP_PREFIX):
                continue  # reported, and deleted by --fix, as a temp file
            with contextlib.suppress(FileNotFoundError):
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    continue
                if stat.S_IMODE(info.st_mode) & ~wanted:
                    found.append(Finding(
                        "permissions", path,
                        f"readable by others (mode {stat.S_IMODE(info.st_mode):o})",
                        f"set mode {wanted:o}",
                    ))  # fmt: skip
    root_mode = stat.S_IMODE(root.stat().st_mode)
    if root_mode & ~DIR_MODE:
        found.insert(0, Finding(
            "permissions", root, f"readable by others (mode {root_mode:o})",
            f"set mode {DIR_MODE:o}",
        ))  # fmt: skip
    return found


def _temp_files(root: Path) -> list[Finding]:
    found = []
    for path in sorted(root.rglob(f"{TEMP_PREFIX}*")):
        pid = path.name.removeprefix(TEMP_PREFIX).split("-")[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # a kjournal saving right now
        found.append(Finding(
            "temp-file", path, "left by a kjournal that stopped while saving", "delete it"
        ))  # fmt: skip
    return found


def _stale_lock(root: Path) -> list[Finding]:
    path = root / LOCK_NAME
    try:
        owner = path.read_text().strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return []
    if not owner or (owner.isdigit() and _alive(int(owner))):
        return []
    return [Finding("stale-lock", path, f"left by process {owner}, which stopped", "clear it")]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != 0


def fix(journal: Journal, findings: list[Finding]) -> list[Finding]:
    """Do the safe fixes (permissions, temp files, stale lock); return the findings fixed."""
    fixed = []
    for finding in findings:
        if not finding.fix:
            continue
        with contextlib.suppress(FileNotFoundError):
            if finding.kind == "permissions":
                os.chmod(finding.path, DIR_MODE if finding.path.is_dir() else FILE_MODE)
            elif finding.kind == "temp-file":
                finding.path.unlink()
            elif finding.kind == "stale-lock":
                with journal.lock(timeout=1):  # taking the lock clears the stale owner
                    pass
            fixed.append(finding)
    return fixed
