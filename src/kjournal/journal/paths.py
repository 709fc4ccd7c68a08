"""The layout of a journal folder: the one place its paths are spelled out."""

from __future__ import annotations

from pathlib import Path


class JournalPaths:
    """The layout of a journal folder; the one place its paths are spelled out."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def entries_dir(self) -> Path:
        return self.root / "entries"

    @property
    def drafts_dir(self) -> Path:
        return self.root / "drafts"

    @property
    def prompts_dir(self) -> Path:
        return self.root / "prompts"

    @property
    def trash_dir(self) -> Path:
        return self.root / "trash"

    @property
    def safety_plan_path(self) -> Path:
        return self.root / "safety-plan.md"

    @property
    def cache_path(self) -> Path:
        """Derived data only: safe to delete at any time."""
        return self.root / ".cache" / "front-matter.json"
