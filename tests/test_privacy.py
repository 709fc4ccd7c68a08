"""Private by default: no network, private modes whatever the umask, no answer text in errors or
tracebacks, drafts gone once saved, and typed text never replayed raw to the terminal."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kjournal.journal.store import Journal, read_entry
from tests.helpers import entry_files, flow_draft, make_entry


def no_network(*args, **kwargs):
    raise AssertionError("kjournal tried to use the network")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, no_network)


EVERY_COMMAND = [
    (["--help"], 0, None),
    (["--version"], 0, None),
    ([], 0, None),
    (["where"], 0, None),
    (["intend", "--answers", "-", "--no-input"], 0, "mood: 4\nphq9: [0,0,0,0,0,0,0,0,1]\n"),
    (["integrate", "--no-input"], 0, None),
    (["checkin", "--mood", "5"], 0, None),
    (["checkin"], 0, "5\n\n\n\n\nnote\n\n"),
    (["scale", "gad7", "--items", "1,1,1,1,1,1,1"], 0, None),
    (["trends"], 0, None),
    (["trends", "--format", "json"], 0, None),
    (["trends", "--format", "csv", "--view", "scales"], 0, None),
    (["support"], 0, None),
    (["doctor"], 0, None),
    (["doctor", "--fix"], 0, None),
]


def test_every_command_works_with_the_network_cut_off(run, offline) -> None:
    for args, code, typed in EVERY_COMMAND:
        result = run(*args, input=typed)
        assert result.exit_code == code, (args, result.output)
    with pytest.raises(AssertionError, match="network"):
        socket.socket()  # the cut-off itself is real


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_files_0600_and_folders_0700_whatever_the_umask(run, journal: Journal, umask: int) -> None:
    old = os.umask(umask)
    try:
        assert run("intend", input="n\n4\n").exit_code == 130  # leaves a draft too
        assert run("checkin", "--mood", "3").exit_code == 0
        assert run("scale", "gad7", "--items", "0,0,0,0,0,0,0").exit_code == 0
    finally:
        os.umask(old)
    seen = 0
    for folder, _, files in os.walk(journal.root):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
        for name in files:
            assert stat.S_IMODE(os.stat(Path(folder, name)).st_mode) == 0o600, name
            seen += 1
    assert seen >= 3


def test_drafts_are_deleted_once_their_entry_is_saved(run, journal: Journal) -> None:
    assert run("checkin", input="5\n").exit_code == 130
    assert flow_draft(journal, "checkin") is not None
    assert run("checkin", "--resume", input="\n" * 5).exit_code == 0
    assert flow_draft(journal, "checkin") is None
    assert run("scale", "gad7", input="1\n").exit_code == 130
    assert flow_draft(journal, "scale-gad7") is not None
    assert run("scale", "gad7", "--resume", input="1\n" * 6).exit_code == 0
    assert list(journal.drafts_dir.iterdir()) == []


def test_answers_never_appear_in_errors_even_with_debug(journal: Journal, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("mood: my secret feelings about mum\n")
    make_entry(journal, "checkin", "2026-01-01 09:00", text="another secret")
    (journal.entries_dir / "2026" / "01" / "2026-01-02T0900-checkin.md").write_text(
        "---\nkind: checkin\nnote: secret: words\n---\nsecret body\n"
    )
    kjournal = [sys.executable, "-m", "kjournal"]
    env = {**os.environ, "KJOURNAL_HOME": str(journal.root)}
    for args in (
        ["intend", "--answers", str(answers), "--no-input"],
        ["--debug", "intend", "--answers", str(answers), "--no-input"],
        ["--debug", "integrate", "--no-input"],
        ["--debug", "trends"],
    ):
        done = subprocess.run([*kjournal, *args], capture_output=True, text=True, env=env)
        assert "secret" not in done.stdout + done.stderr, args
    debug = subprocess.run(
        [*kjournal, "--debug", "intend", "--answers", str(answers), "--no-input"],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert "Traceback" in debug.stderr  # --debug does show where it happened
    assert "a rating is a whole number from 0 to 10, not that answer" in debug.stderr


def test_a_pasted_megabyte_is_kept_whole(run, journal: Journal) -> None:
    megabyte = ("word " * 209_716)[:1_048_576]
    result = run("checkin", input="\n" * 5 + megabyte + "\n\n")
    assert result.exit_code == 0, result.stderr
    assert read_entry(entry_files(journal)[0]).sections[0].text == megabyte.rstrip()


def test_a_megabyte_from_an_answers_file_is_kept_whole(run, journal: Journal, tmp_path) -> None:
    text = "\n".join(f"line {i} " + "x" * 1000 for i in range(1000))
    answers = tmp_path / "a.yaml"
    from kjournal.journal.yamlio import dump_yaml

    answers.write_text(dump_yaml({"note": text}))
    assert run("checkin", "--answers", str(answers), "--no-input").exit_code == 0
    assert read_entry(entry_files(journal)[0]).sections[0].text == text


def test_control_characters_are_stored_as_typed_but_never_replayed_raw(
    run, journal: Journal
) -> None:
    typed = "\x1b[31mred\x1b[0m and a bell\x07"
    result = run(
        "intend",
        "--answers",
        "-",
        "--no-input",
        input=f'explore: "{typed}"\n'.replace("\x1b", "\\e").replace("\x07", "\\a"),
    )
    assert result.exit_code == 0, result.output
    [path] = entry_files(journal)
    assert typed.encode() in path.read_bytes()  # in the file exactly as typed
    shown = run("integrate", input="\n" * 11)
    assert shown.exit_code == 0
    assert "\\x1b[31mred\\x1b[0m and a bell\\x07" in shown.stdout
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
