"""The prompt files in use, for `kjournal prompts`: the person's own copy first, else the packaged
one; list them, check one loads, copy one to edit."""

from __future__ import annotations

from pathlib import Path

from kjournal.errors import UsageError
from kjournal.questions.catalogue import relative_path, scale_names
from kjournal.questions.prompts import PROMPT_SETS, load_prompt_set, packaged_prompts_dir
from kjournal.questions.scales import load_scale


def prompt_set_sources(override_dirs: list[Path]) -> list[tuple[str, Path, bool]]:
    """Each prompt set and questionnaire with the file in use and whether it is the person's own."""
    rows = []
    for name in (*PROMPT_SETS, *sorted(scale_names())):
        relative = relative_path(name)
        own = next((d / relative for d in override_dirs if (d / relative).is_file()), None)
        rows.append((name, own or packaged_prompts_dir() / relative, own is not None))
    return rows


def check_prompt_file(name: str, override_dirs: list[Path]) -> Path:
    """The file in use for a prompt set, after loading it (so a broken one is named)."""
    relative_path(name)
    if name in PROMPT_SETS:
        return load_prompt_set(name, override_dirs).source
    return load_scale(name, override_dirs).source


def copy_prompt_set(name: str, prompts_dir: Path, *, force: bool) -> Path:
    """Copy the packaged file into the journal's prompts/ folder, where it takes precedence."""
    from kjournal.journal.files import write_atomic

    relative = relative_path(name)
    target = prompts_dir / relative
    text = (packaged_prompts_dir() / relative).read_text(encoding="utf-8")
    try:
        write_atomic(target, text, exclusive=not force)
    except FileExistsError:
        raise UsageError(
            f"{target} already exists (your copy); pass --force to replace it"
        ) from None
    return target
