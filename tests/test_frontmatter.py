"""The fast front-matter reader reads what PyYAML reads, wherever it answers."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kjournal.journal.frontmatter import fast_front_matter

scalar_text = st.one_of(
    st.integers(-5, 10**6).map(str),
    st.sampled_from(
        ["0.5", "7.5", "-0.0", "00", "012", "0o7", "1_000", "1e3", "+1", ".5", "1.", "-0"]
    ),
    st.sampled_from(
        ["iv", "none", "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"]
    ),
    st.sampled_from(
        ["True", "NULL", "sleep_trouble", "a b", "'q'", '"q"', "a#b", "a #b", "x:", ""]
    ),
    st.sampled_from(["2026-12-02T09:30:12+01:00", "2026-02-30T09:00:00+01:00", "2026-12-02"]),
    st.sampled_from(["2026-12-02T09:30:12Z", "2026-12-02 09:30:12+01:00", "2026-12-02T09:30:12"]),
)
flow = st.one_of(
    st.lists(scalar_text, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
    st.lists(st.tuples(st.sampled_from(["mood", "a", "no", "Null"]), scalar_text), max_size=3).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    ),
)
key_text = st.sampled_from(
    ["kind", "created", "ratings", "scales", "phq9", "items", "yes", "Off", "n", "x"]
)
line = st.tuples(
    st.sampled_from([0, 0, 2, 4, 3]), key_text, st.one_of(scalar_text, flow, st.just(None))
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(line, max_size=8))
def test_the_fast_front_matter_reader_agrees_with_pyyaml(lines) -> None:
    text = "".join(
        f"{' ' * indent}{key}:" + ("" if value is None else f" {value}") + "\n"
        for indent, key, value in lines
    )
    fast = fast_front_matter(text)
    if fast is None:
        return  # left to PyYAML
    assert fast == yaml.safe_load(text) or (fast == {} and yaml.safe_load(text) is None)
