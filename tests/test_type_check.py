"""The package type-checks under mypy's strict settings ([tool.mypy] in pyproject.toml), so a
wrong annotation fails the suite like a wrong answer does. (test_typing.py is about keystrokes.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_mypy_finds_no_errors_in_the_package() -> None:
    # Files, strictness and the cache folder (.mypy_cache here) all come from pyproject.toml.
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found"), result.stdout


def test_the_type_check_stays_strict() -> None:
    """Every function annotated and checked, every ignore needed and naming its error code:
    loosening that is a decision to make in review, not a line slipped into pyproject.toml."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["files"] == ["src/kjournal"]
    assert config["strict"] is True  # includes warn_unused_ignores and disallow_untyped_defs
    assert "ignore-without-code" in config["enable_error_code"]
    for key in ("warn_unused_ignores", "disallow_untyped_defs", "check_untyped_defs"):
        assert config.get(key, True) is True, key
