"""Open a file in the person's own editor ($VISUAL, then $EDITOR)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from kjournal.errors import KJournalError


def edit_file(path: Path) -> None:
    """Run the editor on path and wait; a missing or failing editor is a clear error."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise KJournalError(
            f"no editor is set: set VISUAL or EDITOR (for example: export EDITOR=nano), "
            f"or open {path} in any editor"
        )
    command = [*shlex.split(editor), str(path)]
    try:
        status = subprocess.call(command)
    except FileNotFoundError:
        raise KJournalError(
            f"the editor '{command[0]}' was not found (set by VISUAL or EDITOR)"
        ) from None
    if status != 0:
        raise KJournalError(f"the editor exited with status {status}")
