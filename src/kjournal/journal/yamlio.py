"""YAML in and out with safe semantics only, using libyaml's C loader when PyYAML has it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    # A base class chosen at run time cannot be checked: the type checker sees the pure-Python
    # classes, whose construct_* and represent_* methods the C ones share.
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _PlainDumper(_Dumper):
    """Writes a value seen twice out twice: PyYAML would write an anchor and an alias
    (`&id001`, `*id001`), which kjournal, reading only plain YAML, would then refuse."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_TWICE = "appears twice in one mapping"


class _UniqueKeyLoader(_Loader):
    """Refuses a key given twice in one mapping. PyYAML keeps the last one silently, so a slip in
    a hand-edited prompt set would change what is asked or recorded without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # `<<: *base` may legitimately repeat keys it brings in
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                continue  # an unhashable key: the base constructor reports it
            if duplicate:
                # Keys are prompt ids and field names; anything long is not echoed (private text).
                short = len(str(key)) <= 40 and str(key).isprintable()
                shown = f"the key '{key}'" if short else "a key"
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    f"{shown} {_TWICE}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class YAMLError(Exception):
    """YAML that cannot be read; the message names the line and the problem, never the text.
    PyYAML's problem can quote a word (an alias, a tag, a key): messages about private text use
    `where` alone, and `duplicate_key` to say what went wrong without quoting anything."""

    def __init__(
        self,
        reason: str,
        line: int | None = None,
        column: int | None = None,
        *,
        duplicate_key: bool = False,
    ) -> None:
        self.reason = reason
        self.line = line
        self.column = column
        self.duplicate_key = duplicate_key
        super().__init__(f"line {line}: {reason}" if line else reason)

    @property
    def where(self) -> str:
        """'line 3, column 7', 'line 3', or '' when there is no place (nested too deeply, a date
        that does not exist: then the reason is kjournal's own words and quotes nothing)."""
        if self.line is None:
            return ""
        return f"line {self.line}" + (f", column {self.column}" if self.column else "")


class UnsupportedYAML(YAMLError):
    """Valid YAML that kjournal does not read where it was found (aliases, tags, deep nesting)."""


# The node types kjournal itself writes and reads back. Anything else (`!!binary`, `!!set`,
# `!!omap`, `!!python/...`, local `!tags`, the `<<` merge key) comes from a hand edit or another
# tool; refused before anything is built, so no tag can make reading produce odd types.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
MAX_DEPTH = 16  # kjournal nests three levels (scales: phq9: items); a hand edit rarely more


def _check_plain(root: yaml.Node) -> None:
    """Refuse aliases, recursion, unusual tags and deep nesting in a composed document.

    The composer shares one node for every alias of an anchor, so an alias shows up as a node
    met twice: that is caught here in one pass over the distinct nodes, before construction and
    long before anything (the cache, JSON, a listing) could expand a few hundred bytes of
    nested aliases into gigabytes."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        line = node.start_mark.line + 1 if node.start_mark else None
        if id(node) in seen:
            raise UnsupportedYAML(
                "an anchor (&name) is repeated by an alias (*name), which kjournal does not "
                "read; write the value out each time",
                line,
            )
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            standard = node.tag.startswith("tag:yaml.org,2002:")
            shown = "!!" + node.tag.removeprefix("tag:yaml.org,2002:") if standard else node.tag
            shown = f"'{shown}'" if len(shown) <= 32 and shown.isprintable() else "a YAML tag"
            if node.tag == "tag:yaml.org,2002:merge":
                shown = "the merge key '<<'"
            raise UnsupportedYAML(f"{shown} is not read by kjournal; write plain values", line)
        if depth > MAX_DEPTH:
            raise UnsupportedYAML(f"nested more than {MAX_DEPTH} levels deep", line)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [(key, depth + 1), (value, depth + 1)]


def load_yaml(text: str, *, unique_keys: bool = False, plain: bool = True) -> Any:
    """Parse YAML text (safe types only) or raise YAMLError. With unique_keys, a key repeated in
    one mapping is an error (prompt sets, scales, answers, config); entries keep PyYAML's
    reading, so a file written by hand long ago reads as it always did. Plain (every file
    kjournal reads: entries, drafts, --answers, prompt sets, scales, config): anchors and
    aliases, tags other than the plain scalar and collection ones, and nesting deeper than
    MAX_DEPTH are errors (UnsupportedYAML): kjournal never needs them, and they are how a few
    hundred bytes can cost minutes and gigabytes to read, or recurse without end."""
    loader = (_UniqueKeyLoader if unique_keys else _Loader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if plain:
            _check_plain(node)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        problem = exc.problem or "not valid YAML"
        raise YAMLError(
            problem,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            duplicate_key=problem.endswith(_TWICE),
        ) from None
    except yaml.YAMLError as exc:
        # Reader errors name a byte or character, never surrounding text.
        line = column = None
        position = getattr(exc, "position", None)
        if isinstance(position, int) and 0 <= position <= len(text):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = str(exc).splitlines()[0] if str(exc) else "not valid YAML"
        raise YAMLError(reason, line, column) from None
    except RecursionError:
        raise YAMLError("nested too deeply") from None
    except (ValueError, OverflowError):
        # PyYAML builds dates and numbers after parsing: 2026-02-30 fails here, not as YAMLError.
        raise YAMLError("a date, time or number in it is not valid") from None
    finally:
        loader.dispose()


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
        Dumper=_PlainDumper,
        default_flow_style=False if scalar_only else None,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000_000,  # never fold long answers (libyaml wants an int)
    )
