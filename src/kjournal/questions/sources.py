"""Where prompt sets and questionnaires are looked for, and which questionnaires a report loads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kjournal.errors import KJournalError
from kjournal.journal.entry import Entry
from kjournal.questions.catalogue import scale_names
from kjournal.questions.prompt_files import check_prompt_file
from kjournal.questions.scales import Scale, load_scale


def prompt_dirs(journal_prompts: Path, configured: Path | None) -> list[Path]:
    """The folders searched before the packaged prompt sets, first match wins: the journal's
    own prompts/ (where `kjournal prompts copy` puts the person's copies), then the config's
    prompts_dir (a clinic's sets)."""
    return [journal_prompts, *([configured] if configured else [])]


def prompt_file_text(name: str, dirs: list[Path]) -> str:
    """The text of the file in use for a prompt set or questionnaire, once it is known to load
    (a broken one is named instead)."""
    return check_prompt_file(name, dirs).read_text(encoding="utf-8")


def loadable_scales(names: Iterable[str], dirs: list[Path]) -> dict[str, Scale]:
    """The scales of these names that load; one that does not is left out, not fatal (a report
    still shows everything else)."""
    found = {}
    for name in names:
        try:
            found[name] = load_scale(name, dirs)
        except KJournalError:
            continue
    return found


def report_scale_names(entries: Iterable[Entry], *, every_packaged: bool) -> list[str]:
    """The questionnaires a report needs: the packaged ones in their usual order (all of them
    with every_packaged, for an export's fixed columns; else those the entries hold scores of),
    then any of the person's or clinic's own found in the entries, by name."""
    used = {name for entry in entries for name in entry.scale_ids}
    packaged = [name for name in scale_names() if every_packaged or name in used]
    return [*packaged, *sorted(used - set(packaged))]
