"""Where the journal and the config file live, and what the config file says."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kjournal.errors import ConfigError

HOME_ENV = "KJOURNAL_HOME"
CONFIG_ENV = "KJOURNAL_CONFIG"
APP_NAME = "kjournal"


def journal_home(override: Path | str | None = None) -> Path:
    """The journal folder: explicit override, then $KJOURNAL_HOME, then the platform data folder."""
    if override:
        return Path(override).expanduser()
    if env := os.environ.get(HOME_ENV):
        return Path(env).expanduser()
    import platformdirs  # lazy: only commands that touch the journal pay for it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    """The optional config file: $KJOURNAL_CONFIG, else config.yaml in the config folder."""
    if env := os.environ.get(CONFIG_ENV):
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.yaml"


MAX_DAYS = 3650  # ten years: more is a typo, and dates that far back overflow
_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")  # scales are named, never pathed
MAX_CRISIS_LINES = 12
MAX_CRISIS_LINE_LENGTH = 300


@dataclass(frozen=True)
class Config:
    """Settings from config.yaml; every key has a default, so the file is optional."""

    prompts_dir: Path | None = None
    scales_due_days: int = 7
    intend_scales: tuple[str, ...] = ("phq9", "gad7")
    crisis_region: str | None = None  # None: the packaged defaults (see safety.py)
    crisis_lines: tuple[str, ...] = ()
    relief_max_gap_days: int = 3  # trends: a longer stretch without check-ins blurs relief
    unlock_minutes: int = 15  # an encrypted journal stays unlocked this long (0: each command)


def load_config(path: Path | None = None) -> Config:
    """Read the config file if it exists; a malformed one is an error naming the file and key."""
    path = path or config_path()
    from kjournal.journal.files import read_regular_text

    try:
        text = read_regular_text(path, limit=1024 * 1024)
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read the config file ({exc.strerror or exc.__class__.__name__})"
        ) from None
    from kjournal.journal.yamlio import YAMLError, load_yaml

    try:
        data = load_yaml(text, unique_keys=True)  # a key given twice is a slip, not a choice
    except YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config file must be a mapping of keys to values")
    known = (
        "prompts_dir", "scales_due_days", "intend_scales", "crisis_region", "crisis_lines",
        "relief_max_gap_days", "unlock_minutes",
    )  # fmt: skip
    if unknown := [key for key in data if key not in known]:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known keys: {', '.join(known)})")

    def bad(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}: {key} must be {what}")

    values: dict[str, Any] = {}
    if (folder := data.get("prompts_dir")) is not None:
        if not isinstance(folder, str) or "\x00" in folder:
            raise bad("prompts_dir", "a folder path")
        try:
            values["prompts_dir"] = Path(folder).expanduser()
        except RuntimeError:  # `~someone/` for a user this machine does not know
            raise bad("prompts_dir", "a folder path whose ~user exists") from None
    if (days := data.get("scales_due_days")) is not None:
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
            raise bad("scales_due_days", "a whole number of days (0 never offers scales)")
        values["scales_due_days"] = days
    if (gap := data.get("relief_max_gap_days")) is not None:
        if not isinstance(gap, int) or isinstance(gap, bool) or not 0 <= gap <= MAX_DAYS:
            raise bad(
                "relief_max_gap_days",
                "a whole number of days (0: any day without a check-in makes relief uncertain)",
            )
        values["relief_max_gap_days"] = gap
    if (minutes := data.get("unlock_minutes")) is not None:
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 <= minutes <= 1440:
            raise bad("unlock_minutes", "a whole number of minutes from 0 (ask every time) to 1440")
        values["unlock_minutes"] = minutes
    for key in ("intend_scales", "crisis_lines"):
        if (items := data.get(key)) is not None:
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise bad(key, "a list of text")
            values[key] = tuple(items)
    if not all(_NAME.fullmatch(name) for name in values.get("intend_scales", ())):
        raise bad("intend_scales", "a list of questionnaire names such as [phq9, gad7]")
    if "crisis_lines" in values:
        # Crisis lines a person can read and act on: no blanks, a panel that fits a screen.
        lines = values["crisis_lines"]
        if not lines or len(lines) > MAX_CRISIS_LINES:
            raise bad("crisis_lines", f"a list of 1 to {MAX_CRISIS_LINES} lines")
        if not all(line.strip() and len(line) <= MAX_CRISIS_LINE_LENGTH for line in lines):
            raise bad("crisis_lines", f"lines of text, none empty, each {MAX_CRISIS_LINE_LENGTH}"
                      " characters at most")  # fmt: skip
    if (region := data.get("crisis_region")) is not None:
        if not isinstance(region, str) or not region.strip() or len(region) > 100:
            raise bad("crisis_region", "the name of a place, 100 characters at most")
        values["crisis_region"] = region
    if ("crisis_region" in values) != ("crisis_lines" in values):
        raise ConfigError(f"{path}: crisis_region and crisis_lines go together; set both")
    return Config(**values)


def config_problem(path: Path | None = None) -> tuple[Path, str] | None:
    """The config file and why it does not load, or None when it loads (or is absent)."""
    try:
        load_config(path)
    except ConfigError as exc:
        return (path or config_path(), str(exc))
    return None
