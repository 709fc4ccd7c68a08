"""The `git` command, run for kjournal: a neutral author, no prompts, private files, plain data."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from kjournal.errors import GitMissing, SyncError

# Every commit kjournal makes carries this author and committer, on every device: commit
# metadata stays plaintext even when entries are encrypted, so it names no person and no device.
AUTHOR_NAME = "kjournal"
AUTHOR_EMAIL = "kjournal@localhost"
# A network step that hangs (a captive portal, a dead VPN) ends as "could not reach" after this.
NETWORK_TIMEOUT = 120.0
# How long a leftover `.git/index.lock` may be fresh before it is taken as left by a git that
# was killed (a git still running finishes long before; the person's own git too).
STALE_INDEX_LOCK_SECONDS = 5.0

# Settings that would stop or change an automatic commit, whatever the person's git config says:
# no signing prompt (gpg pinentry would wait for a passphrase), no line-ending or rename magic,
# no colour or pager in output that kjournal reads.
_CONFIG = (
    "commit.gpgsign=false",
    "core.autocrlf=false",
    "core.safecrlf=false",
    "core.quotepath=false",
    "core.pager=cat",
    "color.ui=false",
    "merge.renames=false",
    "diff.renames=false",
    "advice.detachedHead=false",
    "init.defaultBranch=main",
    # A link from a remote is checked out as a small file holding its target, never as a link
    # that could point out of the journal.
    "core.symlinks=false",
)


def find_git() -> str:
    """The git program's path; GitMissing (naming what to install) when there is none."""
    import shutil

    found = os.environ.get("KJOURNAL_GIT") or shutil.which("git")
    if not found:
        raise GitMissing(
            "sync needs the git program, which is not installed: install git (Debian and "
            "Ubuntu: sudo apt install git; Fedora: sudo dnf install git; macOS: xcode-select "
            "--install or brew install git; Windows: https://git-scm.com), then try again"
        )
    return found


@dataclass(frozen=True)
class GitResult:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", errors="replace")

    def last_line(self) -> str:
        """git's last line of complaint, for a one-line message (never an entry's text: git
        names paths and remotes, not file contents)."""
        lines = [ln.strip() for ln in self.err.splitlines() if ln.strip()]
        # git's own verdict first ("fatal: ...", "! [rejected] ..."): its last line is often
        # the tail of advice ("and the repository exists.").
        verdicts = [ln for ln in lines if ln.startswith(("fatal:", "error:", "ssh:", "!"))]
        return (verdicts or lines or [f"git exited with code {self.code}"])[0]


class Git:
    """git in one journal folder: a fixed environment, files made 0600 (umask 077)."""

    def __init__(self, root: Path, program: str | None = None) -> None:
        self.root = root
        self.program = program or find_git()

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
            env.pop(name, None)  # a parent git's hook environment must not redirect ours
        env.update(
            GIT_AUTHOR_NAME=AUTHOR_NAME,
            GIT_AUTHOR_EMAIL=AUTHOR_EMAIL,
            GIT_COMMITTER_NAME=AUTHOR_NAME,
            GIT_COMMITTER_EMAIL=AUTHOR_EMAIL,
            GIT_TERMINAL_PROMPT="0",  # a missing password is an error, never a hidden prompt
            GIT_MERGE_AUTOEDIT="no",
            LC_ALL="C",  # git's messages in English, so that offline and refused can be told
            LANGUAGE="C",
        )
        return env

    def run(
        self,
        *args: str,
        check: bool = True,
        stdin: bytes | None = None,
        timeout: float | None = None,
    ) -> GitResult:
        """Run git; SyncError with git's last line when it fails and `check` is set."""
        command = [self.program]
        for setting in _CONFIG:
            command += ["-c", setting]
        command += list(args)
        result = GitResult(0, b"", "")
        for attempt in range(3):
            try:
                done = subprocess.run(
                    command,
                    cwd=self.root,
                    env=self.env(),
                    input=stdin,
                    stdin=None if stdin is not None else subprocess.DEVNULL,
                    capture_output=True,
                    timeout=timeout,
                    umask=0o077,  # what git checks out is private, as kjournal's own files
                    check=False,
                )
            except OSError as exc:  # missing, a folder, not executable
                raise GitMissing(
                    f"the git program ({self.program}) could not be run "
                    f"({exc.strerror or exc.__class__.__name__})"
                ) from None
            result = GitResult(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))
            if result.code != 0 and "index.lock" in result.err and attempt < 2:
                time.sleep(0.5)  # another git (an automatic commit) is busy for a moment
                continue
            break
        if check and result.code != 0:
            raise SyncError(f"git {args[0]} failed: {result.last_line()}")
        return result

    def out(self, *args: str) -> str:
        return self.run(*args).text.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).code == 0

    def rev(self, ref: str) -> str | None:
        """The commit a ref names, or None."""
        found = self.run("rev-parse", "-q", "--verify", f"{ref}^{{commit}}", check=False)
        return found.text.strip() if found.code == 0 else None

    def blob(self, spec: str) -> bytes:
        return self.run("cat-file", "blob", spec).out

    def paths(self, *args: str) -> list[str]:
        """A -z listing of paths as a list."""
        return [p for p in self.run(*args).text.split("\0") if p]

    @property
    def git_dir(self) -> Path:
        return self.root / ".git"

    def clear_stale_index_lock(self) -> bool:
        """Remove `.git/index.lock` left by a git that was killed (a killed kjournal's git
        child, or a crash of the machine); True if one was removed. A fresh one is waited on
        first: a git still running removes its own."""
        lock = self.git_dir / "index.lock"
        while True:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                return False
            if age >= STALE_INDEX_LOCK_SECONDS:
                lock.unlink(missing_ok=True)
                return True
            time.sleep(0.2)
