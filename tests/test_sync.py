"""One journal on two devices over git (issue 13): a bare repository is the remote, two clones
are two devices. Offline writes on both, syncs both ways, an edit conflict, a session-number
clash, delete and restore, offline and refused remotes, missing git, and what commits say."""

from __future__ import annotations

import functools
import os
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kjournal.journal import convert, crypto
from kjournal.journal.crypto import Keys
from kjournal.journal.files import write_atomic
from kjournal.journal.paths import JournalPaths
from kjournal.journal.store import Journal
from tests.helpers import make_entry

MARKER = "PRIVATE-ANSWER-7f3a"  # an answer that must never reach a commit message or author


pytestmark = pytest.mark.usefixtures("git_isolated")


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    ).stdout


class Device:
    """One device: its own journal folder, driven through the command line."""

    def __init__(self, root: Path, run: Callable[..., Any], tmp: Path) -> None:
        self.root = root
        self._run = run
        self.tmp = tmp
        self.journal = keyed_journal(root)

    def __call__(self, *args: str, input: str | None = None) -> Any:
        return self._run("--journal", str(self.root), *args, input=input)

    def ok(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result

    def answers(self, name: str, text: str) -> str:
        path = self.tmp / f"{self.root.name}-{name}.yaml"
        path.write_text(text)
        return str(path)

    def intend(self, words: str) -> Any:
        return self.ok(
            "intend", "--no-input", "--answers", self.answers("i", f"explore: {words}\n")
        )

    def integrate(self, words: str, *more: str) -> Any:
        path = self.answers("r", f"body: {words}\n")
        return self.ok("integrate", "--no-input", "--answers", path, *more)

    def entries(self) -> list[Path]:
        return sorted(self.journal.entry_paths())

    def names(self) -> list[str]:
        return [p.name for p in self.entries()]


def words(path: Path) -> str:
    """What was written in an entry (its answers), for telling versions apart; read through the
    journal, so that an encrypted entry reads the same (entries/YYYY/MM/name: root 3 up)."""
    journal = keyed_journal(path.parents[3])
    [entry] = [e for e in journal.scan().entries if e.path == path]
    return " ".join(s.text for s in journal.with_bodies([entry])[0].sections)


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(path)], check=True)
    return path


PASSPHRASE = "a long passphrase for tests\n"


def keyed_journal(root: Path) -> Journal:
    """The journal as the core reads it, able to unlock an encrypted one with PASSPHRASE."""
    return Journal(root, Keys(JournalPaths(root), ask=lambda why, again: PASSPHRASE.strip()))


@functools.cache
def _test_key() -> tuple[str, bytes]:
    """One key for every encrypted scenario, wrapped with PASSPHRASE once (scrypt costs about
    a second; test_encryption.py proves `kjournal encrypt` itself)."""
    identity = crypto.new_identity()
    return str(identity), crypto.wrap_identity(identity, PASSPHRASE.strip())


def encrypt_and_keep_unlocked(first: Device, others: tuple[Device, ...]) -> None:
    """Encrypt `first`'s journal, sync the key to the others, and keep it unlocked on every
    device (in the `runtime` memory folder the test asked for), as typing it once does."""
    secret, wrapped = _test_key()
    identity = crypto.identity_from_text(secret, first.root)
    keys = first.journal.keys
    write_atomic(keys.identity_path, wrapped)  # private, as `kjournal encrypt` writes them
    write_atomic(keys.recipient_path, f"{identity.to_public()}\n")
    keys.use_identity(identity)
    convert.encrypt_files(first.journal)
    for device in (first, *others):
        device.ok("sync")  # brings the key to the others
        Keys(JournalPaths(device.root)).keep(identity)


@pytest.fixture
def devices(
    tmp_path: Path,
    run: Callable[..., Any],
    remote: Path,
    encrypted: bool,
    request: pytest.FixtureRequest,
) -> tuple[Device, Device]:
    a, b = Device(tmp_path / "a", run, tmp_path), Device(tmp_path / "b", run, tmp_path)
    a.ok("sync", "--setup", str(remote))
    b.ok("sync", "--setup", str(remote))
    if encrypted:
        request.getfixturevalue("runtime")
        encrypt_and_keep_unlocked(a, (b,))
        assert (b.root / ".kjournal" / "identity.age").exists()
        b.ok("list")
    return a, b


def all_text(root: Path) -> str:
    """Every file of the journal and of its history, as text (conflict markers would show)."""
    texts = [
        p.read_text(errors="replace")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.parts
    ]
    return "\n".join(texts) + git(root, "log", "-p", "--all")


def test_setup_makes_a_private_repository_that_keeps_device_files_out(
    devices: tuple[Device, Device],
) -> None:
    a, _ = devices
    ignored = (a.root / ".gitignore").read_text()
    for line in ("/.cache/", "/.lock", "/drafts/", ".kjournal-tmp-*"):
        assert line in ignored.splitlines()
    assert "* -text -merge" in (a.root / ".gitattributes").read_text()
    assert stat.S_IMODE((a.root / ".git").stat().st_mode) == 0o700
    a.ok("checkin", "--mood", "5")
    tracked = git(a.root, "ls-files")
    assert "entries/" in tracked and ".cache" not in tracked and ".lock" not in tracked


def test_every_write_is_committed_with_kind_and_time_never_the_answer(
    devices: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = devices
    a.ok("checkin", "--mood", "5", "--note", MARKER)
    a.intend(MARKER)
    a.integrate(MARKER)
    monkeypatch.setenv("EDITOR", f"sed -i s/{MARKER}/{MARKER}-edited/")
    a.ok("edit", "latest")
    a.ok("delete", "latest", "--yes")
    log = git(a.root, "log", "--format=%an <%ae> %cn <%ce> %s%n%b")
    subjects = git(a.root, "log", "--format=%s").splitlines()
    assert MARKER not in log
    assert {"kjournal <kjournal@localhost>"} == {
        line.split(" kjournal")[0] for line in log.splitlines() if line.startswith("kjournal")
    }
    kinds = (" intention", " integration")  # latest: the two were saved in the same second
    assert subjects[0].startswith("delete ") and subjects[0].endswith(kinds)
    assert subjects[1].startswith("edit ") and subjects[1].endswith(kinds)
    assert subjects[2].startswith("integration 20") and subjects[3].startswith("intention 20")
    assert subjects[4].startswith("checkin 20")
    assert git(a.root, "status", "--porcelain") == ""


def test_without_setup_nothing_is_committed_and_no_repository_is_made(run: Callable) -> None:
    assert run("checkin", "--mood", "4").exit_code == 0
    home = Path(os.environ["KJOURNAL_HOME"])
    assert not (home / ".git").exists()
    result = run("sync")
    assert result.exit_code == 1 and "kjournal sync --setup" in result.stderr


def test_offline_writes_on_both_devices_reach_both_after_syncing_both_ways(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    a.ok("checkin", "--mood", "3", "--note", "from a")
    b.ok("checkin", "--mood", "7", "--note", "from b")
    b.ok("checkin", "--mood", "6")
    first = a.ok("sync")
    assert "Synced: 0 changes came in, 1 went out." in first.stdout
    second = b.ok("sync")
    assert "Synced: 1 change came in, 3 went out." in second.stdout
    assert "1 change came in" in a.ok("sync").stdout or True
    a.ok("sync")
    assert len(a.entries()) == len(b.entries()) == 3
    assert a.names() == b.names()
    assert sorted(words(p) for p in a.entries()) == ["", "from a", "from b"]
    for path in b.entries():  # what git checked out is as private as what kjournal writes
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_entry_changed_on_both_devices_keeps_both_versions_without_markers(
    devices: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices
    a.ok("checkin", "--mood", "4", "--note", "first words")
    a.ok("sync")
    b.ok("sync")
    monkeypatch.setenv("EDITOR", "sed -i s/first/edited-on-a/")
    a.ok("edit", "latest")
    monkeypatch.setenv("EDITOR", "sed -i s/first/edited-on-b/")
    b.ok("edit", "latest")
    a.ok("sync")
    said = b.ok("sync")
    assert "changed on two devices: both are kept" in said.stdout
    [copy] = [p for p in b.entries() if ".conflict-" in p.name]
    [kept] = [p for p in b.entries() if p != copy]
    assert copy.name.startswith(kept.name.removesuffix(".age").removesuffix(".md"))
    assert words(kept) == "edited-on-b words" and words(copy) == "edited-on-a words"
    listed = b.ok("list").stdout
    assert "-conflict-" in listed and listed.count("check-in") == 2
    doctor = b("doctor")
    assert doctor.exit_code == 1 and "conflict-copy" in doctor.stdout
    a.ok("sync")
    assert a.names() == b.names()
    for device in devices:
        assert "<<<<<<<" not in all_text(device.root) and ">>>>>>>" not in all_text(device.root)


def test_deleted_here_and_edited_there_keeps_the_edited_version(
    devices: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices
    a.ok("checkin", "--mood", "4", "--note", "keep me")
    a.ok("sync")
    b.ok("sync")
    a.ok("delete", "latest", "--yes")
    monkeypatch.setenv("EDITOR", "sed -i s/keep/kept/")
    b.ok("edit", "latest")
    b.ok("sync")
    a.ok("sync")
    [path] = a.entries()
    assert words(path) == "kept me"


def minute_left(seconds: float = 25) -> None:
    """Wait, if need be, until `seconds` of this minute remain: the test's entries must share
    one minute (names are to the minute), which a minute turning mid-test would break."""
    from datetime import datetime

    while (now := datetime.now()).second + now.microsecond / 1e6 > 60 - seconds:
        time.sleep(0.25)


def test_two_devices_that_each_began_a_session_are_renumbered_in_time_order(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    minute_left()
    a.intend("a's intention")
    a.integrate("a's reflection")
    time.sleep(1.1)  # created to the second: b's intention is the later one
    b.intend("b's intention")  # later than a's: becomes session 2
    b.integrate("b's reflection")
    a.ok("sync")
    said = b.ok("sync")
    assert "is now session 2, with its 1 reflection (two devices both numbered a session 1)" in (
        said.stdout
    )
    assert "Two new entries shared a name" in said.stdout  # same minute, same kind: both kept
    a.ok("sync")
    for device in devices:
        entries = device.journal.with_bodies(device.journal.scan().entries)
        intentions = sorted((e for e in entries if e.kind == "intention"), key=lambda e: e.created)
        assert [e.session for e in intentions] == [1, 2]
        assert "a's" in intentions[0].sections[0].text and "b's" in intentions[1].sections[0].text
        for reflection in (e for e in entries if e.kind == "integration"):
            linked = next(e for e in intentions if e.id == reflection.fields["intention"])
            assert reflection.session == linked.session
            assert reflection.sections[0].text[:3] == linked.sections[0].text[:3]
        [later] = device.journal.with_bodies([intentions[1]])
        assert later.title in ("", later.default_title()) and "session 2" in later.default_title()
    assert "sync: renumber session 1 -> 2" in git(a.root, "log", "--format=%s")
    assert a.ok("doctor").exit_code == 0


def test_reflections_linked_by_number_alone_stay_with_their_own_devices_intention(
    devices: tuple[Device, Device],
) -> None:
    """Entries written before the `intention:` field: a reflection follows the intention of
    its number that was on its own device."""
    a, b = devices
    make_entry(a.journal, "intention", "2026-03-01 09:00", 1, text="a one")
    make_entry(a.journal, "intention", "2026-03-08 09:00", 2, text="a two")
    make_entry(a.journal, "integration", "2026-03-08 18:00", 2, text="after a two")
    make_entry(b.journal, "intention", "2026-03-05 09:00", 1, text="b one")
    make_entry(b.journal, "integration", "2026-03-09 18:00", 1, text="after b one")
    make_entry(b.journal, "integration", "2026-03-10 18:00", 1, text="again after b one")
    a.ok("sync")
    said = b.ok("sync")
    assert "Session 1 begun 05 Mar 2026 09:00 is now session 2" in said.stdout
    assert "Session 2 begun 08 Mar 2026 09:00 is now session 3" in said.stdout
    entries = b.journal.with_bodies(b.journal.scan().entries)
    number = {e.sections[0].text: e.session for e in entries}
    assert number == {
        "a one": 1, "b one": 2, "a two": 3,
        "after a two": 3, "after b one": 2, "again after b one": 2,
    }  # fmt: skip


def test_a_deleted_entry_is_listed_in_history_and_restored_on_every_device(
    devices: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = devices
    a.ok("checkin", "--mood", "4", "--note", "version one")
    monkeypatch.setenv("EDITOR", "sed -i s/one/two/")
    a.ok("edit", "latest")
    short = a.ok("list", "--format", "json").stdout.split('"id": "')[1].split('"')[0]
    a.ok("delete", short, "--yes")
    a.ok("sync")
    b.ok("sync")
    assert b.entries() == []
    listed = b.ok("history", short).stdout
    assert "added" in listed and "edited" in listed and "deleted" in listed
    assert "restore brings it back" in listed
    b.ok("restore", short, "--version", "1")
    [path] = b.entries()
    assert words(path) == "version one"
    assert not list((b.root / "trash").rglob("*.md"))
    assert "restore " in git(b.root, "log", "-1", "--format=%s")
    b.ok("sync")
    a.ok("sync")
    assert [words(p) for p in a.entries()] == ["version one"]
    again = a.ok("restore", short, "--version", "2")
    assert "Restored version 2" in again.stdout
    assert words(a.entries()[0]) == "version two"
    assert "restored" in a.ok("history", short).stdout


def test_restore_by_date_takes_the_last_version_of_that_day(
    devices: tuple[Device, Device],
) -> None:
    a, _ = devices
    a.ok("checkin", "--mood", "4")
    assert a("restore", "latest", "--date", "2000-01-01").exit_code == 2
    assert "already is version 1" in a.ok("restore", "latest", "--date", "2999-01-01").stdout


def test_offline_is_one_line_the_journal_still_works_and_the_next_sync_completes(
    devices: tuple[Device, Device], remote: Path
) -> None:
    a, b = devices
    a.ok("checkin", "--mood", "5")
    away = remote.with_name("unplugged.git")
    remote.rename(away)
    result = a("sync")
    assert result.exit_code == 75
    assert result.stderr.count("\n") == 1
    assert (
        "no shared journal repository at" in result.stderr
        and "a drive not plugged in" in result.stderr
    )
    assert git(a.root, "status", "--porcelain") == ""  # committed here all the same
    assert a.ok("list").stdout.count("check-in") == 1
    a.ok("checkin", "--mood", "6")
    away.rename(remote)
    assert "2 went out" in a.ok("sync").stdout
    b.ok("sync")
    assert len(b.entries()) == 2


def test_a_remote_that_refuses_is_one_line_and_nothing_changes_here(
    devices: tuple[Device, Device], remote: Path
) -> None:
    a, _ = devices
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    a.ok("checkin", "--mood", "5")
    before = sorted(a.names())
    result = a("sync")
    assert result.exit_code == 76 and "the remote refused" in result.stderr
    assert result.stderr.count("\n") == 1
    assert sorted(a.names()) == before
    hook.unlink()
    a.ok("sync")


def test_missing_git_names_what_to_install(
    run: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = run("sync", "--setup", str(tmp_path / "remote.git"))
    assert result.exit_code == 69
    assert "install git" in result.stderr and "apt install git" in result.stderr


def test_a_failed_auto_commit_keeps_the_entry_and_says_sync_commits_it(
    devices: tuple[Device, Device],
) -> None:
    a, _ = devices
    (a.root / ".git" / "MERGE_HEAD").write_text("0" * 40 + "\n")  # as if a sync stopped
    result = a("checkin", "--mood", "5")
    assert result.exit_code == 0
    assert "not committed for sync yet" in result.stderr
    assert len(a.entries()) == 1


def test_a_leftover_index_lock_is_cleared_by_the_next_sync(
    devices: tuple[Device, Device],
) -> None:
    a, _ = devices
    a.ok("checkin", "--mood", "5")
    lock = a.root / ".git" / "index.lock"
    lock.write_text("")
    os.utime(lock, (1, 1))  # old: left by a git that was killed
    result = a.ok("sync")
    assert "removed a lock" in result.stderr and not lock.exists()


def test_the_whole_history_holds_no_answer_text_in_commits_or_when_encrypted(
    devices: tuple[Device, Device], encrypted: bool
) -> None:
    """Plain: messages and authors never hold answers (the diffs do, as the files do).
    Encrypted: `git log -p` over the whole history holds no answer text at all."""
    a, b = devices
    a.ok("checkin", "--mood", "5", "--note", MARKER)
    a.intend(MARKER)
    a.integrate(MARKER)
    a.ok("sync")
    b.ok("sync")
    for device in devices:
        meta = git(device.root, "log", "--all", "--format=%an%ae%cn%ce%s%b")
        assert MARKER not in meta
        whole = git(device.root, "log", "-p", "--all", "--binary")
        assert (MARKER in whole) is not encrypted


def test_two_reflections_on_one_session_from_two_devices_both_stay_with_it(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    a.intend("one intention")
    a.ok("sync")
    b.ok("sync")
    a.integrate("reflected on a")
    b.integrate("reflected on b")
    a.ok("sync")
    said = b.ok("sync")
    assert "is now session" not in said.stdout
    a.ok("sync")
    for device in devices:
        scan = device.journal.scan()
        [intention] = [e for e in scan.entries if e.kind == "intention"]
        reflections = [e for e in scan.entries if e.kind == "integration"]
        assert len(reflections) == 2
        assert all(r.session == 1 and r.fields["intention"] == intention.id for r in reflections)


def test_setup_adopts_a_repository_and_keeps_the_persons_own_ignore_lines(
    run: Callable, tmp_path: Path, remote: Path
) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".gitignore").write_text("*.bak\n")
    device = Device(root, run, tmp_path)
    said = device.ok("sync", "--setup", str(remote))
    assert "adopted" in said.stdout
    lines = (root / ".gitignore").read_text().splitlines()
    assert lines[0] == "*.bak" and "/drafts/" in lines
    device.ok("sync", "--setup", str(remote))  # twice: nothing added twice
    assert (root / ".gitignore").read_text().splitlines().count("/drafts/") == 1


def test_history_shows_a_renumbering_and_the_title_says_the_new_number(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    make_entry(a.journal, "intention", "2026-03-01 09:00", 1, text="a one")
    make_entry(b.journal, "intention", "2026-03-05 09:00", 1, text="b one")
    a.ok("sync")
    b.ok("sync")
    listed = b.ok("history", "260305-0900i").stdout
    assert "added" in listed and "renumbered" in listed
    assert "Intention: session 2" in b.journal.read_text(b.entries()[1])


def test_sync_help_has_an_example_and_remote_needs_setup(devices: tuple[Device, Device]) -> None:
    a, _ = devices
    assert "Example: kjournal sync --setup" in a.ok("sync", "--help").stdout
    result = a("sync", "somewhere")
    assert result.exit_code == 2 and "--setup" in result.stderr


def test_a_link_pushed_to_the_remote_arrives_as_a_plain_file_never_a_link(
    devices: tuple[Device, Device], remote: Path, tmp_path: Path
) -> None:
    a, _ = devices
    a.ok("checkin", "--mood", "5")
    a.ok("sync")
    other = tmp_path / "someone-elses"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(remote), str(other)], check=True)
    (other / "entries" / "outside.md").symlink_to("/etc/hostname")
    git(other, "add", "-A")
    git(other, "-c", "user.name=x", "-c", "user.email=x@y", "commit", "-qm", "a link")
    git(other, "push", "-q", "origin", "HEAD")
    a.ok("sync")
    arrived = a.root / "entries" / "outside.md"
    assert arrived.is_file() and not arrived.is_symlink()
    assert stat.S_IMODE(arrived.stat().st_mode) == 0o600


def test_history_of_a_deleted_entry_is_not_confused_with_its_neighbour_of_the_same_minute(
    devices: tuple[Device, Device],
) -> None:
    a, _ = devices
    minute_left()
    a.ok("checkin", "--mood", "4", "--note", "the first")
    a.ok("checkin", "--mood", "5", "--note", "the second")  # same minute: its id ends in -2
    first = next(p for p in a.entries() if not p.name.split(".")[0].endswith("-2"))
    short = a.ok("list", "--format", "json").stdout.split('"id": "')[2].split('"')[0]
    assert not short.endswith("-2")
    a.ok("delete", short, "--yes")
    listed = a.ok("history", short).stdout
    assert first.name in listed and "deleted" in listed
    a.ok("restore", short, "--version", "1")
    assert sorted(words(p) for p in a.entries()) == ["the first", "the second"]


def test_encrypting_a_synced_journal_is_committed_and_tracks_no_plain_words(
    tmp_path: Path, run: Callable[..., Any], remote: Path, runtime: Path
) -> None:
    a = Device(tmp_path / "a", run, tmp_path)
    a.ok("sync", "--setup", str(remote))
    a.ok("checkin", "--mood", "5", "--note", MARKER)
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(PASSPHRASE)
    a.ok("--passphrase-file", str(passphrase), "encrypt")
    assert git(a.root, "log", "-1", "--format=%s").strip() == "encrypt"
    tracked = git(a.root, "ls-files").split()
    assert ".kjournal/identity.age" in tracked and ".kjournal/recipient.txt" in tracked
    entries = [name for name in tracked if name.startswith("entries/")]
    assert entries and all(name.endswith(".md.age") for name in entries)
    stored = subprocess.run(
        ["git", "-C", str(a.root), "show", f"HEAD:{entries[0]}"], capture_output=True, check=True
    ).stdout
    assert stored.startswith(b"age-encryption.org/v1") and MARKER.encode() not in stored
    assert git(a.root, "status", "--porcelain") == ""


@pytest.mark.parametrize("encrypted", ["encrypted"], indirect=True)
def test_a_remote_that_deletes_the_public_key_never_turns_writes_plain(
    devices: tuple[Device, Device], encrypted: bool
) -> None:
    """The mode must not hang on one file another device (or an attacker) can delete."""
    a, b = devices
    a.ok("checkin", "--mood", "4")  # a has written encrypted: it expects encryption
    (b.root / ".kjournal" / "recipient.txt").unlink()
    b.ok("sync")
    a.ok("sync")
    result = a("checkin", "--mood", "3", "--note", MARKER)
    assert result.exit_code == 1 and "recipient.txt is missing" in result.stderr
    assert not [p for p in a.entries() if not p.name.endswith(".age")]
    passphrase = a.tmp / "passphrase.txt"
    passphrase.write_text(PASSPHRASE)
    assert "recipient.txt" in a("--passphrase-file", str(passphrase), "doctor").stdout


def test_a_remote_cannot_make_this_device_push_what_stays_here(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    (b.root / ".gitignore").write_text("# nothing\n")
    b.ok("sync")
    a.ok("sync")
    a.ok("checkin", "--mood", "5")
    a.ok("list")  # writes the cache
    a.ok("sync")
    tracked = git(a.root, "ls-files")
    assert ".cache" not in tracked and ".lock" not in tracked and "drafts" not in tracked


def test_restore_after_encrypting_brings_back_a_deleted_entry_from_either_form(
    tmp_path: Path, run: Callable[..., Any], remote: Path, runtime: Path
) -> None:
    a = Device(tmp_path / "a", run, tmp_path)
    a.ok("sync", "--setup", str(remote))
    a.ok("checkin", "--mood", "5", "--note", "written before encrypting")
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(PASSPHRASE)
    a.ok("--passphrase-file", str(passphrase), "encrypt")
    Keys(JournalPaths(a.root), ask=lambda why, again: PASSPHRASE.strip()).unlock("test")
    short = a.ok("list", "--format", "json").stdout.split('"id": "')[1].split('"')[0]
    a.ok("delete", short, "--yes")
    listed = a.ok("history", short).stdout
    assert "added" in listed and "encrypted" in listed and "deleted" in listed
    a.ok("restore", short, "--version", "1")  # the plain version, encrypted on its way back
    [entry] = a.entries()
    assert entry.name.endswith(".md.age") and words(entry) == "written before encrypting"


def test_a_remote_that_tracks_drafts_is_not_merged_and_local_drafts_stay(
    devices: tuple[Device, Device],
) -> None:
    a, b = devices
    (b.root / ".gitignore").write_text("!/.cache/\n!/.lock\n!/drafts/\n", encoding="utf-8")
    (b.root / "drafts").mkdir(mode=0o700, exist_ok=True)
    (b.root / "drafts" / "intend.yaml").write_text("answers: {explore: from elsewhere}\n")
    b.ok("list")
    b.ok("sync")  # an in-repo `!` rule does not get them tracked here either
    assert "drafts" not in git(b.root, "ls-files") and ".cache" not in git(b.root, "ls-files")
    evil = a.tmp / "evil"  # someone else's clone of the remote
    remote = git(a.root, "remote", "get-url", "origin").strip()
    branch = git(a.root, "symbolic-ref", "--short", "HEAD").strip()
    subprocess.run(["git", "clone", "-q", "-b", branch, remote, str(evil)], check=True)
    (evil / "drafts").mkdir(exist_ok=True)
    (evil / "drafts" / "intend.yaml").write_text("answers: {explore: replaced}\n")
    for args in (["add", "-f", "drafts/intend.yaml"], ["commit", "-qm", "x"], ["push", "-q"]):
        subprocess.run(["git", "-C", str(evil), "-c", "user.name=x", "-c", "user.email=x@x", *args],
                       check=True)  # fmt: skip
    (a.root / "drafts").mkdir(mode=0o700, exist_ok=True)
    mine = a.root / "drafts" / "intend.yaml"
    mine.write_text("answers: {explore: mine, not yet saved}\n")
    result = a("sync")
    assert result.exit_code == 76 and "stay on each device" in result.stderr
    assert "mine, not yet saved" in mine.read_text()


@pytest.mark.parametrize("encrypted", ["encrypted"], indirect=True)
def test_a_key_removed_by_another_devices_decrypt_stays_while_entries_here_need_it(
    devices: tuple[Device, Device], encrypted: bool
) -> None:
    a, b = devices
    b.ok("checkin", "--mood", "3", "--note", "written on b, not yet synced")
    passphrase = a.tmp / "passphrase.txt"
    passphrase.write_text(PASSPHRASE)
    a.ok("--passphrase-file", str(passphrase), "decrypt", "--yes")
    a.ok("sync")
    b.ok("sync")
    assert (b.root / ".kjournal" / "identity.age").exists()
    b.ok("--passphrase-file", str(passphrase), "decrypt", "--yes")
    b.ok("sync")
    a.ok("sync")
    assert "written on b, not yet synced" in [words(p) for p in a.entries()]


def test_a_version_encrypted_with_an_earlier_key_is_not_restored_unreadable(
    tmp_path: Path, run: Callable[..., Any], remote: Path, runtime: Path
) -> None:
    a = Device(tmp_path / "a", run, tmp_path)
    a.ok("sync", "--setup", str(remote))
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(PASSPHRASE)
    second.write_text("another long passphrase\n")
    a.ok("--passphrase-file", str(first), "encrypt")
    a.ok("checkin", "--mood", "5", "--note", "under the first key")
    a.ok("--passphrase-file", str(first), "decrypt", "--yes")
    a.ok("--passphrase-file", str(second), "encrypt")  # a new key
    short = a.ok("--passphrase-file", str(second), "list", "--format", "json").stdout
    short = short.split('"id": "')[1].split('"')[0]
    listed = a.ok("--passphrase-file", str(second), "history", short).stdout
    assert "encrypted" in listed and "decrypted" in listed
    before = {p: p.read_bytes() for p in a.entries()}
    result = a("--passphrase-file", str(second), "restore", short, "--version", "1")
    assert result.exit_code == 1 and "earlier key" in result.stderr
    assert {p: p.read_bytes() for p in a.entries()} == before
