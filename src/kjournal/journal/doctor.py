"""Check a whole journal and mend what is safe to mend; never touches what anybody wrote."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kjournal.errors import EntryError
from kjournal.journal.entry import Entry
from kjournal.journal.files import DIR_MODE, FILE_MODE, TEMP_PREFIX, process_alive
from kjournal.journal.store import LOCK_NAME, Journal

STALE_DRAFT_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Finding:
    """One thing worth knowing. `fix` says what --fix would do, or "" if it must not; a finding
    that is only information (answers waiting in a draft of today) does not fail doctor."""

    kind: str
    path: Path
    message: str
    fix: str = ""
    attention: bool = True


# What kjournal makes in a journal folder (DESIGN.md): doctor looks at these only. Anything else
# (a .git folder when the journal is synced, a README the person keeps there) is not kjournal's:
# its permissions are its owner's business, and --fix must never make a git hook non-executable.
OWN_NAMES = (
    "entries", "drafts", "prompts", "trash", ".cache", ".kjournal", "safety-plan.md",
    "safety-plan.md.age", LOCK_NAME,
)  # fmt: skip
SKIPPED_FOLDERS = (".git",)  # never looked into, wherever they are


def examine(
    journal: Journal,
    now: datetime | None = None,
    config_problem: tuple[Path, str] | None = None,
) -> list[Finding]:
    """Every finding, in a stable order: unreadable entries, answers that cannot be shown,
    entries that share a short id, files that look like entries but are not read, a rebuilt
    cache, broken session links, drafts, the config file (its problem found by the caller,
    since the config lies above the journal), permissions, leftover temp files, a stale lock."""
    now = now or datetime.now().astimezone()
    if not journal.root.exists():
        return []
    scan = journal.scan()
    findings = [
        Finding(
            "link" if p.reason.startswith("is a link") else "unreadable",
            p.path,
            f"{p.reason}" + (f" (line {p.line})" if p.line else ""),
        )
        for p in scan.problems
    ]
    own = _own_paths(journal.root)
    findings += _unreadable_answers(journal, scan.entries)
    findings += _shared_short_ids(scan.entries)
    findings += _not_read(journal, own)
    findings += [Finding("cache", journal.cache_path.parent, n) for n in scan.notices]
    findings += _session_links(scan.entries)
    findings += _drafts(journal, now)
    findings += _config(config_problem)
    findings += _permissions(journal.root, own)
    findings += _temp_files(journal.root, own)
    findings += _stale_lock(journal.root)
    findings += _plain_in_encrypted(journal)
    findings += _sync(journal.root)
    return findings


def _sync(root: Path) -> list[Finding]:
    """What a sync left for the person: each conflict copy (two devices changed one file; both
    versions kept), and a sync that stopped halfway (the next `kjournal sync` finishes it)."""
    from kjournal.journal import sync

    found = [
        Finding(
            "conflict-copy",
            path,
            "one of two versions of an entry changed on two devices (which device's is not "
            "known here); compare it with the file of the same name without the conflict "
            "part, keep one, delete the other (both stay in the sync history)",
        )
        for path in sync.conflict_copies(root)
    ]
    if sync.interrupted(root):
        found.append(Finding(
            "sync", root / ".git",
            "a sync stopped halfway through a merge; `kjournal sync` finishes it",
        ))  # fmt: skip
    return found


def _plain_in_encrypted(journal: Journal) -> list[Finding]:
    """Words kept as plain text in an encrypted journal: left from before encryption, copied in
    by hand, or a conversion that stopped. `kjournal encrypt` converts them."""
    if not journal.keys.encrypted:
        return []
    from kjournal.journal.convert import word_files

    missing = [] if journal.keys.has_recipient else [Finding(
        "key", journal.keys.recipient_path,
        "is missing, so nothing can be written: `kjournal encrypt` puts it back (or, if "
        "encryption was turned off on another device, `kjournal decrypt` here)",
    )]  # fmt: skip
    return missing + [
        Finding(
            "plain-text",
            path,
            "is plain text in an encrypted journal; `kjournal encrypt` encrypts it",
        )
        for path in word_files(journal, sealed=False)
    ]


def _own_paths(root: Path) -> list[tuple[Path, bool]]:
    """(path, is a folder) of everything kjournal made or keeps in the journal, links not
    followed, .git never entered, the root's own temp files included."""
    found: list[tuple[Path, bool]] = []
    try:
        names = sorted(os.listdir(root))
    except OSError:
        return found
    pending = [
        Path(root, name)
        for name in reversed(names)
        if name in OWN_NAMES or name.startswith(TEMP_PREFIX)
    ]
    while pending:  # a stack, children pushed in reverse: name order, folder by folder
        path = pending.pop()
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        is_dir = stat.S_ISDIR(info.st_mode)
        found.append((path, is_dir))
        if is_dir:
            with contextlib.suppress(OSError):
                children = sorted(os.listdir(path))
                pending += [path / c for c in reversed(children) if c not in SKIPPED_FOLDERS]
    return found


def _unreadable_answers(journal: Journal, entries: list[Entry]) -> list[Finding]:
    """Entries whose front matter reads but whose answers do not (bytes that are not UTF-8):
    lists and trends work, `show` and `search` cannot; only reading every file finds them."""
    problems: list[EntryError] = []
    journal.with_bodies(entries, problems)
    return [
        Finding(
            "unreadable-text",
            p.path,
            f"the file {p.reason}" + (f" (line {p.line})" if p.line else "") + ": `show`, "
            "`search` and exports cannot read its answers; re-save it as UTF-8 in your editor",
        )
        for p in problems
    ]


# The names kjournal gives entries (Journal.save_entry): time, kind or questionnaire ids, and -2,
# -3 for a minute already taken. A copy made by another app has a name of its own shape
# ("... 1.md" from Obsidian, "... copy.md", "... (conflicted copy).md").
_OWN_NAME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{4}-[a-z][a-z0-9_]*(?:-[a-z][a-z0-9_]*)*(?:-\d+)?")


def _shared_short_ids(entries: list[Entry]) -> list[Finding]:
    """Copies made outside kjournal that share a short id with an entry: `show`, `edit` and
    `delete` then ask for the file name, and figures count the entry twice. Entries kjournal
    itself named alike (two questionnaires saved in the same minute) are not copies."""
    from kjournal.journal.entry import short_id

    by_id: dict[str, list[Entry]] = {}
    for entry in entries:
        by_id.setdefault(short_id(entry), []).append(entry)
    found = []
    for sid, group in by_id.items():
        if len(group) < 2:
            continue
        for entry in group:
            if _OWN_NAME.fullmatch(entry.id):
                continue
            other = next(e for e in group if e is not entry)
            found.append(Finding(
                "same-short-id", entry.file_path,
                f"has the same short id {sid} as {other.path}, and a name kjournal does not "
                "give: a copy? Keep one (`show`, `edit` and `delete` ask for the file name "
                "until then; figures count both)",
            ))  # fmt: skip
    return found


def _not_read(journal: Journal, own: list[tuple[Path, bool]]) -> list[Finding]:
    """Files under entries/ that look like entries but are not read: only names ending in
    `.md` (lower case) are entries, so `x.MD` or `x.markdown` from another app would be
    silently missing from every list and figure."""
    found = []
    for path, is_dir in own:
        if is_dir or not path.is_relative_to(journal.entries_dir):
            continue
        suffix = path.suffix.lower()
        if path.name.startswith(".") or path.suffix == ".md" or path.name.endswith(".md.age"):
            continue
        if suffix in (".md", ".markdown", ".mdown", ".mkd"):
            found.append(Finding(
                "not-read", path,
                "kjournal reads only files whose names end in .md (lower case); rename it to "
                "include it",
            ))  # fmt: skip
    return found


def _session_links(entries: list[Entry]) -> list[Finding]:
    found = []
    from kjournal.journal.entry import is_conflict_copy

    entries = [e for e in entries if not is_conflict_copy(e.id)]  # reported as copies
    intentions = Counter(e.session for e in entries if e.kind == "intention")
    for entry in entries:
        if entry.kind == "integration" and entry.session not in intentions:
            found.append(Finding(
                "session-link", entry.file_path,
                f"reflection for session {entry.session}, which has no intention entry",
            ))  # fmt: skip
        if entry.kind == "intention" and intentions[entry.session] > 1:
            found.append(Finding(
                "session-link", entry.file_path,
                f"session {entry.session} has {intentions[entry.session]} intention entries",
            ))  # fmt: skip
    return found


def _config(problem: tuple[Path, str] | None) -> list[Finding]:
    """A config file that does not load: every command warns and uses the defaults."""
    if problem is None:
        return []
    path, reason = problem
    return [Finding("config", path, f"{reason}; the defaults are used until it is fixed")]


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
            old = now - draft.modified > STALE_DRAFT_AGE
            found.append(Finding(
                "old-draft" if old else "unfinished-draft", draft.path,
                f"unfinished answers from {ago}; `kjournal {flow}` resumes them",
                attention=old,
            ))  # fmt: skip
    return found


def _made_by_kjournal(root: Path, path: Path, is_dir: bool) -> bool:
    """Whether kjournal writes files of this kind here: its permissions are kjournal's to mend.
    A script, a `.obsidian` folder or a note kept beside the entries is the person's own."""
    parts = path.relative_to(root).parts
    inner = parts[1:]
    if any(part.startswith(".") for part in inner if not part.endswith(".lock")):
        return parts[0] == ".cache"
    if is_dir:
        return True
    top, suffix = parts[0], Path(path.name.removesuffix(".age")).suffix
    return (
        (top in ("entries", "trash") and suffix == ".md")
        or (top == "drafts" and suffix in (".yaml", ".md", ".lock"))
        or (top == "prompts" and path.suffix == ".yaml")
        or top in (".cache", ".kjournal", "safety-plan.md", "safety-plan.md.age", LOCK_NAME)
    )


def _permissions(root: Path, own: list[tuple[Path, bool]]) -> list[Finding]:
    found = []
    for path, is_dir in own:
        if path.name.startswith(TEMP_PREFIX):
            continue  # reported, and deleted by --fix, as a temp file
        if not _made_by_kjournal(root, path, is_dir):
            continue
        wanted = DIR_MODE if is_dir else FILE_MODE
        with contextlib.suppress(FileNotFoundError):
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & ~wanted:
                found.append(Finding(
                    "permissions", path, f"readable by others (mode {mode:o})",
                    f"set mode {wanted:o}",
                ))  # fmt: skip
    root_mode = stat.S_IMODE(root.stat().st_mode)
    if root_mode & ~DIR_MODE:
        found.insert(0, Finding(
            "permissions", root, f"readable by others (mode {root_mode:o})",
            f"set mode {DIR_MODE:o}",
        ))  # fmt: skip
    return found


def _temp_files(root: Path, own: list[tuple[Path, bool]]) -> list[Finding]:
    found = []
    for path, is_dir in own:
        if is_dir or not path.name.startswith(TEMP_PREFIX):
            continue
        pid = path.name.removeprefix(TEMP_PREFIX).split("-")[0]
        if pid.isdigit() and process_alive(int(pid)):
            continue  # a kjournal saving right now
        found.append(Finding(
            "temp-file", path, "left by a kjournal that stopped while saving", "delete it"
        ))  # fmt: skip
    return found


def _stale_lock(root: Path) -> list[Finding]:
    from kjournal.journal.files import read_regular_text

    path = root / LOCK_NAME
    try:
        owner = read_regular_text(path, limit=4096).strip()
    except OSError:  # missing, or not a regular file: nothing a stale pid could be read from
        return []
    if not owner or (owner.isdigit() and process_alive(int(owner))):
        return []
    return [Finding("stale-lock", path, f"left by process {owner}, which stopped", "clear it")]


def fix(journal: Journal, findings: list[Finding]) -> list[Finding]:
    """Do the safe fixes (permissions, temp files, stale lock); return the findings fixed."""
    fixed = []
    for finding in findings:
        if not finding.fix:
            continue
        with contextlib.suppress(FileNotFoundError):
            if finding.kind == "permissions":
                mode = finding.path.lstat().st_mode
                if stat.S_ISLNK(mode):  # replaced by a link since: chmod would follow it
                    continue
                os.chmod(finding.path, DIR_MODE if stat.S_ISDIR(mode) else FILE_MODE)
            elif finding.kind == "temp-file":
                finding.path.unlink()
            elif finding.kind == "stale-lock":
                with journal.lock(timeout=1):  # taking the lock clears the stale owner
                    pass
            fixed.append(finding)
    return fixed


def still_needing_attention(findings: list[Finding], fixed: list[Finding]) -> int:
    """How many findings still need the person: those that need attention, less those fixed
    (doctor exits 1 while any remain)."""
    return len([f for f in findings if f.attention]) - len(fixed)
