"""The wheel carries the prompt sets, so a non-editable install works on a fresh machine."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import kjournal
from kjournal.questions.prompts import packaged_prompts_dir

REPO = Path(__file__).resolve().parents[1]


def test_wheel_ships_every_prompt_set(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("kjournal-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        f"kjournal/prompts/{p.relative_to(REPO / 'prompts')}"
        for p in (REPO / "prompts").rglob("*.yaml")
    }
    assert shipped and shipped <= names
    assert "kjournal/cli.py" in names


def test_prompt_sets_are_found_inside_the_installed_package() -> None:
    package = Path(kjournal.__file__).parent
    if (package / "prompts").is_dir():  # a wheel install, as in CI
        assert packaged_prompts_dir() == package / "prompts"
    else:  # an editable checkout reads the repository's folder
        assert packaged_prompts_dir() == REPO / "prompts"
    assert (packaged_prompts_dir() / "intend.yaml").is_file()
