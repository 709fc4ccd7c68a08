"""The README's set-up commands: exactly two, the first safe on a Python that refuses `pip
install` (PEP 668), the second run verbatim by CI; and its typing docs say what the screen says."""

from __future__ import annotations

import re
from pathlib import Path

from kjournal.render.asker import finish_hint

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S)]


def test_the_readme_has_two_set_up_commands_of_one_line_each() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)


def test_each_set_up_command_installs_into_a_virtual_environment_it_creates() -> None:
    for command in setup_commands():
        steps = command.split(" && ")
        assert steps[0].startswith("python3 -m venv ")
        venv = steps[0].removeprefix("python3 -m venv ")
        # pip runs only inside that environment, never on the system's Python (PEP 668)
        assert all("pip install" not in step or step.startswith(venv) for step in steps)
    install, tests = setup_commands()
    assert install.endswith("kjournal intend")
    assert tests.endswith("-m pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert setup_commands()[1] in ci


def test_the_readme_says_how_a_written_answer_finishes_as_the_screen_does() -> None:
    assert finish_hint(paragraphs=True) in README
    assert "Enter once more to finish, or write on." in README
