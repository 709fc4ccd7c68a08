"""Help, version, where, status, and start-up that stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from kjournal import __version__
from kjournal.cli import app
from tests.helpers import make_entry


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_has_help_with_an_example(run) -> None:
    names = command_names()
    assert {"intend", "integrate", "trends", "where", "prompts"} <= set(names)
    commands = [[name] for name in names]
    commands += [["prompts", sub] for sub in ("list", "show", "copy")]
    for command in commands:
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Example: kjournal " + " ".join(command) in result.stdout, command


def test_main_help_lists_commands_and_the_safety_line(run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Not a medical device and not for emergencies" in result.stdout
    for name in ("intend", "integrate", "trends"):
        assert name in result.stdout


def test_version(run) -> None:
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"kjournal {__version__}\n")


def test_where_prints_the_folders_in_use(run, tmp_path) -> None:
    result = run("--journal", str(tmp_path / "elsewhere"), "where")
    assert result.exit_code == 0
    assert f"journal  {tmp_path / 'elsewhere'}" in result.stdout
    assert f"entries  {tmp_path / 'elsewhere' / 'entries'}" in result.stdout
    assert f"config   {tmp_path / 'config.yaml'}" in result.stdout


def test_journal_option_and_environment_choose_the_folder(run, tmp_path) -> None:
    assert run("--journal", str(tmp_path / "a"), "intend", "--no-input").exit_code == 0
    assert list((tmp_path / "a" / "entries").rglob("*.md"))
    assert not (tmp_path / "journal").exists()


def test_default_folder_is_the_platform_data_folder(run, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("KJOURNAL_HOME")
    result = run("where")
    assert f"journal  {tmp_path / 'home' / 'xdg_data_home' / 'kjournal'}" in result.stdout


def test_status_on_an_empty_journal_suggests_intend(run) -> None:
    result = run()
    assert result.exit_code == 0
    assert "Next: kjournal intend" in result.stdout


def test_status_points_to_an_integration_still_to_write(run, journal) -> None:
    make_entry(journal, "intention", "2026-01-05 09:00", 1)
    result = run()
    assert "Session 1 is waiting for your reflections" in result.stdout
    assert "Next: kjournal integrate --session 1" in result.stdout


def test_a_bad_config_file_is_one_warning_and_the_defaults_are_used(run, tmp_path) -> None:
    (tmp_path / "config.yaml").write_text("promts_dir: x\n")
    result = run("intend", "--no-input")
    assert result.exit_code == 0, result.output  # an intention before a session is never blocked
    assert "unknown key 'promts_dir'" in result.stderr
    assert "using the default settings for now" in result.stderr
    assert result.stderr.count("promts_dir") == 1
    doctor = run("doctor")
    assert doctor.exit_code == 1 and "config" in doctor.stdout and "promts_dir" in doctor.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["intend", "--help"]])
def test_commands_that_touch_no_entries_import_no_yaml_or_rich(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from kjournal.cli import main\n"
        f"sys.argv = ['kjournal', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('yaml', 'rich', 'platformdirs') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout


def test_version_from_the_console_script_imports_no_cli_machinery() -> None:
    code = (
        "import sys\nsys.argv = ['kjournal', '--version']\nimport kjournal\nkjournal.main()\n"
        "print('LOADED', sorted(m for m in ('typer', 'click', 'rich', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [f"kjournal {__version__}", "LOADED []"]
