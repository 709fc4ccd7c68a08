"""YAML in and out with safe semantics only, using libyaml's C loader when PyYAML has it."""

from __future__ import annotations

from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class YAMLError(Exception):
    """YAML that cannot be read; the message names the line and the problem, never the text."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"line {line}: {reason}" if line else reason)


def load_yaml(text: str) -> Any:
    """Parse YAML text (safe types only) or raise YAMLError."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise YAMLError(exc.problem or "not valid YAML", line) from None
    except yaml.YAMLError as exc:
        # Reader errors name a byte or character, never surrounding text.
        raise YAMLError(str(exc).splitlines()[0] if str(exc) else "not valid YAML") from None
    except RecursionError:
        raise YAMLError("nested too deeply") from None
    except (ValueError, OverflowError):
        # PyYAML builds dates and numbers after parsing: 2026-02-30 fails here, not as YAMLError.
        raise YAMLError("a date, time or number in it is not valid") from None


def dump_yaml(data: Any) -> str:
    """Serialise data as YAML: top-level keys one per line, in order; collections of scalars
    (ratings, tags) in flow style as DESIGN.md shows them."""
    if isinstance(data, dict):
        # Dumped key by key: a mapping of scalars alone would otherwise come out as one {...} line.
        return "".join(_dump({key: value}) for key, value in data.items())
    return _dump(data)


def _dump(data: Any) -> str:
    scalar_only = isinstance(data, dict) and not any(
        isinstance(v, dict | list) for v in data.values()
    )
    return yaml.dump(
        data,
        Dumper=_Dumper,
        default_flow_style=False if scalar_only else None,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000_000,  # never fold long answers (libyaml wants an int)
    )
