"""Plain YAML for front matter and --answers files: no aliases, no unusual tags, no deep nesting,
so no input can make reading slow, huge or odd-typed (issue 15)."""

from __future__ import annotations

import contextlib
import time
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kjournal.journal.yamlio import UnsupportedYAML, YAMLError, load_yaml


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("a: &x [1]\nb: *x\n", 1, "an anchor (&name) is repeated by an alias (*name)"),
        ("a: &x [*x]\n", 1, "repeated by an alias"),
        ("base: &b {m: 1}\nnext:\n  <<: *b\n", 3, "the merge key '<<' is not read"),
        ("next:\n  <<: {m: 1}\n", 2, "the merge key '<<' is not read by kjournal"),
        ("a: !!binary aGk=\n", 1, "'!!binary' is not read by kjournal"),
        ("a: !!set {x}\n", 1, "'!!set' is not read by kjournal"),
        ("a: !!omap [{x: 1}]\n", 1, "'!!omap' is not read by kjournal"),
        ("a:\n  b: !!python/name:os.system x\n", 2, "'!!python/name:os.system' is not read"),
        ("a: !mine x\n", 1, "'!mine' is not read by kjournal"),
        ("a: " + "[" * 17 + "]" * 17 + "\n", 1, "nested more than 16 levels deep"),
    ],
)
def test_plain_yaml_refuses_what_kjournal_never_writes(text: str, line: int, reason: str) -> None:
    with pytest.raises(UnsupportedYAML) as caught:
        load_yaml(text, plain=True)
    assert caught.value.line == line and reason in caught.value.reason


def test_plain_yaml_reads_every_plain_type_and_explicit_plain_tags() -> None:
    text = (
        "s: text\nq: '5'\ni: 7\nf: 2.5\nb: true\nn: null\nd: 2026-01-07\n"
        "t: 2026-01-07T09:00:00+01:00\nl: [1, [2, {k: v}]]\nm: {a: 1}\ntagged: !!str 5\n"
        "anchored: &only_anchor 3\n"
    )
    data = load_yaml(text, plain=True)
    assert data["q"] == "5" and data["tagged"] == "5" and data["anchored"] == 3
    assert isinstance(data["d"], date) and isinstance(data["t"], datetime)
    assert data["l"] == [1, [2, {"k": "v"}]]


def test_an_alias_bomb_costs_nothing_to_refuse() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
    started = time.monotonic()
    with pytest.raises(UnsupportedYAML):
        load_yaml("\n".join(lines), plain=True, unique_keys=True)
    assert time.monotonic() - started < 0.5


TOKENS = [
    "a", "b", ":", ": ", "- ", "[", "]", "{", "}", ", ", "\n", "  ", "&x ", "*x", "&y ", "*y",
    "!!binary ", "!!set ", "!!str ", "!x ", "? ", "<<: ", "~", ".inf", "0x1", "2026-01-07", "'",
    '"', "|\n  ", "#", "1", "9999999999999999999999", "0001-01-01", "!!python/tuple ", "---\n",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_plain_yaml_raises_only_its_own_error_and_gives_only_plain_data(text: str) -> None:
    with contextlib.suppress(YAMLError):
        assert_plain(load_yaml(text, plain=True, unique_keys=True), 0)


def assert_plain(value: object, depth: int) -> None:
    assert depth <= 17
    if isinstance(value, dict):
        for key, item in value.items():
            assert_plain(key, depth + 1)
            assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item, depth + 1)
    else:
        assert value is None or isinstance(value, str | int | float | bool | date), type(value)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(value=_VALUES)
def test_what_kjournal_writes_it_reads_back_even_a_value_shared_twice(value) -> None:
    """PyYAML writes an object met twice as an anchor and an alias; kjournal reads only plain
    YAML, so its writer must spell the value out each time, or a saved entry could not be read."""
    from kjournal.journal.yamlio import dump_yaml

    data = {"first": value, "second": value, "both": [value, value]}
    text = dump_yaml(data)
    assert "&id" not in text and "*id" not in text
    assert load_yaml(text) == data
