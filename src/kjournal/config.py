"""Where the journal and the config file live, and what the config file says."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Config:
    """Settings from config.yaml; every key has a default, so the file is optional."""

    prompts_dir: Path | None = None


def load_config(path: Path | None = None) -> Config:
    """Read the config file if it exists; a malformed one is an error naming the file and key."""
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read the config file ({exc.__class__.__name__})"
        ) from None
    from kjournal.yamlio import YAMLError, load_yaml

    try:
        data = load_yaml(text)
    except YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return Config()
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config file must be a mapping of keys to values")
    known = {"prompts_dir"}
    if unknown := sorted(set(data) - known):
        raise ConfigError(
            f"{path}: unknown key '{unknown[0]}' (known keys: {', '.join(sorted(known))})"
        )
    prompts_dir = data.get("prompts_dir")
    if prompts_dir is not None and not isinstance(prompts_dir, str):
        raise ConfigError(f"{path}: prompts_dir must be a folder path")
    return Config(prompts_dir=Path(prompts_dir).expanduser() if prompts_dir else None)
