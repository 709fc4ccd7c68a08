"""One journal on every device, with full history, on git: set up, commit after every write,
sync (commit, fetch, merge keeping both versions of a conflict, renumber clashing sessions,
push), and the versions of one entry (history, restore). Plain data in and out, never prints.

Entry files are opaque blobs here: nothing in this module reads a file's text but through
`Journal.scan()` and `Journal.with_bodies()` (which will decrypt once entries are encrypted)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kjournal.errors import SyncError, SyncNotSetUp, SyncRefused, SyncUnreachable, UsageError
from kjournal.journal.crypto import twin_name
from kjournal.journal.entry import CONFLICT_MARK, file_id, is_conflict_copy
from kjournal.journal.files import _crash_point, write_atomic

if TYPE_CHECKING:
    from kjournal.journal.entry import Entry
    from kjournal.journal.git import Git, GitResult
    from kjournal.journal.store import Journal

# Device-local by construction: git never transfers what is inside .git, one stat tells both
# "a repository" and "kjournal commits here", and removing .git leaves nothing behind.
MARKER = Path(".git") / "kjournal-sync"
# Written before a merge and removed once sessions are checked after it: a sync killed in
# between checks them next time. Holds what the check needs and a kill would lose: entries
# renamed by the merge (old id -> new) and the files the merge brought in.
PENDING = Path(".git") / "kjournal-renumber"
REMOTE = "origin"

# What stays on one device, and why (written into the journal's .gitignore):
GITIGNORE = """\
# kjournal: what stays on this device (written by `kjournal sync --setup`).
# The front-matter cache: derived from the entries, rebuilt at any time; its file times
# and inodes are this device's.
/.cache/
# The journal lock: held by a process on this device only.
/.lock
# Drafts: a flow in progress here, with its own lock file; synced, two devices would resume
# one flow twice. Failed edits kept aside live here too.
/drafts/
# Temp files of a write that was interrupted.
.kjournal-tmp-*
"""

# Never a conflict marker inside a journal file: `-merge` makes git keep this device's version
# of a file changed on both sides and report the conflict, and kjournal keeps the other as a
# conflict copy. `-text`: no line-ending conversion, bytes as written. Encrypted files are
# opaque: no text diff either.
GITATTRIBUTES = """\
# kjournal: git never merges inside a journal file; a file changed on two devices is kept
# twice (`kjournal sync` names the other version *.conflict-<commit>.*).
* -text -merge -ident -filter -working-tree-encoding -eol
*.age binary
"""


def is_set_up(root: Path) -> bool:
    """True when this device commits the journal (`sync --setup` done): one stat."""
    return (root / MARKER).is_file()


def _git(root: Path) -> Git:
    from kjournal.journal.git import Git

    return Git(root)


def _require(root: Path) -> Git:
    if not is_set_up(root):
        raise SyncNotSetUp(
            "this journal is not set up for sync on this device: run `kjournal sync --setup "
            "REMOTE` (REMOTE: a git URL or a folder, e.g. a bare repository on a USB drive)"
        )
    return _git(root)


# Setting up


@dataclass(frozen=True)
class SetupResult:
    created: bool  # a new repository (False: an existing one adopted)
    remote: str | None
    ignored: tuple[str, ...]  # what stays on this device


def setup(journal: Journal, remote: str | None) -> SetupResult:
    """Make the journal a git repository (or adopt the one it is), write .gitignore and
    .gitattributes, record the remote, mark this device, and commit what is there."""
    from kjournal.journal.files import make_private_dir

    root = journal.root
    journal.check_is_a_folder()
    git = _git(root)  # GitMissing before anything is made
    dot_git = root / ".git"
    if dot_git.is_symlink() or (os.path.lexists(dot_git) and not dot_git.is_dir()):
        raise SyncError(
            f"{dot_git} is a link or a file, not a repository's folder; kjournal syncs a "
            "journal that is a repository of its own (nothing was changed)"
        )
    make_private_dir(root)
    created = not (root / ".git").exists()
    if created:
        git.run("init", "-q")
    else:
        top = git.run("rev-parse", "--show-toplevel", check=False)
        if top.code != 0 or Path(top.text.strip()).resolve() != root.resolve():
            raise SyncError(
                f"{root / '.git'} is not the top of a git repository; kjournal syncs a journal "
                "that is a repository of its own"
            )
    _merge_lines(journal, root / ".gitignore", GITIGNORE)
    _merge_lines(journal, root / ".gitattributes", GITATTRIBUTES)
    _device_rules(journal, git)
    if remote:
        action = "set-url" if git.rev(f"refs/remotes/{REMOTE}/HEAD") or _remote_url(git) else "add"
        git.run("remote", action, REMOTE, remote)
    _write_bytes(journal, root / MARKER, b"kjournal commits this journal on this device\n")
    with journal.lock():
        _commit_all(git, "sync: set up on this device")
    lines = [ln for ln in GITIGNORE.splitlines() if ln and not ln.startswith("#")]
    return SetupResult(created, _remote_url(git), tuple(lines))


def _device_rules(journal: Journal, git: Git) -> None:
    """The same rules in .git/info/exclude and .git/info/attributes, which never travel: a
    remote that changes .gitignore or .gitattributes cannot make this device push its cache,
    drafts or temp files, nor merge inside a journal file."""
    info = git.git_dir / "info"
    _merge_lines(journal, info / "exclude", GITIGNORE)
    _merge_lines(journal, info / "attributes", GITATTRIBUTES)


def _merge_lines(journal: Journal, path: Path, wanted: str) -> None:
    """Add kjournal's lines to a file of the person's own (an adopted repository) or make it."""
    try:
        present = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        present = ""
    have = set(present.splitlines())
    missing = [ln for ln in wanted.splitlines() if ln not in have]
    if not missing:
        return
    joined = present + ("\n" if present and not present.endswith("\n") else "")
    _write_bytes(journal, path, (joined + "\n".join(missing) + "\n").encode())


def _remote_url(git: Git) -> str | None:
    found = git.run("config", "--get", f"remote.{REMOTE}.url", check=False)
    return found.text.strip() or None if found.code == 0 else None


# Committing


def commit_pending(root: Path, message: str) -> bool:
    """Commit every change in the journal with this message (kind and time, never answer
    text); True if there was one. A no-op costing one stat when sync is not set up."""
    if not is_set_up(root):
        return False
    git = _git(root)
    if (git.git_dir / "MERGE_HEAD").exists():
        raise SyncError("a sync was interrupted; `kjournal sync` finishes it and commits this")
    return _commit_all(git, message)


# What stays on one device, as pathspecs: never staged, whatever a .gitignore from elsewhere says
# (an in-repo `!` rule outranks .git/info/exclude, and ignore rules never apply to files git
# already tracks).
DEVICE_ONLY = (".cache", "drafts", ".lock")
_TEMP_FILES = ":(glob)**/.kjournal-tmp-*"


def _commit_all(git: Git, message: str) -> bool:
    git.run("add", "-A", "--", ".")
    # Taken out of the index again if a rule from elsewhere let them in, or they were tracked.
    git.run("rm", "-r", "-q", "--cached", "--ignore-unmatch", "--", *DEVICE_ONLY, _TEMP_FILES)
    if git.run("diff", "--cached", "--quiet", check=False).code == 0:
        return False
    git.run("commit", "-q", "--no-verify", "-m", message)
    return True


def commit_message(action: str, entry: Entry | None = None) -> str:
    """'checkin 2026-12-02 09:30', 'edit 2026-12-02 09:30 intention': what and when, never
    what was written (commit messages stay plaintext even when entries are encrypted)."""
    if entry is None:
        return action
    when = f"{entry.created:%Y-%m-%d %H:%M}"
    return f"{entry.kind} {when}" if action == entry.kind else f"{action} {when} {entry.kind}"


# Syncing


@dataclass(frozen=True)
class ConflictCopy:
    """A file changed on two devices: this device's version stays under its name, the other
    device's is kept beside it (`copy`). `renamed`: two new entries of the same minute and
    kind (not a conflict): the other device's took the next free name."""

    path: str
    copy: str
    renamed: bool = False


@dataclass(frozen=True)
class Renumbered:
    """A session given a new number so that sessions are unique and in time order again."""

    old: int
    new: int
    intention: str  # the intention's id
    created: datetime
    integrations: int  # reflections that followed it


@dataclass
class SyncResult:
    remote: str | None
    came_in: int = 0  # files changed here by what came from the remote
    went_out: int = 0  # files the remote did not have yet
    conflicts: list[ConflictCopy] = field(default_factory=list)
    renumbered: list[Renumbered] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def sync(journal: Journal) -> SyncResult:
    """Commit anything pending, fetch, integrate (both versions of a conflict kept, clashing
    sessions renumbered), push. Offline or refused: SyncUnreachable or SyncRefused, with the
    journal as it was (everything committed locally) and usable; the next sync retries. An
    interrupted earlier sync (a half merge, a lock left by a killed git) is finished first."""
    root = journal.root
    git = _require(root)
    with _one_sync_at_a_time(git):
        return _sync(journal, git)


@contextlib.contextmanager
def _one_sync_at_a_time(git: Git) -> Iterator[None]:
    """Two syncs of one journal at once would race on the same refs: the second is told."""
    import fcntl

    lock = git.git_dir / "kjournal-sync.lock"
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise SyncError(
            f"{lock} is not a file kjournal can lock ({exc.strerror}); remove it and sync again"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncError(
                "another `kjournal sync` of this journal is running; try again when it ends"
            ) from None
        yield
    finally:
        os.close(fd)


def _check_sessions(journal: Journal, git: Git, result: SyncResult) -> None:
    """Renumber what a merge made clash; a locked encrypted journal does not stop the sync
    (what came in is kept and what is here goes out): it is said, and checked next time."""
    try:
        result.renumbered += _renumber_if_pending(journal, git)
    except SessionsUnchecked:
        notice = (
            "sessions came in from another device, and checking their numbers needs your "
            "passphrase: the next `kjournal sync` in a terminal checks them"
        )
        if notice not in result.notices:
            result.notices.append(notice)


class SessionsUnchecked(Exception):
    """Sessions came in, but the journal is encrypted and locked: checked by a later sync."""


def _sync(journal: Journal, git: Git) -> SyncResult:
    result = SyncResult(_remote_url(git))
    _device_rules(journal, git)
    if git.clear_stale_index_lock():
        result.notices.append("removed a lock left by a git command that was stopped")
    _crash_point()
    with journal.lock():
        if (git.git_dir / "MERGE_HEAD").exists():
            copies = _resolve(journal, git, git.out("rev-parse", "MERGE_HEAD"))
            result.conflicts += copies
            git.run("commit", "-q", "--no-verify", "--no-edit", "-m", "sync: merge")
            _mark_pending(journal, _renamed(copies), _incoming(git))
            result.notices.append("finished a sync that was interrupted; nothing was lost")
        _commit_all(git, "sync: changes not yet committed")
        _check_sessions(journal, git, result)
    _crash_point()
    if result.remote is None:
        return result
    for _ in range(3):
        branch = git.out("symbolic-ref", "--short", "HEAD")
        fetched = _network(git, "fetch", "-q", "--prune", REMOTE)
        if fetched.code != 0:
            raise _failed(fetched)
        _crash_point()
        theirs_branch = _remote_branch(git, branch)
        theirs = git.rev(f"refs/remotes/{REMOTE}/{theirs_branch}") if theirs_branch else None
        with journal.lock():
            if theirs is not None:
                came, conflicts = _integrate(journal, git, theirs)
                result.came_in += came
                result.conflicts += conflicts
                _crash_point()
            _check_sessions(journal, git, result)
        _crash_point()
        target = theirs_branch or branch
        out = git.paths("diff", "--name-only", "-z", theirs, "HEAD") if theirs else None
        if _push(git, target, upstream=theirs is None):
            result.went_out += len(out) if out is not None else len(git.paths("ls-files", "-z"))
            _crash_point()
            return result
    raise SyncRefused(
        "the remote changed again while syncing, three times; everything is committed here, "
        "run `kjournal sync` again in a moment"
    )


def _network(git: Git, *args: str) -> GitResult:
    """A fetch or push: a failure is 'could not reach' or 'refused', in one line."""
    import subprocess

    from kjournal.journal.git import NETWORK_TIMEOUT

    try:
        done = git.run(*args, check=False, timeout=NETWORK_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SyncUnreachable(
            f"the remote did not answer within {NETWORK_TIMEOUT:.0f} s; nothing changed here, "
            "your entries are safe on this device and the next `kjournal sync` tries again"
        ) from None
    return done


def _failed(done: GitResult) -> SyncError:
    """The one-line reason a fetch or push failed: could not reach, or refused."""
    said = done.err + "\n" + done.text
    reason = done.last_line()
    rejected = re.search(r"^!.*\((.*)\)$", done.text, re.MULTILINE)  # push --porcelain
    if rejected:
        reason = rejected.group(1)
    refused = re.search(
        r"denied|authenticat|permission|forbidden|not found|rejected|declined|unauthori",
        said,
        re.IGNORECASE,
    )
    if refused and "does not appear to be a git repository" not in said:
        return SyncRefused(
            f"the remote refused ({reason}); nothing changed here, your entries are safe on "
            "this device; check the remote's address and your access, then `kjournal sync`"
        )
    if "does not appear to be a git repository" in said and (
        local := re.search(r"'(/[^']+)' does not appear", said)
    ):
        return SyncUnreachable(
            f"there is no shared journal repository at {local.group(1)} (a drive not plugged "
            "in, or a typo?); nothing changed here, and the next `kjournal sync` tries again"
        )
    return SyncUnreachable(
        f"could not reach the remote ({reason}); offline? Nothing changed here, your entries "
        "are safe on this device and the next `kjournal sync` tries again"
    )


def _remote_branch(git: Git, branch: str) -> str | None:
    """The remote's branch of the same name; or, when the remote has exactly one other (a
    repository begun elsewhere on `master`), that one; None for an empty remote."""
    branches = [
        b.removeprefix(f"{REMOTE}/")
        for b in git.out(
            "for-each-ref", "--format=%(refname:short)", f"refs/remotes/{REMOTE}/"
        ).splitlines()
        if b and b != f"{REMOTE}/HEAD" and b != REMOTE
    ]
    if branch in branches:
        return branch
    return branches[0] if len(branches) == 1 else None


def _push(git: Git, branch: str, *, upstream: bool) -> bool:
    """Push; False when the remote moved on meanwhile (fetch and integrate again)."""
    done = _network(git, "push", "--porcelain", REMOTE, f"HEAD:refs/heads/{branch}")
    said = done.err + done.text
    moved_on = re.search(r"non-fast-forward|fetch first|\[rejected\]", said)
    if done.code != 0 and moved_on and "hook declined" not in said:
        return False
    if done.code != 0:
        raise _failed(done)
    if upstream:
        git.run("branch", f"--set-upstream-to={REMOTE}/{branch}", check=False)
    return True


def _integrate(journal: Journal, git: Git, theirs: str) -> tuple[int, list[ConflictCopy]]:
    """Bring the remote's commit in: a fast-forward (what the other device checked already),
    or a merge whose conflicts keep both versions, after which sessions are checked. The
    files changed here and the copies made."""
    head = git.out("rev-parse", "HEAD")
    if git.ok("merge-base", "--is-ancestor", theirs, head):
        return 0, []
    _refuse_device_files(git, theirs)
    if git.ok("merge-base", "--is-ancestor", head, theirs):
        git.run("merge", "-q", "--ff-only", theirs)
        return len(git.paths("diff", "--name-only", "-z", head, theirs)), []
    _mark_pending(journal, {}, set())
    # Renames are not followed: an entry moved to the trash on one device and edited on the
    # other is a delete/modify conflict (the edit stays in entries/), not an edit of the
    # trashed copy. git 2.39's `ort` ignores `-X no-renames`; `recursive` honours it.
    git.run(
        "merge", "-q", "--no-commit", "--no-ff", "--allow-unrelated-histories",
        "-s", "recursive", "-X", "no-renames", theirs,
        check=False,
    )  # fmt: skip
    if not (git.git_dir / "MERGE_HEAD").exists():
        raise SyncError("git could not start the merge; nothing changed here")
    _crash_point()
    copies = _resolve(journal, git, theirs)
    _crash_point()
    git.run("commit", "-q", "--no-verify", "--no-edit", "-m", "sync: merge")
    _mark_pending(journal, _renamed(copies), _incoming(git))
    if _keep_key_while_needed(journal, git):
        _commit_all(git, "sync: keep the key while encrypted entries remain")
    return len(git.paths("diff", "--name-only", "-z", head, "HEAD")), copies


def _refuse_device_files(git: Git, theirs: str) -> None:
    """A remote whose commit tracks what stays on each device (drafts, the cache, the lock):
    merging it would let git replace this device's own drafts, so it is not merged."""
    tracked = git.paths("ls-tree", "-r", "-z", "--name-only", theirs, "--", *DEVICE_ONLY)
    tracked += [p for p in git.paths("ls-tree", "-r", "-z", "--name-only", theirs)
                if Path(p).name.startswith(".kjournal-tmp-")]  # fmt: skip
    if tracked:
        raise SyncRefused(
            f"the remote holds files that stay on each device ({', '.join(tracked[:3])}"
            f"{', ...' if len(tracked) > 3 else ''}); nothing was merged, so your drafts are "
            "safe. Remove them from the remote (git rm --cached) and sync again"
        )


def _keep_key_while_needed(journal: Journal, git: Git) -> bool:
    """A merge that removed identity.age (encryption turned off on another device) while
    encrypted files remain here: the key is put back, or they could never be opened again.
    True when it was."""
    from kjournal.journal.convert import word_files

    if journal.keys.has_identity or not any(word_files(journal, sealed=True)):
        return False
    kept = git.run("show", "HEAD^1:.kjournal/identity.age", check=False)
    if kept.code != 0 or not kept.out:
        return False
    _write_bytes(journal, journal.keys.identity_path, kept.out)
    return True


def _renamed(copies: list[ConflictCopy]) -> dict[str, str]:
    """Entries the other device made that took the next free name here: old id -> new id."""
    return {
        Path(c.path).name.split(".", 1)[0]: Path(c.copy).name.split(".", 1)[0]
        for c in copies
        if c.renamed
    }


def _mark_pending(journal: Journal, renamed: dict[str, str], incoming: set[str]) -> None:
    import json

    data = {"renamed": renamed, "incoming": sorted(incoming)}
    _write_bytes(journal, journal.root / PENDING, json.dumps(data).encode())


def _renumber_if_pending(journal: Journal, git: Git) -> list[Renumbered]:
    """Check sessions after a merge (or one a killed sync left unchecked), then forget it."""
    import json

    path = journal.root / PENDING
    try:
        data = json.loads(path.read_bytes())
        renamed = {str(k): str(v) for k, v in dict(data.get("renamed") or {}).items()}
        incoming = {str(p) for p in data.get("incoming") or []}
    except FileNotFoundError:
        return []
    except (ValueError, TypeError, AttributeError, OSError):
        renamed, incoming = {}, set()  # unreadable: the check runs with what the files say
    sessions_renamed = {
        k: v for k, v in renamed.items() if "-intention" in k or "-integration" in k
    }
    if not sessions_renamed and not _sessions_came_in(git):
        path.unlink(missing_ok=True)  # only check-ins and questionnaires: no session to check
        return []
    from kjournal.errors import Locked

    try:
        changes = _renumber(journal, git, renamed, incoming)
    except Locked:
        raise SessionsUnchecked from None  # the marker stays: the next sync checks them
    path.unlink(missing_ok=True)
    return changes


def _resolve(journal: Journal, git: Git, theirs: str) -> list[ConflictCopy]:
    """Settle every conflicted path of a merge in progress without a marker: this device's
    version keeps the name, the other's is kept beside it; a deleted-here-changed-there file
    keeps the changed version; two new entries under one name both stay (the other's takes
    the next free name, as two entries of one minute do)."""
    stages: dict[str, dict[int, str]] = {}
    for record in git.paths("ls-files", "-u", "-z"):
        info, path = record.split("\t", 1)
        _, sha, stage = info.split(" ")
        stages.setdefault(path, {})[int(stage)] = sha
    tag = theirs[:7]
    copies = []
    for path, found in sorted(stages.items()):
        target = journal.root / path
        ours, other = found.get(2), found.get(3)
        if ours and other:
            theirs_bytes = git.blob(other)
            copy, renamed = _other_name(journal, git, path, tag, theirs_bytes, base=1 in found)
            _write_bytes(journal, target, git.blob(ours))
            _write_bytes(journal, journal.root / copy, theirs_bytes)
            git.run("add", "--", path, copy)
            copies.append(ConflictCopy(path, copy, renamed))
        elif ours or other:  # changed on one side, deleted on the other: the changed one stays
            _write_bytes(journal, target, git.blob(ours or other or ""))
            git.run("add", "--", path)
        else:
            git.run("rm", "-q", "--cached", "--", path)
        _crash_point()
    return copies


def _other_name(
    journal: Journal, git: Git, path: str, tag: str, data: bytes, *, base: bool
) -> tuple[str, bool]:
    """Where the other device's version goes: the next free entry name for a new entry of the
    same minute (no common version: two entries), else a conflict copy beside the file. A
    name already holding these very bytes is reused: a sync killed halfway through resolving
    wrote it, and the next one must not keep it twice."""
    folder, name = os.path.split(path)
    stem, dot, rest = name.partition(".")
    if not base and path.startswith("entries/"):
        plain = re.sub(r"-\d+$", "", stem)
        for n in range(2, 1000):
            candidate = os.path.join(folder, f"{plain}-{n}{dot}{rest}")
            if candidate != path and _free_for(journal, git, candidate, data):
                return candidate, True
    candidate = os.path.join(folder, f"{stem}{CONFLICT_MARK}{tag}{dot}{rest}")
    n = 2
    while not _free_for(journal, git, candidate, data):
        candidate = os.path.join(folder, f"{stem}{CONFLICT_MARK}{tag}-{n}{dot}{rest}")
        n += 1
    return candidate, False


def _free_for(journal: Journal, git: Git, path: str, data: bytes) -> bool:
    """True if a name is free, or holds exactly these bytes and git does not track it yet."""
    target = journal.root / path
    if git.paths("ls-files", "-z", "--", path):
        return False
    if not os.path.lexists(target):
        return True
    try:
        return target.is_file() and not target.is_symlink() and target.read_bytes() == data
    except OSError:
        return False


def _sessions_came_in(git: Git) -> bool:
    """Whether the last merge brought or changed an intention or a reflection (file names say
    the kind): only those can make two sessions share a number. Reading entries to check is
    what needs an encrypted journal's passphrase, so a sync that brought only check-ins never
    asks. When unsure (no merge at HEAD: a sync killed earlier), the check runs."""
    if git.rev("HEAD^2") is None:
        return True
    changed = git.paths("diff", "--name-only", "-z", "HEAD^1", "HEAD", "--", "entries/")
    return any("-intention" in name or "-integration" in name for name in changed)


def _incoming(git: Git) -> set[str]:
    """The files the last merge added from the other device (empty unless HEAD is a merge):
    which device an entry came from, for reflections linked by number alone."""
    if git.rev("HEAD^2") is None:
        return set()
    return set(git.paths("diff", "--name-only", "-z", "--diff-filter=A", "HEAD^1", "HEAD"))


def _write_bytes(journal: Journal, path: Path, data: bytes) -> None:
    """Write bytes atomically and privately (0600), never through a link out of the journal."""
    write_atomic(journal.writable(path), data)


# Sessions


def _renumber(
    journal: Journal, git: Git, renamed: dict[str, str], incoming: set[str]
) -> list[Renumbered]:
    """Make sessions unique and in time order again after two devices each numbered one, and
    keep every reflection with its own intention; commit the rewrites. Called with the
    journal lock held."""
    changes = renumber_sessions(journal, renamed, incoming)
    if changes or _commit_needed(git):
        words = ", ".join(f"{c.old} -> {c.new}" for c in changes) or "links"
        _commit_all(git, f"sync: renumber session {words}")
    return changes


def _commit_needed(git: Git) -> bool:
    return bool(git.run("status", "--porcelain", "-z", check=False).out)


def renumber_sessions(
    journal: Journal, renamed: dict[str, str] | None = None, incoming: set[str] | None = None
) -> list[Renumbered]:
    """The rule: when two intentions share a session number, the intentions from the
    smallest shared number on are walked in order of `created`, each keeping its number
    unless that is not above the previous one's (then the previous one's plus one). A
    reflection follows its intention: by the `intention:` id it carries; one written before
    that field (session number alone) follows the intention of its number from the same
    device (`incoming`: the files the last merge brought), else the one of that number
    begun last before it. Two reflections of one session both follow it. Each rewritten
    reflection gains the `intention:` id. A reflection whose linked intention carries
    another number (renumbered on another device) takes that number."""
    renamed = renamed or {}
    incoming = incoming or set()
    scan = journal.scan()
    intentions = [e for e in scan.entries if e.kind == "intention" and not _copy(e)]
    integrations = [e for e in scan.entries if e.kind == "integration" and not _copy(e)]
    by_id = {e.id: e for e in intentions}
    by_number: dict[int | None, list[Entry]] = {}
    for each in intentions:
        by_number.setdefault(each.session, []).append(each)

    def rel(entry: Entry) -> str:
        return entry.file_path.relative_to(journal.root).as_posix()

    numbers = [e.session for e in intentions]
    shared = sorted({n for n in numbers if n is not None and numbers.count(n) > 1})
    plan: dict[str, int] = {}
    if shared:
        start = shared[0]
        last = start - 1
        walk = sorted((e for e in intentions if (e.session or 0) >= start), key=_when)
        for entry in walk:
            number = max(entry.session or 0, last + 1)
            while number in scan.unreadable_sessions and number != entry.session:
                number += 1
            if number != entry.session:
                plan[entry.id] = number
            last = number

    def linked(integration: Entry) -> Entry | None:
        link = integration.fields.get("intention")
        if isinstance(link, str):
            if rel(integration) in incoming and link in renamed:
                link = renamed[link]
            if link in by_id:
                return by_id[link]
        same = by_number.get(integration.session, [])
        if len(same) > 1:
            side = rel(integration) in incoming
            mine = [e for e in same if (rel(e) in incoming) == side]
            same = mine or same
            before = [e for e in same if _when(e) <= _when(integration)]
            same = [max(before, key=_when)] if before else same
        return same[0] if same else None

    rewrites: list[tuple[Entry, int, str | None]] = []  # entry, new session, intention id
    followers: dict[str, int] = {}
    for integration in integrations:
        intention = linked(integration)
        if intention is None:
            continue
        number = plan.get(intention.id) or intention.session or 0
        link = integration.fields.get("intention")
        if number != integration.session or (intention.id in plan and link != intention.id):
            rewrites.append((integration, number, intention.id))
            followers[intention.id] = followers.get(intention.id, 0) + 1
        elif isinstance(link, str) and link != intention.id:
            rewrites.append((integration, integration.session or 0, intention.id))
    # Highest new number first: an interruption never leaves two intentions on one number
    # that the next run could not tell apart (it walks them again by time).
    order = sorted(plan.items(), key=lambda item: -item[1])
    changes = []
    for entry, number, link in rewrites:
        if link is None or link not in plan:
            _rewrite(journal, entry, number, link)
    for intention_id, number in order:
        intention = by_id[intention_id]
        for entry, new, link in rewrites:
            if link == intention_id:
                _rewrite(journal, entry, new, link)
        _rewrite(journal, intention, number, None)
        changes.append(
            Renumbered(
                intention.session or 0,
                number,
                intention.id,
                intention.created,
                followers.get(intention_id, 0),
            )
        )
    return sorted(changes, key=lambda c: c.new)


def _when(entry: Entry) -> tuple[datetime, str]:
    return (entry.created, entry.id)


def _copy(entry: Entry) -> bool:
    return is_conflict_copy(entry.id)


def _rewrite(journal: Journal, entry: Entry, session: int, intention: str | None) -> None:
    """Give an entry a new session number (and a reflection its intention's id) through the
    journal's own write path; a title kjournal made says the new number too."""
    [full] = journal.with_bodies([entry])
    if full.title == full.default_title():
        full.title = ""  # made from the number: made again from the new one
    full.session = session
    if intention is not None:
        rest = {k: v for k, v in full.fields.items() if k != "intention"}
        full.fields = {"intention": intention, **rest}
    journal.rewrite_entry(full.file_path, full)
    _crash_point()


# Conflict copies, for every command and doctor


def conflict_copies(root: Path) -> list[Path]:
    """Every conflict copy among the entries (one moved to the trash is dealt with)."""
    found = []
    for folder, _dirs, files in os.walk(root / "entries"):
        found += [Path(folder) / name for name in files if CONFLICT_MARK in name]
    return sorted(found)


def interrupted(root: Path) -> bool:
    """A sync that stopped halfway through a merge (finished by the next sync)."""
    return (root / ".git" / "MERGE_HEAD").exists()


# History


@dataclass(frozen=True)
class Version:
    number: int
    when: datetime
    what: str  # added, edited, deleted, restored, renumbered, merged
    commit: str  # short hash
    source: str  # commit:path holding this version's bytes


@dataclass(frozen=True)
class EntryHistory:
    path: str  # entries/YYYY/MM/name.md
    versions: list[Version]
    present: bool  # in entries/ now


def find_path(journal: Journal, reference: str, *, exact: bool = False) -> str:
    """The entries/ path of an entry that may be deleted: in the trash or only in history, by
    its file name without `.md`, its short id (261202-0930i) or (unless `exact`) a unique
    beginning of either."""
    git = _require(journal.root)
    names = set(git.paths("log", "--format=", "--name-only", "-z", "--", "entries/"))
    names |= {
        "entries/" + p.removeprefix("trash/") for p in git.paths("ls-files", "-z", "--", "trash/")
    }
    # An entry's plain and encrypted names (before and after `kjournal encrypt`) are one entry,
    # named as the journal now stores it.
    current = ".age" if journal.keys.encrypted else ""
    matches = sorted({
        str(Path(p).with_name(Path(p).name.removesuffix(".age") + current))
        for p in names
        if _name_matches(Path(p).name, reference, exact)
    })  # fmt: skip
    named = [p for p in matches if file_id(Path(p).name) == reference]
    if len(named) == 1 or len(matches) == 1:
        return (named or matches)[0]
    if matches:
        shown = ", ".join(file_id(Path(p).name) for p in matches[:8])
        raise UsageError(f"'{reference}' matches several entries in the history: {shown}")
    raise UsageError(f"no entry '{reference}' now, in the trash or in the history")


_NAME = re.compile(r"(\d\d)(\d\d)-(\d\d)-(\d\d)T(\d\d)(\d\d)-([a-z0-9_-]+?)(-\d+)?$")


def _name_matches(name: str, reference: str, exact: bool) -> bool:
    stem = name.split(".", 1)[0]
    if file_id(name) == reference or (not exact and stem.startswith(reference)):
        return True
    found = _NAME.match(stem)
    if not found:
        return False
    from kjournal.journal.kinds import Kind

    _, yy, mm, dd, hh, mi, label, n = found.groups()
    kind = Kind.of(label)
    letter = kind.letter if kind else f"-{label}"
    short = f"{yy}{mm}{dd}-{hh}{mi}{letter}{n or ''}"
    return short == reference or (not exact and short.startswith(reference))


def history(journal: Journal, path: str) -> EntryHistory:
    """Every version of one entry, oldest first: added, edited (here or on another device),
    renumbered, deleted (to the trash), restored."""
    git = _require(journal.root)
    twin = twin_name(path)
    trash, trash_twin = ("trash/" + p.removeprefix("entries/") for p in (path, twin))
    log = git.run(
        "log", "--reverse", "--format=%x01%H%x09%ct%x09%s", "--name-status", "--no-renames",
        "-m", "--first-parent", "--", path, trash, twin, trash_twin,
    ).text  # fmt: skip
    versions: list[Version] = []
    deleted = False
    for block in log.split("\x01")[1:]:
        head, _, rest = block.partition("\n")
        sha, stamp, subject = head.split("\t", 2)
        changes = dict(
            (line.split("\t", 1)[1], line.split("\t", 1)[0][0])
            for line in rest.splitlines()
            if "\t" in line
        )
        when = datetime.fromtimestamp(int(stamp)).astimezone()
        status = changes.get(path)
        converted = {changes.get(path), changes.get(twin)} == {"A", "D"}
        if converted:  # `kjournal encrypt` or `decrypt`: the same words, the other form
            now = path if changes.get(path) == "A" else twin
            what = "encrypted" if now.endswith(".age") else "decrypted"
            deleted = False
            versions.append(Version(len(versions) + 1, when, what, sha[:7], f"{sha}:{now}"))
            continue
        name = path if status else twin
        status = status or changes.get(twin)
        trash_name = trash if name == path else trash_twin
        if status in ("A", "M"):
            if status == "A":
                what = "restored" if deleted or subject.startswith("restore") else "added"
            elif subject.startswith("sync: renumber"):
                what = "renumbered"
            elif subject.startswith("sync: merge"):
                what = "edited on another device"
            elif subject.startswith("restore"):
                what = "restored"
            else:
                what = "edited"
            deleted = False
            source = f"{sha}:{name}"
        elif status == "D":
            deleted = True
            what = "deleted"
            in_trash = changes.get(trash_name) == "A"
            source = f"{sha}:{trash_name}" if in_trash else f"{sha}^:{name}"
        else:
            continue
        versions.append(Version(len(versions) + 1, when, what, sha[:7], source))
    present = (journal.root / path).is_file()
    if not versions:
        raise UsageError(f"{path}: no version in the history yet (it is committed on save)")
    return EntryHistory(path, versions, present)


def pick_version(found: EntryHistory, number: int | None, day: str | None) -> Version:
    """The version asked for: by its number, or the last one on or before a date
    (YYYY-MM-DD, or YYYY-MM-DDTHH:MM)."""
    if number is not None:
        if not 1 <= number <= len(found.versions):
            raise UsageError(f"--version: choose 1 to {len(found.versions)} (`kjournal history`)")
        return found.versions[number - 1]
    if day is None:
        raise UsageError("say which version: --version N or --date YYYY-MM-DD")
    try:
        limit = datetime.fromisoformat(day if "T" in day else f"{day}T23:59:59")
    except ValueError:
        raise UsageError(f"--date: '{day}' is not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    limit = limit if limit.tzinfo else limit.astimezone()
    earlier = [v for v in found.versions if v.when <= limit]
    if not earlier:
        raise UsageError(f"--date: the entry has no version on or before {day}")
    return earlier[-1]


@dataclass(frozen=True)
class Restored:
    path: Path
    version: Version
    changed: bool  # False: the entry already was this version


def _in_form(journal: Journal, data: bytes, source: str, target: str) -> bytes:
    """A version's bytes in the form the entry is stored in now: a version from before
    `kjournal encrypt` is encrypted on its way back, one from before `decrypt` decrypted."""
    from kjournal.journal.crypto import Unreadable, is_sealed

    was, now = is_sealed(source), is_sealed(target)
    if was and now:
        try:
            journal.keys.open(data, Path(target))  # made with an earlier key?
        except Unreadable as exc:
            raise SyncError(
                f"{target}: that version {exc.reason} (an earlier key of this journal?); "
                "nothing was restored; `age -d -i` with that key's recovery copy opens it"
            ) from None
        return data
    if was == now:
        return data
    if now:
        return journal.keys.seal(data)
    try:
        return journal.keys.open(data, Path(target))
    except Unreadable as exc:
        raise SyncError(f"{target}: that version {exc.reason}; nothing was restored") from None


def restore(journal: Journal, found: EntryHistory, version: Version) -> Restored:
    """Write a version back to entries/ as a new commit. The version it replaces is in the
    history already (everything is committed first), so nothing is lost; an entry in the
    trash comes back to entries/ and leaves the trash."""
    root = journal.root
    git = _require(root)
    with journal.lock():
        _commit_all(git, "sync: changes not yet committed")
        data = _in_form(journal, git.blob(version.source), version.source, found.path)
        target = root / found.path
        try:
            changed = target.read_bytes() != data
        except FileNotFoundError:
            changed = True
        if changed:
            _write_bytes(journal, target, data)
            _crash_point()
        for form in (found.path, twin_name(found.path)):
            trash = root / "trash" / form.removeprefix("entries/")
            if trash.is_file() and git.ok("diff", "--quiet", "HEAD", "--", str(trash)):
                trash.unlink()  # its bytes are in the history, just committed
        name = Path(found.path).name.split(".", 1)[0]
        stamp = _NAME.match(name)
        label = (
            f"{stamp.group(1)}{stamp.group(2)}-{stamp.group(3)}-{stamp.group(4)} "
            f"{stamp.group(5)}:{stamp.group(6)} {stamp.group(7)}"
            if stamp
            else "entry"
        )
        _commit_all(git, f"restore {label} (version {version.number})")
    return Restored(target, version, changed)
