"""Every test gets its own journal, home and config folders; no test touches a real home folder.

Quick subset while working (the slow tests left out): python -m pytest -m "not slow" """

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer.main
from click.testing import CliRunner
from hypothesis import settings

from kjournal.cli import app
from kjournal.journal.store import Journal

# Hypothesis: the same example counts everywhere (each test's own, else hypothesis's 100). In CI
# (CI=true, a fresh clone) no example database is kept, since nothing would read it again, and a
# failure prints the blob that replays it; at a desk the database replays the last failure first.
# Neither derandomizes: every run explores new examples. HYPOTHESIS_PROFILE chooses another.
settings.register_profile("ci", database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

# The slow tests, which the quick subset leaves out: property tests (hypothesis, up to thousands of
# examples; the reading fuzz), journals drawn at every width, commands left to wait on FIFOs, and
# tests that drive the installed command in real terminals, build a wheel, or start several
# processes (these carry @pytest.mark.slow themselves or are in SLOW_MODULES).
SLOW_MODULES = {
    "test_pty.py", "test_flow_screens.py", "test_packaging.py", "test_fuzz_reading.py",
    "test_widths.py", "test_no_hangs.py",
}  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        hypothesis_test = getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
        if hypothesis_test or item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.setenv("KJOURNAL_HOME", str(tmp_path / "journal"))
    monkeypatch.setenv("KJOURNAL_CONFIG", str(tmp_path / "config.yaml"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    # No unlocked key of a test may land in the developer's real runtime folder, nor a real
    # passphrase file reach a test: encryption tests set their own.
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("KJOURNAL_PASSPHRASE_FILE", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return tmp_path


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return Journal(tmp_path / "journal")


# Typer's CliRunner builds the Click command from the app on every invoke (about 15 ms, a
# third of a typical CLI test); the command is the same each time, so it is built once here.
COMMAND = typer.main.get_command(app)


@pytest.fixture
def run() -> Callable:
    """Invoke the CLI as a person would, with typed input; stdout and stderr stay separate."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(COMMAND, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def scales() -> dict:
    """Every packaged questionnaire, loaded once: what the reports and views are given."""
    from kjournal.questions.catalogue import scale_names
    from kjournal.questions.scales import load_scale

    return {name: load_scale(name) for name in scale_names()}


@pytest.fixture
def git_isolated(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sync tests: no developer's git config, identity or hooks leak in (HOME is tmp already)."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("KJOURNAL_GIT", raising=False)
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["plain", "encrypted"])
def encrypted(request: pytest.FixtureRequest) -> bool:
    """A sync scenario runs on a plain journal and on an encrypted one."""
    return bool(request.param == "encrypted")


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder on tmpfs, as $XDG_RUNTIME_DIR is on a Linux desktop: where an
    unlocked key is kept and encrypted entries are edited. Removed after the test."""
    import shutil
    import uuid

    from kjournal.journal.crypto import filesystem_type

    memory = Path("/dev/shm")
    if filesystem_type(str(memory)) not in ("tmpfs", "ramfs"):
        pytest.skip("no tmpfs at /dev/shm on this system")
    folder = memory / f"kjournal-test-{uuid.uuid4().hex}"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
