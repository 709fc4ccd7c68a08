"""Open a file in the person's own editor ($VISUAL, then $EDITOR)."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from kjournal.errors import KJournalError

# Editors that keep copies of what they open elsewhere (swap, undo, history, backup files): for
# an encrypted entry, opened from memory, they are told not to.
_NO_COPIES = {
    "vi": ["-n", "-i", "NONE"],
    "vim": ["-n", "-i", "NONE"],
    "nvim": ["-n", "-i", "NONE"],
    "emacs": ["--eval", "(setq make-backup-files nil auto-save-default nil create-lockfiles nil)"],
}


def edit_file(path: Path, *, private: bool = False) -> None:
    """Run the editor on path and wait; a missing or failing editor is a clear error. With
    `private`, editors known to keep copies elsewhere are asked not to."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        where = "" if private else f", or open {path} in any editor"
        raise KJournalError(
            f"no editor is set: set VISUAL or EDITOR (for example: export EDITOR=nano){where}"
        )
    words = shlex.split(editor)
    if private and words:
        words[1:1] = _NO_COPIES.get(os.path.basename(words[0]), [])
    command = [*words, str(path)]
    try:
        status = subprocess.call(command)
    except FileNotFoundError:
        raise KJournalError(
            f"the editor '{command[0]}' was not found (set by VISUAL or EDITOR)"
        ) from None
    if status != 0:
        raise KJournalError(f"the editor exited with status {status}")
