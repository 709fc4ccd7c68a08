"""Encryption under SIGKILL, and where the person's words may be found (tracker issue 12).

`kjournal encrypt` and `kjournal decrypt` are killed at every write point of the crash harness
(tests/crashkit.py), one new process per point: after each kill every entry reads exactly once
(a twin left by the kill is a notice, never a duplicate), every word file is there in one form
or the other with its words unchanged, and running the command again finishes the job. A writing
flow in an encrypted journal is killed at every point too, and after each kill, and after each
everyday command, a marker answer is searched for in every byte under the journal, the runtime
folder and the temp folder: it is never found.

scrypt (the passphrase's wrap, about 1.3 s) would be paid at every kill point, so the fork
server wraps and unwraps this module's test key once, before forking, and hands the same bytes
to every child (SCRYPT_ONCE): the children run the real commands, write points included. The
encrypted journal is made once per module by the real `kjournal encrypt` in a new process.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kjournal.journal import convert, crypto, edits
from kjournal.journal.crypto import AGE_SUFFIX, Keys, identity_from_text
from kjournal.journal.paths import JournalPaths
from kjournal.journal.store import Journal
from tests.crashkit import Ran, Runs, kjournal_command
from tests.helpers import make_entry

PASSPHRASE = "correct horse battery staple"
# Each word file of the journal holds one marker of its own; none may be found in plain bytes
# once the journal is encrypted.
MARKERS = {
    "intention": "zqx-intention-9c41e7",
    "checkin": "zqx-checkin-b2d805",
    "integration": "zqx-integration-5f3a19",
    "trashed": "zqx-trashed-e07c66",
    "draft": "zqx-draft-3ad2b4",
    "set-aside": "zqx-aside-71be0f",
    "plan": "zqx-safety-plan-c98d21",
}
FLOW_MARKER = "zqx-written-while-locked-4e6a90"
ANSWERS_MARKER = "zqx-intend-answers-0b77c3"
EDIT_MARKER = "zqx-edited-in-memory-d5e2f8"
# The fewest kill points each command must have had (a word file costs five write points and
# its removal one): the runs cannot silently shrink to nothing.
MIN_KILLS = {
    "encrypt": 50, "decrypt": 45, "checkin-locked": 8, "intend-locked": 8,
    "checkin-unlocked": 8, "intend-unlocked": 8,
}  # fmt: skip
KILLS: dict[str, int] = {}  # filled by the tests, printed at the end of each

# Runs in the fork server before any fork: the test key is wrapped with the passphrase once
# (and the module journal's key unwrapped once), and every child gets those same bytes back.
SCRYPT_ONCE = """
from kjournal.journal import crypto as _crypto
from pyrage import x25519 as _x25519
_identity = _x25519.Identity.from_str({secret!r})
_real_wrap, _real_unwrap = _crypto.wrap_identity, _crypto.identity_from_wrapped
_wrapped = _real_wrap(_identity, {passphrase!r})
_opened = {{(_wrapped, {passphrase!r}): _identity}}
for _path in {unwrap!r}:
    _bytes = open(_path, "rb").read()
    _opened[(_bytes, {passphrase!r})] = _real_unwrap(_bytes, {passphrase!r}, _path)

def _wrap(identity, passphrase):
    if (str(identity), passphrase) == (str(_identity), {passphrase!r}):
        return _wrapped
    return _real_wrap(identity, passphrase)

def _unwrap(wrapped, passphrase, source):
    found = _opened.get((bytes(wrapped), passphrase))
    return found if found is not None else _real_unwrap(wrapped, passphrase, source)

_crypto.new_identity = lambda: _identity
_crypto.wrap_identity = _wrap
_crypto.identity_from_wrapped = _unwrap
"""


# Where words could land: every regular file under these folders is searched.


def marker_hits(folders: list[Path], markers: list[str]) -> list[str]:
    """'file: marker' for each marker found in the bytes of any regular file under folders
    (links are not followed: what they point at is not under the folder)."""
    needles = [m.encode() for m in markers]
    hits = []
    for top in folders:
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    if not stat.S_ISREG(os.lstat(path).st_mode):
                        continue
                    data = Path(path).read_bytes()
                except FileNotFoundError:
                    continue
                hits += [f"{path}: {n.decode()}" for n in needles if n in data]
    return hits


# The journals: one plain template per module, and the same encrypted by the real command.


def build_plain(root: Path) -> dict[str, str]:
    """A journal with three entries, a trashed one, a draft, a set-aside draft and a safety
    plan, each holding its marker. Returns the entry ids."""
    journal = Journal(root)
    make_entry(journal, "intention", "2026-01-05 09:00", 1, text=f"soften {MARKERS['intention']}")
    make_entry(journal, "checkin", "2026-01-05 20:00", mood=6, note=MARKERS["checkin"])
    make_entry(journal, "integration", "2026-01-06 18:00", 1, text=MARKERS["integration"])
    trashed = make_entry(journal, "checkin", "2026-01-07 08:00", text=MARKERS["trashed"])
    edits.trash_entry(journal, trashed)
    draft = journal.new_draft_path("intend")
    journal.save_draft(draft, {"answers": {"explore": MARKERS["draft"]}}, new=True)
    aside = journal.new_draft_path("checkin")
    journal.save_draft(aside, {"answers": {"note": MARKERS["set-aside"]}}, new=True)
    journal.set_draft_aside(aside)
    journal.write_text(journal.safety_plan_path, f"# My safety plan\n\n{MARKERS['plan']}\n")
    return {e.id: e.kind for e in journal.scan().entries}


def word_files(root: Path) -> dict[str, bytes]:
    """Each plain word file of a journal, by path relative to it, with its bytes."""
    journal = Journal(root)
    return {
        str(p.relative_to(root)): p.read_bytes() for p in convert.word_files(journal, sealed=False)
    }


@dataclass
class Templates:
    plain: Path
    encrypted: Path
    ids: dict[str, str]
    originals: dict[str, bytes]  # relative path of each plain word file: its bytes
    identity: object  # the encrypted template's key (from its recovery copy)
    secret: str
    passphrase_file: Path  # outside every searched folder


def base_env(work: Path) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "HOME": str(work / "home")}
    env["KJOURNAL_CONFIG"] = str(work / "config.yaml")
    for var in ("KJOURNAL_TEST_KILL_AT", "KJOURNAL_PASSPHRASE_FILE", "VISUAL", "EDITOR"):
        env.pop(var, None)
    return env


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    work = tmp_path_factory.mktemp("crypto-templates")
    (work / "home").mkdir()
    plain = work / "plain"
    ids = build_plain(plain)
    originals = word_files(plain)
    assert len(originals) == 7 and len(ids) == 3
    outside = work / "outside"
    outside.mkdir()
    passphrase_file = outside / "passphrase"
    passphrase_file.write_text(PASSPHRASE + "\n")
    encrypted = work / "encrypted"
    shutil.copytree(plain, encrypted)
    env = {**base_env(work), "KJOURNAL_HOME": str(encrypted)}
    env.pop("XDG_RUNTIME_DIR", None)  # nothing kept: each test keeps its own
    recovery = outside / "recovery.txt"
    done = subprocess.run(
        [*kjournal_command(), "--passphrase-file", str(passphrase_file), "encrypt",
         "--recovery-copy", str(recovery)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(convert.word_files(Journal(encrypted), sealed=False)) == []
    secret = recovery.read_text()
    return Templates(
        plain, encrypted, ids, originals, identity_from_text(secret, recovery),
        next(line for line in secret.splitlines() if line.startswith("AGE-SECRET-KEY-1")),
        passphrase_file,
    )  # fmt: skip


@dataclass
class Place:
    """One test's folders: its journals, a runtime folder on tmpfs, its own TMPDIR, and a
    folder outside all three (answers files, the runs' standard streams)."""

    work: Path
    runtime: Path
    tmp: Path
    outside: Path

    def env(self, root: Path, kill_at: int = 0, **more: str) -> dict[str, str]:
        env = {**base_env(self.work), "KJOURNAL_HOME": str(root), **more}
        env.update({"XDG_RUNTIME_DIR": str(self.runtime), "TMPDIR": str(self.tmp)})
        if kill_at:
            env["KJOURNAL_TEST_KILL_AT"] = str(kill_at)
        return env

    def searched(self, root: Path) -> list[Path]:
        return [root, self.runtime, self.tmp]


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Place]:
    if crypto.filesystem_type("/dev/shm") not in ("tmpfs", "ramfs"):
        pytest.skip("/dev/shm is not a memory filesystem: no runtime folder to keep a key in")
    runtime = Path(tempfile.mkdtemp(prefix="kjournal-cryptotest-", dir="/dev/shm"))
    os.chmod(runtime, 0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))  # for Keys made in this process
    for name in ("home", "tmp", "outside"):
        (tmp_path / name).mkdir(exist_ok=True)
    try:
        yield Place(tmp_path, runtime, tmp_path / "tmp", tmp_path / "outside")
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def fork_server(place: Place, templates: Templates, *unwrap: Path) -> Runs:
    prelude = SCRYPT_ONCE.format(
        secret=templates.secret, passphrase=PASSPHRASE, unwrap=[str(p) for p in unwrap]
    )
    # The server's own temp folder and runtime folder are the test's: a child inherits them.
    return Runs(place.env(place.work / "none"), prelude)


def run(runs: Runs, place: Place, root: Path, args: list[str], kill_at: int = 0, **env: str) -> Ran:
    return runs.run(tuple(args), "", place.env(root, kill_at, **env), place.outside / "io")


def killed(ran: Ran) -> bool:
    return ran.returncode == -signal.SIGKILL


def reading_journal(root: Path, identity: object) -> Journal:
    keys = Keys(JournalPaths(root))
    keys.use_identity(identity)
    return Journal(root, keys)


# What must hold after every kill of a conversion, and once it has finished.


def check_every_word_once(root: Path, templates: Templates, where: str) -> list[str]:
    """Every entry reads exactly once with nothing reported; every word file is there, plain or
    encrypted, holding the original bytes; nothing else holding words appeared. Returns the
    word files found both ways (twins)."""
    journal = reading_journal(root, templates.identity)
    scan = journal.scan()
    assert scan.problems == [], f"{where}: {scan.problems}"
    ids = [e.id for e in scan.entries]
    assert sorted(ids) == sorted(templates.ids), f"{where}: entries read {ids}"
    twins = []
    for relative, original in templates.originals.items():
        plain, sealed = root / relative, root / (relative + AGE_SUFFIX)
        forms = [p for p in (plain, sealed) if os.path.lexists(p)]
        assert forms, f"{where}: {relative} is neither plain nor encrypted"
        for form in forms:
            assert journal.read_text(form).encode() == original, f"{where}: {form} changed"
        if len(forms) == 2:
            twins.append(relative)
            if relative.startswith("entries/"):  # told, not shown twice
                assert any(Path(relative).name in n for n in scan.notices), (where, scan.notices)
    drafts = sorted(crypto.plain_name(d.path.name) for d in journal.drafts())
    assert drafts == sorted(Path(r).name for r in templates.originals if r.startswith("drafts/"))
    found = {
        str(p.relative_to(root)).removesuffix(AGE_SUFFIX)
        for sealed in (False, True)
        for p in convert.word_files(journal, sealed=sealed)
    }
    assert found == set(templates.originals), f"{where}: word files {found}"
    return twins


def check_encrypted(root: Path, templates: Templates, identity: object, where: str) -> None:
    journal = reading_journal(root, identity)
    assert journal.keys.encrypted and journal.keys.has_identity, where
    assert list(convert.word_files(journal, sealed=False)) == [], where
    for relative, original in templates.originals.items():
        sealed = root / (relative + AGE_SUFFIX)
        assert journal.read_text(sealed).encode() == original, f"{where}: {relative}"
    scan = journal.scan()
    assert scan.problems == [] and scan.notices == [], f"{where}: {scan.problems} {scan.notices}"
    assert sorted(e.id for e in scan.entries) == sorted(templates.ids), where


def check_plain(root: Path, templates: Templates, where: str) -> None:
    journal = Journal(root)
    assert not journal.keys.encrypted and not journal.keys.has_identity, where
    assert list(convert.word_files(journal, sealed=True)) == [], where
    assert word_files(root) == templates.originals, where
    leftovers = [str(p.relative_to(root)) for p in root.rglob("*") if p.name.endswith(AGE_SUFFIX)]
    assert leftovers == [], f"{where}: {leftovers}"
    scan = journal.scan()
    assert scan.problems == [] and scan.notices == [], f"{where}: {scan.problems} {scan.notices}"
    assert sorted(e.id for e in scan.entries) == sorted(templates.ids), where


def report(name: str, kills: int) -> None:
    KILLS[name] = kills
    print(f"\n{name}: killed at {kills} write points, then finished once")
    assert kills >= MIN_KILLS[name], f"{name}: only {kills} kill points"


# (a) kjournal encrypt, killed at each point


@pytest.mark.slow
def test_encrypt_killed_at_every_point_keeps_every_entry_and_finishes_when_run_again(
    templates: Templates, place: Place
) -> None:
    identity = templates.identity  # the fork server makes this key the new one
    args = ["--passphrase-file", str(templates.passphrase_file), "encrypt"]
    with fork_server(place, templates) as runs:
        for kill_at in range(1, 1000):
            root = place.work / "runs" / f"encrypt-{kill_at}"
            shutil.copytree(templates.plain, root)
            ran = run(runs, place, root, args, kill_at)
            if not killed(ran):
                assert ran.returncode == 0, ran.stderr
                check_encrypted(root, templates, identity, "encrypt, not killed")
                assert marker_hits(place.searched(root), list(MARKERS.values())) == []
                break
            where = f"encrypt killed at {kill_at}"
            check_every_word_once(root, templates, where)
            again = run(runs, place, root, args)
            assert again.returncode == 0, f"{where}, then again: {again.stderr}"
            check_encrypted(root, templates, identity, f"{where}, then again")
            assert marker_hits(place.searched(root), list(MARKERS.values())) == [], where
            keys = [h for h in marker_hits([place.runtime], [templates.secret])]
            stray = [h for h in keys if "/kjournal/unlocked-" not in h]  # only the kept key
            assert stray == [], f"{where}, then again: the key left in {stray}"
            shutil.rmtree(root)
        else:
            pytest.fail("encrypt was killed at 999 points and never finished")
    report("encrypt", kill_at - 1)


# (b) kjournal decrypt, killed at each point


@pytest.mark.slow
def test_decrypt_killed_at_every_point_keeps_every_entry_and_finishes_when_run_again(
    templates: Templates, place: Place
) -> None:
    identity_file = templates.encrypted / ".kjournal" / "identity.age"
    args = ["--passphrase-file", str(templates.passphrase_file), "decrypt", "--yes"]
    with fork_server(place, templates, identity_file) as runs:
        for kill_at in range(1, 1000):
            root = place.work / "runs" / f"decrypt-{kill_at}"
            shutil.copytree(templates.encrypted, root)
            ran = run(runs, place, root, args, kill_at)
            where = f"decrypt killed at {kill_at}"
            if killed(ran):
                check_every_word_once(root, templates, where)
                keys = Keys(JournalPaths(root))
                if any(convert.word_files(Journal(root), sealed=True)):  # its only key
                    assert keys.has_identity, f"{where}: identity.age removed too soon"
                again = run(runs, place, root, args)
                assert again.returncode == 0, f"{where}, then again: {again.stderr}"
                where += ", then again"
            else:
                assert ran.returncode == 0, ran.stderr
                where = "decrypt, not killed"
            check_plain(root, templates, where)
            # Decrypting writes words in the journal, plainly, by request; never elsewhere.
            assert marker_hits([place.runtime, place.tmp], list(MARKERS.values())) == [], where
            kept = marker_hits([place.runtime], [templates.secret])  # a temp file too
            assert kept == [], f"{where}: the unlocked key is still kept: {kept}"
            shutil.rmtree(root)
            if not killed(ran):
                break
        else:
            pytest.fail("decrypt was killed at 999 points and never finished")
    report("decrypt", kill_at - 1)


# (c) Writing in an encrypted journal, locked: killed at each point, the words never plain


WRITING_FLOWS = {
    "checkin": (["checkin", "--mood", "5", "--note", FLOW_MARKER], FLOW_MARKER),
    "intend": (["intend", "--answers", "{answers}", "--no-input"], ANSWERS_MARKER),
}


@pytest.mark.slow
@pytest.mark.parametrize("unlocked", [False, True], ids=["locked", "unlocked"])
@pytest.mark.parametrize("flow", sorted(WRITING_FLOWS))
def test_a_writing_flow_killed_anywhere_leaves_no_plain_words(
    flow: str, unlocked: bool, templates: Templates, place: Place
) -> None:
    """Locked, the flow numbers the session from the index; unlocked (a key kept in the runtime
    folder), it reads the journal and rewrites the encrypted cache too."""
    answers = place.outside / "answers.yaml"  # outside every searched folder
    answers.write_text(f"mood: 4\nroute: im\nexplore: |\n  {ANSWERS_MARKER}\n  second line\n")
    template_args, marker = WRITING_FLOWS[flow]
    args = [a.format(answers=answers) for a in template_args]
    markers = [marker, *MARKERS.values()]
    with fork_server(place, templates) as runs:
        for kill_at in range(1, 1000):
            root = place.work / "runs" / f"{flow}-{kill_at}"
            shutil.copytree(templates.encrypted, root)
            if unlocked:
                Keys(JournalPaths(root)).keep(templates.identity)
            ran = run(runs, place, root, args, kill_at)  # no passphrase, whatever happens
            name = f"{flow} ({'unlocked' if unlocked else 'locked'})"
            where = f"{name} killed at {kill_at}" if killed(ran) else f"{name}, not killed"
            assert killed(ran) or ran.returncode == 0, f"{where}: {ran.stderr}"
            assert marker_hits(place.searched(root), markers) == [], where
            scan = reading_journal(root, templates.identity).scan()
            assert scan.problems == [], f"{where}: {scan.problems}"
            ids = {e.id for e in scan.entries}
            assert set(templates.ids) <= ids and len(ids) <= len(templates.ids) + 1, where
            if not killed(ran):
                new = [e for e in scan.entries if e.id not in templates.ids]
                journal = reading_journal(root, templates.identity)
                assert len(new) == 1 and marker in journal.read_text(new[0].file_path), where
                shutil.rmtree(root)
                break
            shutil.rmtree(root)
        else:
            pytest.fail(f"{flow} was killed at 999 points and never finished")
    report(f"{flow}-{'unlocked' if unlocked else 'locked'}", kill_at - 1)


@pytest.mark.slow
def test_everyday_commands_in_an_encrypted_journal_leave_no_plain_words(
    templates: Templates, place: Place
) -> None:
    root = place.work / "journal"
    shutil.copytree(templates.encrypted, root)
    Keys(JournalPaths(root)).keep(templates.identity)  # unlocked, as after typing it once
    assert (place.runtime / "kjournal").is_dir()
    markers = [FLOW_MARKER, EDIT_MARKER, *MARKERS.values()]
    editor = place.outside / "editor.py"
    editor.write_text(
        "import sys\npath = sys.argv[1]\ntext = open(path).read()\n"
        f"open(path, 'w').write(text + '\\n{EDIT_MARKER}\\n')\n"
    )
    editor_env = {"EDITOR": f"{sys.executable} {editor}"}
    with fork_server(place, templates) as runs:

        def kjournal(*args: str, **env: str) -> Ran:
            ran = runs.run(args, "", place.env(root, **env), place.outside / "io")
            assert ran.returncode == 0, f"{args}: {ran.stderr}"
            hits = marker_hits(place.searched(root), markers)
            assert hits == [], f"after kjournal {' '.join(args)}: {hits}"
            return ran

        kjournal("checkin", "--mood", "5", "--note", FLOW_MARKER)
        listed = json.loads(kjournal("list", "--format", "json").stdout)
        new = next(e["id"] for e in listed if e["id"] not in templates.ids)
        kjournal("list")
        # The words are really there, and shown: the searches below are not vacuous.
        assert FLOW_MARKER in kjournal("show", new).stdout
        assert FLOW_MARKER in kjournal("search", FLOW_MARKER).stdout
        assert FLOW_MARKER in kjournal("search", FLOW_MARKER, "--format", "json").stdout
        kjournal("trends")
        kjournal("trends", "--format", "json")
        assert MARKERS["intention"] in kjournal("export", "--include-text").stdout
        kjournal("export", "--format", "json")
        kjournal("edit", new, **editor_env)
        assert EDIT_MARKER in kjournal("show", new).stdout
        assert FLOW_MARKER in kjournal("show", "latest", "--format", "json").stdout
        kjournal("delete", new, "--yes")
        assert new not in kjournal("list").stdout
        kjournal("lock")
        kjournal("checkin", "--mood", "3", "--note", FLOW_MARKER + "-locked")
    # The search itself finds a marker in plain bytes (the plain template holds them all).
    found = {hit.rsplit(": ", 1)[1] for hit in marker_hits([templates.plain], [*MARKERS.values()])}
    assert found == set(MARKERS.values())


# Quick checks of what the harness found, without scrypt: the key is made here and used as it is.


def quick_encrypted(root: Path) -> Journal:
    """An encrypted journal whose key is in memory (no passphrase wrap: no scrypt)."""
    identity = crypto.new_identity()
    journal = Journal(root)
    convert.restore_recipient(journal, identity)
    journal.keys.use_identity(identity)
    return journal


def test_an_encrypted_entry_keeps_its_id_and_short_id(tmp_path: Path) -> None:
    plain = Journal(tmp_path / "plain")
    sealed = quick_encrypted(tmp_path / "sealed")
    for journal in (plain, sealed):
        for _ in range(2):  # two in one minute: -2 tells them apart
            make_entry(journal, "checkin", "2026-01-05 20:00", mood=5)
    from kjournal.journal.entry import short_id

    def ids(journal: Journal) -> list[tuple[str, str]]:
        return [(e.id, short_id(e)) for e in journal.scan().entries]

    assert ids(plain) == [
        ("2026-01-05T2000-checkin", "260105-2000c"),
        ("2026-01-05T2000-checkin-2", "260105-2000c-2"),
    ]
    assert ids(sealed) == ids(plain)


def test_decrypt_forgets_the_kept_key(place: Place) -> None:
    journal = quick_encrypted(place.work / "journal")
    make_entry(journal, "checkin", "2026-01-05 20:00", mood=5)
    journal.keys.keep(journal.keys.identity())
    assert journal.keys.unlocked and list((place.runtime / "kjournal").iterdir())
    result = convert.decrypt_files(journal)
    assert result.left == [] and result.converted == 1
    assert list((place.runtime / "kjournal").iterdir()) == []  # no secret key left in memory


def test_saving_in_a_taken_minute_stops_at_the_first_free_name(tmp_path: Path) -> None:
    """Found timing bench/compare.py's encrypted rows: each name tried costs a check of both
    its forms, and the names after the free one were all checked too (999 of them)."""
    from kjournal.journal.files import write_to_first_free_name

    looked: list[int] = []

    def names() -> Iterator[Path]:
        for n in range(1, 1000):
            looked.append(n)
            yield tmp_path / f"entry-{n}.md"

    (tmp_path / "entry-1.md").write_text("taken")
    assert write_to_first_free_name(names(), "new") == tmp_path / "entry-2.md"
    assert looked == [1, 2]


def test_a_draft_left_both_ways_by_a_stopped_conversion_is_offered_once(tmp_path: Path) -> None:
    """encrypt killed between writing a draft's encrypted form and removing its plain one: the
    flow must not offer the same answers twice (resumed once, they would be resumed again)."""
    journal = Journal(tmp_path / "journal")
    draft = journal.new_draft_path("intend")
    journal.save_draft(draft, {"answers": {"explore": "once"}}, new=True)
    sealed = quick_encrypted(journal.root)
    sealed.write_text(draft.with_name(draft.name + AGE_SUFFIX), draft.read_text())
    offered = sealed.flow_drafts("intend")
    assert [d.path.name for d in offered] == [draft.name + AGE_SUFFIX]
    assert len(sealed.drafts()) == 1
