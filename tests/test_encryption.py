"""Encryption at rest (`kjournal encrypt`), as a person uses it: writing without the passphrase,
reading with it once, a wrong one, a damaged file, turning it off, a new passphrase, a recovery
copy, editing, the safety plan, and the standard `age` tool reading what kjournal wrote.

The passphrase wrap (scrypt) costs about a second, so one encrypted journal is made per module
and copied for each test, unlocked through a kept identity in a per-test memory folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kjournal.journal import convert, crypto
from kjournal.journal.crypto import Keys
from kjournal.journal.store import Journal
from tests.report_demo import save_demo

PASSPHRASE = "correct horse battery"
THIS_MONTH = (
    f"{datetime.now():%Y/%m}/*"  # where entries written by a test land (the demo: early 2026)
)
MEMORY = Path("/dev/shm")


def _memory_ok() -> bool:
    return crypto.filesystem_type(str(MEMORY)) in ("tmpfs", "ramfs")


needs_memory = pytest.mark.skipif(not _memory_ok(), reason="no tmpfs at /dev/shm on this system")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(encrypted journal, the same journal plain, its identity): the demo journal plus a
    draft, a trashed entry and a safety plan."""
    base = tmp_path_factory.mktemp("encrypted")
    plain = base / "plain"
    journal = Journal(plain)
    save_demo(journal)
    journal.save_draft(journal.drafts_dir / "checkin-20260301T090000-abcdef.yaml",
                       {"answers": {"note": "a draft about the garden"}}, new=True)  # fmt: skip
    trashed = sorted(journal.entries_dir.rglob("*checkin.md"))[0]
    target = journal.trash_dir / trashed.relative_to(journal.entries_dir)
    target.parent.mkdir(parents=True, mode=0o700)
    shutil.copy2(trashed, target)
    journal.ensure_file(journal.safety_plan_path, "# My safety plan\n\nCall my sister.\n")
    sealed = base / "sealed"
    shutil.copytree(plain, sealed)
    identity = crypto.new_identity()
    encrypted = Journal(sealed)
    convert.start_encryption(encrypted, identity, PASSPHRASE)
    convert.encrypt_files(encrypted)
    return sealed, plain, str(identity)


@pytest.fixture
def passfile(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.fixture
def sealed(tmp_path: Path, template: tuple[Path, Path, str], runtime: Path) -> Journal:
    """A copy of the encrypted journal, unlocked (its identity kept in the runtime folder) and
    scanned once, so that its cache and session index are this copy's own."""
    root = tmp_path / "journal"
    shutil.copytree(template[0], root)
    journal = Journal(root)
    identity = crypto.identity_from_text(template[2], root)
    journal.keys.keep(identity)
    journal.scan()
    return journal


@pytest.fixture
def plain(tmp_path: Path, template: tuple[Path, Path, str]) -> Journal:
    root = tmp_path / "journal"
    shutil.copytree(template[1], root)
    return Journal(root)


def _files(root: Path) -> dict[str, bytes]:
    """Every regular file under root by relative path, with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _digest(root: Path) -> str:
    return hashlib.sha256(
        json.dumps({k: v.hex() for k, v in _files(root).items()}).encode()
    ).hexdigest()


def _word_files(root: Path) -> dict[str, bytes]:
    return {
        k: v
        for k, v in _files(root).items()
        if k.split("/")[0] in ("entries", "trash", "drafts") or k.startswith("safety-plan")
    }


def _json_list(run: Callable, *args: str) -> list[dict[str, Any]]:
    """The listing as data, without the file paths (which gain `.age`)."""
    result = run(*args, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    return [{k: v for k, v in e.items() if k != "path"} for e in json.loads(result.stdout)]


# Turning it on ---------------------------------------------------------------------------------


def test_encrypt_converts_every_file_of_words_and_the_journal_reads_the_same(
    run: Callable, plain: Journal, passfile: Path, tmp_path: Path, runtime: Path
) -> None:
    before = _json_list(run)
    shown = run("show", before[0]["id"]).stdout
    recovery = tmp_path / "recovery.txt"
    result = run("--passphrase-file", str(passfile), "encrypt", "--recovery-copy", str(recovery))
    assert result.exit_code == 0, result.output
    assert "Your journal is encrypted" in result.stdout
    words = _word_files(plain.root)
    assert words and all(name.endswith(".age") for name in words), sorted(words)
    assert not any(b"garden" in data or b"sister" in data for data in _files(plain.root).values())
    assert not plain.cache_path.exists()  # the plain cache, with first lines, is gone
    for path in plain.root.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600
    assert "AGE-SECRET-KEY-1" in recovery.read_text()
    unlocked = ("--passphrase-file", str(passfile))
    assert _json_list(run, *unlocked) == before
    assert run(*unlocked, "show", before[0]["id"]).stdout == shown
    # The session index holds no words, ratings or scores: names, times, numbers, links only.
    index = (plain.root / ".cache" / "sessions.json").read_text()
    assert "ratings" not in index and "excerpt" not in index and "score" not in index


def test_encrypt_again_finishes_plain_files_and_needs_no_passphrase(
    run: Callable, sealed: Journal
) -> None:
    stray = sealed.entries_dir / "2026" / "03" / "2026-03-01T0900-checkin.md"
    stray.parent.mkdir(mode=0o700)
    stray.write_text("---\nkind: checkin\ncreated: 2026-03-01T09:00:00+01:00\n---\nhand written\n")
    assert "plain-text" in run("doctor").stdout
    sealed.keys.forget()
    result = run("encrypt")  # no terminal, no passphrase: converting needs only the recipient
    assert result.exit_code == 0, result.output
    assert "1 file encrypted" in result.stdout
    assert not stray.exists() and stray.with_name(stray.name + ".age").exists()


# Writing never needs the passphrase ------------------------------------------------------------


def test_writing_flows_need_no_passphrase_and_number_sessions_right(
    run: Callable, sealed: Journal, tmp_path: Path, passfile: Path
) -> None:
    run("lock")
    assert not Journal(sealed.root).keys.unlocked
    assert run("checkin", "--mood", "5", "--no-input").exit_code == 0
    answers = tmp_path / "answers.yaml"
    answers.write_text("explore: to rest\nroute: iv\n")
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    assert "session 6" in result.stdout
    result = run("integrate", "--answers", "-", "--no-input", input="insight: rest helps\n")
    assert result.exit_code == 0, result.output
    new = sorted(sealed.entries_dir.glob(THIS_MONTH))
    assert [p.name.endswith(".md.age") for p in new] == [True] * 3, new
    assert not any(b"to rest" in p.read_bytes() for p in new)
    entries = _json_list(run, "--passphrase-file", str(passfile))
    sessions = {
        (e["kind"], e.get("session"))
        for e in entries
        if str(e["created"]) >= f"{datetime.now():%Y-%m}"
    }
    assert ("intention", 6) in sessions and ("integration", 6) in sessions


def test_a_locked_write_with_entries_new_to_this_device_still_saves(
    run: Callable, sealed: Journal, tmp_path: Path
) -> None:
    sealed.index_path.unlink()  # as after a sync: nothing here knows the entries' sessions
    run("lock")
    answers = tmp_path / "answers.yaml"
    answers.write_text("explore: to rest\nroute: iv\n")
    result = run("intend", "--answers", str(answers), "--no-input")
    assert result.exit_code == 0, result.output
    assert "new to this device" in result.stderr


# Reading asks once -----------------------------------------------------------------------------


def test_reading_a_locked_journal_without_a_terminal_is_one_line_and_changes_nothing(
    run: Callable, sealed: Journal
) -> None:
    run("lock")
    before = _digest(sealed.root)
    for command in (["list"], ["trends"], ["search", "garden"], ["show", "latest"], []):
        result = run(*command)
        assert result.exit_code == 77, (command, result.output)
        assert result.stderr.count("\n") == 1 and "--passphrase-file" in result.stderr
        assert "Traceback" not in result.output
    assert _digest(sealed.root) == before


def test_a_wrong_passphrase_is_one_line_exit_77_and_nothing_is_written(
    run: Callable, sealed: Journal, tmp_path: Path
) -> None:
    run("lock")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    before = _digest(sealed.root)
    result = run("--passphrase-file", str(wrong), "list")
    assert result.exit_code == 77
    assert result.stderr.count("\n") == 1
    assert "does not open this journal's key; nothing was read or changed" in result.stderr
    assert _digest(sealed.root) == before


def _unlock_as_typed(root: Path, minutes: float = 15) -> None:
    """What typing the passphrase in a terminal does: unlock, and keep the key for a while."""
    Keys(Journal(root), ask=lambda why, again: PASSPHRASE, keep_minutes=minutes).unlock("to test")


def test_an_unlocked_key_is_kept_in_memory_for_a_while_then_forgotten(
    run: Callable, sealed: Journal, runtime: Path
) -> None:
    run("lock")
    _unlock_as_typed(sealed.root)
    kept = list((runtime / "kjournal").iterdir())
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    assert run("list").exit_code == 0  # no passphrase this time
    result = run("lock")
    assert result.stdout.startswith("Locked:") and not kept[0].exists()
    assert run("list").exit_code == 77
    # An expired one is removed and asked for again.
    _unlock_as_typed(sealed.root)
    [kept] = list((runtime / "kjournal").iterdir())
    kept.write_text("0\n" + kept.read_text().split("\n", 1)[1])
    assert run("list").exit_code == 77 and not kept.exists()


def test_a_passphrase_from_a_file_is_never_kept(
    run: Callable, sealed: Journal, passfile: Path, runtime: Path
) -> None:
    """A backup script must not leave the desktop's journal open."""
    run("lock")
    assert run("--passphrase-file", str(passfile), "list").exit_code == 0
    assert list((runtime / "kjournal").iterdir()) == []
    assert run("list").exit_code == 77


def test_unlock_minutes_0_closes_a_key_kept_before(
    run: Callable, sealed: Journal, runtime: Path, tmp_path: Path
) -> None:
    assert run("list").exit_code == 0  # kept by the fixture
    (tmp_path / "config.yaml").write_text("unlock_minutes: 0\n")
    assert run("list").exit_code == 77
    assert list((runtime / "kjournal").iterdir()) == []


def test_decrypt_forgets_the_kept_key(
    run: Callable, sealed: Journal, passfile: Path, runtime: Path
) -> None:
    assert list((runtime / "kjournal").iterdir())
    assert run("--passphrase-file", str(passfile), "decrypt", "--yes").exit_code == 0
    assert list((runtime / "kjournal").iterdir()) == []


def test_a_kept_key_never_opens_another_journal(
    run: Callable, sealed: Journal, template: tuple[Path, Path, str], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(template[0], other)
    assert run("--journal", str(other), "list").exit_code == 77


def test_a_replaced_recipient_is_refused_once_the_key_is_unlocked(
    run: Callable, sealed: Journal, passfile: Path
) -> None:
    run("lock")
    recipient = sealed.root / ".kjournal" / "recipient.txt"
    recipient.write_text(f"{crypto.new_identity().to_public()}\n")
    result = run("--passphrase-file", str(passfile), "list")
    assert result.exit_code == 1 and "someone else's key" in result.stderr


# Damage and tampering --------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["flip", "truncate", "other-key"])
def test_a_damaged_encrypted_entry_is_named_by_every_reader_and_left_untouched(
    run: Callable, sealed: Journal, damage: str
) -> None:
    target = sorted(sealed.entries_dir.rglob("*-intention.md.age"))[0]
    data = target.read_bytes()
    if damage == "flip":
        data = data[:-20] + bytes([data[-20] ^ 1]) + data[-19:]
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        import pyrage

        data = pyrage.encrypt(b"---\nkind: checkin\n---\n", [crypto.new_identity().to_public()])
    target.write_bytes(data)
    for command in (["list"], ["trends"], ["search", "garden"]):
        result = run(*command)
        assert target.name in result.stderr, (command, result.output)
    result = run("doctor")
    assert result.exit_code != 0 and target.name in result.stdout
    reason = "another key" if damage == "other-key" else "damaged or was changed"
    assert reason in result.stdout
    assert target.read_bytes() == data


# Turning it off, a new passphrase, the recovery copy -------------------------------------------


def test_encrypt_then_decrypt_gives_back_every_file_byte_for_byte(
    run: Callable, plain: Journal, passfile: Path, runtime: Path
) -> None:
    before = _word_files(plain.root)
    first = run("--passphrase-file", str(passfile), "encrypt")
    assert first.exit_code == 0 and "No recovery copy was made" in first.stderr
    run("lock")
    result = run("--passphrase-file", str(passfile), "decrypt", "--yes")
    assert result.exit_code == 0, result.output
    assert _word_files(plain.root) == before
    assert not (plain.root / ".kjournal" / "identity.age").exists()
    assert not (plain.root / ".kjournal" / "recipient.txt").exists()
    assert not any(p.name.endswith(".age") for p in plain.root.rglob("*"))
    assert run("list").exit_code == 0


def test_decrypt_asks_first_and_a_no_changes_nothing(run: Callable, sealed: Journal) -> None:
    before = _digest(sealed.root)
    result = run("decrypt", input="n\n")
    assert result.exit_code == 1 and "nothing was changed" in result.stderr
    assert _digest(sealed.root) == before


def test_a_new_passphrase_rewraps_the_key_and_touches_no_entry(
    run: Callable, sealed: Journal, passfile: Path, tmp_path: Path
) -> None:
    before = _word_files(sealed.root)
    new = tmp_path / "new.txt"
    new.write_text("a brand new passphrase\n")
    short = tmp_path / "short.txt"
    short.write_text("short\n")
    result = run(
        "--passphrase-file", str(passfile), "passphrase", "--new-passphrase-file", str(short)
    )
    assert result.exit_code == 2 and "at least 8 characters" in result.stderr
    result = run(
        "--passphrase-file", str(passfile), "passphrase", "--new-passphrase-file", str(new)
    )
    assert result.exit_code == 0, result.output
    assert _word_files(sealed.root) == before
    run("lock")
    assert run("--passphrase-file", str(passfile), "list").exit_code == 77
    assert run("--passphrase-file", str(new), "list").exit_code == 0


def test_a_recovery_copy_sets_a_new_passphrase_when_the_old_is_forgotten(
    run: Callable, sealed: Journal, template: tuple[Path, Path, str], tmp_path: Path
) -> None:
    copy = tmp_path / "recovery.txt"
    copy.write_text(crypto.identity_file_text(crypto.identity_from_text(template[2], copy)))
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(crypto.identity_file_text(crypto.new_identity()))
    new = tmp_path / "new.txt"
    new.write_text("remembered this time\n")
    run("lock")
    args = ("passphrase", "--new-passphrase-file", str(new), "--from-recovery-copy")
    result = run(*args, str(stranger))
    assert result.exit_code == 1 and "another journal" in result.stderr
    assert run(*args, str(copy)).exit_code == 0
    assert run("--passphrase-file", str(new), "list").exit_code == 0


def test_a_recovery_copy_can_be_made_later_and_is_never_written_over(
    run: Callable, sealed: Journal, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.txt"
    assert run("encrypt", "--recovery-copy", str(copy)).exit_code == 0
    assert "AGE-SECRET-KEY-1" in copy.read_text()
    result = run("encrypt", "--recovery-copy", str(copy))
    assert result.exit_code == 2 and "already exists" in result.stderr


# Editing only in memory ------------------------------------------------------------------------


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """An EDITOR that runs `body` (Python, with `path` the file) and notes where it was."""
    log = tmp_path / "edited-at.txt"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(log)!r}).write_text(str(path))\n{body}\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    return log


def test_edit_decrypts_only_into_memory_and_removes_the_copy(
    run: Callable, sealed: Journal, runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = _editor(
        tmp_path, monkeypatch, "path.write_text(path.read_text() + '\\nA new line here.\\n')"
    )
    latest = _json_list(run)[0]["id"]
    result = run("edit", latest)
    assert result.exit_code == 0, result.output
    worked_in = Path(log.read_text())
    assert worked_in.is_relative_to(runtime) and not worked_in.exists()
    assert "A new line here." in run("show", latest).stdout
    assert not any(b"A new line here" in data for data in _files(sealed.root).values())


def test_edit_refuses_to_decrypt_where_there_is_no_memory_folder(
    run: Callable,
    sealed: Journal,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    passfile: Path,
) -> None:
    _editor(tmp_path, monkeypatch, "path.write_text('changed')")
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    before = _digest(sealed.root)
    result = run("--passphrase-file", str(passfile), "edit", "latest")
    assert result.exit_code == 1 and "no private memory-only folder" in result.stderr
    assert _digest(sealed.root) == before


def test_an_edit_that_does_not_parse_is_kept_encrypted(
    run: Callable, sealed: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "path.write_text('---\\nkind: [\\n---\\nsecret words\\n')")
    result = run("edit", "latest")
    assert result.exit_code == 1 and "does not parse" in result.stderr
    kept = [p for p in sealed.drafts_dir.iterdir() if p.name.startswith("edit-")]
    assert len(kept) == 1 and kept[0].name.endswith(".md.age")
    assert b"secret words" not in kept[0].read_bytes()
    assert b"secret words" in Journal(sealed.root).read_text(kept[0]).encode()


# The safety plan -------------------------------------------------------------------------------


def test_the_safety_plan_is_encrypted_and_the_lines_show_even_when_locked(
    run: Callable, sealed: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _editor(tmp_path, monkeypatch, "path.write_text('# My plan\\n\\nWalk to the river.\\n')")
    assert run("support", "--edit").exit_code == 0
    plan = sealed.root / "safety-plan.md.age"
    assert plan.exists() and b"river" not in plan.read_bytes()
    assert "Walk to the river." in run("support").stdout
    run("lock")
    result = run("support")
    assert result.exit_code == 0 and "988" in result.stdout
    assert "safety plan could not be shown" in result.stderr


# Drafts ----------------------------------------------------------------------------------------


def test_an_interrupted_flow_keeps_an_encrypted_draft(run: Callable, sealed: Journal) -> None:
    run("lock")
    # n: the older draft is set aside; then a mood, words, and the input ends: Ctrl-D
    result = run("checkin", input="n\n6\nthe words of a draft\n")
    assert result.exit_code == 130, result.output
    drafts = [
        p
        for p in sealed.drafts_dir.iterdir()
        if p.name.startswith("checkin-") and "set-aside" not in p.name
    ]  # the template's own draft was set aside by the "n"
    assert drafts and all(p.name.endswith(".yaml.age") for p in drafts), drafts
    assert not any(b"draft" in p.read_bytes() for p in drafts)


# Reading is the same as the journal's plain self (property) ------------------------------------


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Journal:
    root = tmp_path_factory.mktemp("keyed") / "journal"
    journal = Journal(root)
    identity = crypto.new_identity()
    convert.start_encryption(journal, identity, PASSPHRASE)
    return journal


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=2000))
def test_any_text_written_encrypted_reads_back_the_same(keyed: Journal, text: str) -> None:
    name = f"safety-plan-{uuid.uuid4().hex}.md.age"
    path = keyed.root / name
    keyed.write_text(path, text)
    try:
        if len(text.strip()) >= 12:  # shorter ones may turn up in random bytes by chance
            assert text.encode("utf-8", "surrogatepass") not in path.read_bytes()
        assert keyed.read_text(path) == text.encode("utf-8", "replace").decode("utf-8", "replace")
    finally:
        path.unlink()


# The standard age tool -------------------------------------------------------------------------

AGE = shutil.which("age")
needs_age = pytest.mark.skipif(
    AGE is None, reason="the age command is not installed (apt-get install age)"
)


@needs_age
def test_the_age_tool_opens_what_kjournal_wrote_and_kjournal_reads_what_age_wrote(
    run: Callable, sealed: Journal, template: tuple[Path, Path, str], tmp_path: Path
) -> None:
    assert AGE is not None
    key = tmp_path / "key.txt"
    key.write_text(crypto.identity_file_text(crypto.identity_from_text(template[2], key)))
    entry = sorted(sealed.entries_dir.rglob("*-intention.md.age"))[0]
    opened = subprocess.run(
        [AGE, "-d", "-i", str(key), str(entry)], capture_output=True, check=True
    )
    [listed] = [e for e in _json_list(run) if e["file_id"] == entry.name[: -len(".md.age")]]
    assert opened.stdout.decode() == run("show", "--raw", listed["id"]).stdout
    recipient = (sealed.root / ".kjournal" / "recipient.txt").read_text().strip()
    made = entry.with_name("2026-02-28T0800-checkin.md.age")
    text = (
        "---\nkjournal: 1\nkind: checkin\ncreated: 2026-02-28T08:00:00+01:00\n"
        "ratings: {mood: 9}\n---\nfrom the age tool\n"
    )
    subprocess.run([AGE, "-r", recipient, "-o", str(made)], input=text.encode(), check=True)
    assert any(e["created"].startswith("2026-02-28T08:00") for e in _json_list(run))


@needs_age
@pytest.mark.slow
def test_the_age_tool_opens_entries_with_the_passphrase_protected_key(
    sealed: Journal, tmp_path: Path
) -> None:
    import pexpect

    entry = sorted(sealed.entries_dir.rglob("*-intention.md.age"))[0]
    child = pexpect.spawn(
        AGE, ["-d", "-i", str(sealed.root / ".kjournal" / "identity.age"), str(entry)], timeout=30
    )
    child.expect("passphrase")
    child.sendline(PASSPHRASE)
    child.expect("kind: intention")
    child.expect(pexpect.EOF)


# In a real terminal ----------------------------------------------------------------------------


@pytest.mark.slow
def test_in_a_terminal_encrypt_asks_twice_and_reading_asks_once_unseen(
    plain: Journal, runtime: Path
) -> None:
    from tests.helpers import spawn

    child = spawn(plain, "encrypt")
    child.expect_exact("no one can open your entries")
    child.expect_exact("New passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect_exact("The same again: ")
    child.sendline(PASSPHRASE + " but different")
    child.expect_exact("the two passphrases differ; nothing was changed")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 2 and not (plain.root / ".kjournal" / "identity.age").exists()

    child = spawn(plain, "encrypt")
    child.expect_exact("New passphrase: ")
    child.sendline(PASSPHRASE)
    child.expect_exact("The same again: ")
    child.sendline(PASSPHRASE)
    child.expect_exact("Your journal is encrypted:")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 0
    assert PASSPHRASE not in child.before

    child = spawn(plain, "lock")
    child.expect_exact("Locked:")
    child.expect(pexpect_eof())

    child = spawn(plain, "list")
    child.expect_exact("Type your passphrase to open your journal")
    child.expect_exact("Passphrase (hidden as you type): ")
    child.sendline(PASSPHRASE)
    child.expect_exact("check-in")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 0
    assert PASSPHRASE not in child.before  # typed unseen

    child = spawn(plain, "show", "latest")  # still unlocked: no question
    child.expect_exact("mood 7, anxiety 3")
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 0 and "Passphrase" not in child.before


def pexpect_eof() -> Any:
    import pexpect

    return pexpect.EOF


# What the reviews found ------------------------------------------------------------------------


def test_a_recipient_swapped_behind_this_devices_back_gets_no_entry(
    run: Callable, sealed: Journal, passfile: Path
) -> None:
    """recipient.txt lies in the journal folder: whoever can write there must not be able to
    have the next entries encrypted to their own key."""
    assert run("checkin", "--mood", "5", "--no-input").exit_code == 0  # this device writes
    before = sorted(sealed.entries_dir.glob(THIS_MONTH))
    run("lock")
    attacker = crypto.new_identity()
    (sealed.root / ".kjournal" / "recipient.txt").write_text(f"{attacker.to_public()}\n")
    result = run("checkin", "--mood", "3", "--no-input")
    assert result.exit_code != 0 and "someone else's key" in result.stderr
    assert sorted(sealed.entries_dir.glob(THIS_MONTH)) == before
    assert "recipient.txt" in result.stderr


def test_encrypt_never_makes_a_new_key_over_encrypted_files(
    run: Callable, sealed: Journal, passfile: Path
) -> None:
    (sealed.root / ".kjournal" / "identity.age").unlink()
    before = _digest(sealed.root)
    result = run("--passphrase-file", str(passfile), "encrypt")
    assert result.exit_code == 1 and "--from-recovery-copy" in result.stderr
    assert _digest(sealed.root) == before


@pytest.mark.parametrize("inside", ["entries/2026/01/x.md.age", ".kjournal/identity.age", "r.md"])
def test_exports_and_recovery_copies_are_refused_inside_the_journal(
    run: Callable, sealed: Journal, inside: str
) -> None:
    before = _digest(sealed.root)
    target = sealed.root / inside
    result = run("export", "--force", "--out", str(target))
    assert result.exit_code == 2 and "inside your journal" in result.stderr
    result = run("encrypt", "--recovery-copy", str(sealed.root / "key.txt"))
    assert result.exit_code == 2 and "inside your journal" in result.stderr
    assert _digest(sealed.root) == before


def test_a_damaged_identity_file_is_named_as_damaged_not_a_wrong_passphrase(
    run: Callable, sealed: Journal, passfile: Path
) -> None:
    run("lock")
    (sealed.root / ".kjournal" / "identity.age").write_text("garbage\n")
    result = run("--passphrase-file", str(passfile), "list")
    assert result.exit_code == 1 and "is damaged" in result.stderr


def test_integrate_while_locked_says_the_intention_is_encrypted_not_missing(
    run: Callable, sealed: Journal, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("explore: the grief about my father\n")
    assert run("intend", "--answers", str(answers), "--no-input").exit_code == 0
    run("lock")
    result = run("integrate", input="\n" * 40)
    assert "did not write an intention" not in result.stdout
    assert "Your intention is kept encrypted" in result.stdout


def test_a_locked_draft_is_offered_before_any_passphrase_and_kept_if_it_cannot_open(
    run: Callable, sealed: Journal
) -> None:
    sealed.save_draft(
        sealed.drafts_dir / "checkin-20261202T080000-abcdef.yaml.age",
        {"flow": "checkin", "answers": {"mood": 6}},
        new=True,
    )
    run("lock")
    result = run("checkin", input="y\n" + "\n" * 20)  # yes, but no terminal to unlock in
    assert "kept encrypted. Pick up where you left off?" in result.stdout
    assert "stay kept, encrypted" in result.stderr
    assert (sealed.drafts_dir / "checkin-20261202T080000-abcdef.yaml.age").exists()


@pytest.mark.slow
def test_a_closed_terminal_during_edit_removes_the_decrypted_copy(
    sealed: Journal, runtime: Path, tmp_path: Path
) -> None:
    import signal
    import time

    from tests.helpers import kjournal_command

    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nsleep 30\n")
    editor.chmod(0o700)
    env = {**os.environ, "KJOURNAL_HOME": str(sealed.root), "EDITOR": str(editor)}
    left = runtime / "kjournal" / "edit-2026-02-20T2015-checkin-999999-abcdef.md"
    left.write_text("words a killed kjournal left")
    process = subprocess.Popen([kjournal_command(), "edit", "latest"], env=env)
    copies: list[Path] = []
    for _ in range(100):
        copies = [p for p in (runtime / "kjournal").glob("edit-*") if str(process.pid) in p.name]
        if copies:
            break
        time.sleep(0.1)
    assert copies and not left.exists()  # the killed one's copy is swept
    process.send_signal(signal.SIGHUP)
    assert process.wait(timeout=20) == 130
    assert not list((runtime / "kjournal").glob("edit-*"))
