"""Every reading command over generated journals: any front matter a person or another app could
write by hand, and any cache, never makes a command fail unexpectedly, hide the good entries or
change a file. This is how issue 15 was found; this test keeps it found."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kjournal.cli import app
from kjournal.journal.store import Journal

settings.register_profile(
    "reading-fuzz",
    max_examples=int(os.environ.get("KJOURNAL_FUZZ_EXAMPLES", "25")),
    deadline=None,
    # The same examples in every run of the suite; KJOURNAL_FUZZ_EXAMPLES=500 explores anew.
    derandomize="KJOURNAL_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

GOOD = (
    (
        "2026-01-05T0900-intention",
        "kjournal: 1\nkind: intention\ncreated: 2026-01-05T09:00:00+01:00\nsession: 1\n"
        "ratings: {mood: 4, anxiety: 6}\nroute: iv\ntags: [grief]\n",
    ),
    (
        "2026-01-05T1800-integration",
        "kjournal: 1\nkind: integration\ncreated: 2026-01-05T18:00:00+01:00\nsession: 1\n"
        "ratings: {mood: 7, anxiety: 3}\n",
    ),
    (
        "2026-01-06T0900-checkin",
        "kjournal: 1\nkind: checkin\ncreated: 2026-01-06T09:00:00+01:00\n"
        "ratings: {mood: 6, anxiety: 4}\nside_effects: [nausea]\n",
    ),
    (
        "2026-01-06T1000-phq9",
        "kjournal: 1\nkind: questionnaire\ncreated: 2026-01-06T10:00:00+01:00\n"
        "scales: {phq9: {score: 9, band: mild, items: [1, 1, 1, 1, 1, 1, 1, 1, 1]}}\n",
    ),
)
ODD_NAME = "2026-01-07T0900-checkin"

# Every command that only reads: each must finish with an exit code of its own (never 70).
COMMANDS: list[list[str]] = [
    [],
    ["list"],
    ["list", "--format", "json"],
    ["show", GOOD[0][0]],
    ["show", ODD_NAME],
    ["show", ODD_NAME, "--format", "json"],
    ["search", "fine"],
    *(["trends", "--view", view] for view in ("sessions", "scales", "weeks", "all")),
    ["trends", "--all", "--format", "json"],
    *(["trends", "--view", view, "--format", "csv"] for view in ("sessions", "scales", "weeks")),
    *(["export", "--format", f] for f in ("md", "csv", "json", "html")),
    ["export", "--include-text"],
    ["doctor"],
]

# YAML a hand edit or another tool might leave: every node type, tags, anchors and aliases,
# numbers YAML 1.1 reads oddly, dates outside any journal, text.
ODD_SCALARS = [
    "~", "null", "yes", "No", "on", "true", "0", "10", "-1", "11", "99", "0o17", "0x1F",
    "1_000", ".inf", "-.inf", ".nan", "1e400", "9" * 40, "-0.0", "5.5", "''", '""', "'q'",
    "2026-01-07", "0001-01-01", "9999-12-31", "0026-01-07T09:00:00+01:00", "2026-02-30",
    "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "2026-01-07 09:00:00",
    "!!binary aGVsbG8=", "!!set {a, b}", "!!python/object:os.system x", "!foo bar",
    "!!omap [{a: 1}]", "!!str 5", "!!int '7'", "!!float 1", "!!timestamp 2026-01-07",
    "&a 5", "*a", "&b [1, *b]", "|\n  block", "- x", "fine", "a: b", "{", "[",
    "checkin", "intention", "questionnaire", "mood", "phq9",
]  # fmt: skip
ODD_KEYS = [
    "kind", "created", "session", "ratings", "scales", "tags", "route", "risk", "kjournal",
    "intention", "note", "1", "null", "~", "true", "2026-01-07", "1.5", "'quoted'", "<<",
    "? [a, b]\n", "&k key", "*k", "!!str key", "mood", "score", "items",
]  # fmt: skip
# What a careful hand edit adds: these keep the file readable, so that examples also check
# that an odd-but-valid entry is listed and shown everywhere.
BENIGN_LINES = [
    "tags: [calm, family]", "tags: grief", "note: a walk by the water", "route: nasal",
    "route: 5", "risk: false", "risk: maybe", "setting: 'home, with music'", "when: 2026-01-08",
    "odd: {1: 2, null: 3}", "dose: 0.5 mg/kg", "energy: 7", "ratings: {mood: 5.5, sleep: 0}",
    "ratings: {mood: null}", "scales: {phq9: {score: 30, items: [3, 3, 3]}}",
    "scales: {mine: {score: 3}}", "scales: {phq9: {score: -2}}", "session: 3",
    "created: 1900-01-01T00:00:00+14:00", "created: 2200-12-31T23:59:00-12:00",
    "created: 2026-01-07", "nested:\n  deeper:\n    deepest: [1, 2.5, x]", "empty:",
    "long: " + "x" * 3000, "big: " + "9" * 30, "unicode: \"\\u202e\\u0000 \u00e9\"",
]  # fmt: skip
odd_scalar = st.one_of(
    st.sampled_from(ODD_SCALARS),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).map(json.dumps),
)
odd_key = st.sampled_from(ODD_KEYS)


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(odd_key, children), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
    )


odd_value = st.recursive(odd_scalar, _flow, max_leaves=12)
nested = st.integers(17, 1200).map(lambda depth: "[" * depth + "1" + "]" * depth)
alias_bomb = st.integers(3, 9).map(
    lambda n: "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "x"] * 9) + "]\n" for i in range(n)
    )
)
known_value = st.one_of(
    st.builds(lambda v: f"ratings: {{mood: {v}, anxiety: 3}}", odd_scalar),
    st.builds(lambda v: f"ratings: {v}", odd_value),
    st.builds(lambda v: f"scales: {{phq9: {{score: {v}, items: [1, 2]}}}}", odd_scalar),
    st.builds(lambda v: f"scales: {{mine: {{score: {v}, band: x}}}}", odd_scalar),
    st.builds(lambda v: f"scales: {{phq9: {{items: {v}}}}}", odd_value),
    st.builds(lambda v: f"scales: {v}", odd_value),
    st.builds(lambda v: f"created: {v}", odd_scalar),
    st.builds(lambda v: f"session: {v}", odd_scalar),
    st.builds(lambda v: f"tags: {v}", odd_value),
)
odd_line = st.one_of(
    st.sampled_from(BENIGN_LINES),
    st.sampled_from(BENIGN_LINES),
    st.builds(lambda k, v: f"{k}: {v}", odd_key, odd_value),
    known_value,
    nested.map(lambda text: f"deep: {text}"),
    st.builds(lambda k: f"{k}:\n  {k}:\n    {k}: 1", odd_key),
)
base_lines = ["kjournal: 1", "kind: checkin", "created: 2026-01-07T09:00:00+01:00"]


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Valid kjournal front matter with lines replaced, added or taken away, or a bomb; in about
    a third of the examples only careful edits, so that files that stay readable are tested too."""
    lines = [*base_lines, "ratings: {mood: 5}"]
    careful = draw(st.integers(0, 2)) == 0
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(lines)))
        how = draw(st.sampled_from(["insert", "replace", "delete"]))
        line = draw(st.sampled_from(BENIGN_LINES) if careful else odd_line)
        if careful:
            lines.insert(position, line)  # every base line kept: the file must stay readable
        elif how == "delete" and lines:
            del lines[min(position, len(lines) - 1)]
        elif how == "replace" and lines:
            lines[min(position, len(lines) - 1)] = line
        else:
            lines.insert(position, line)
    text = "\n".join(lines) + "\n"
    if not careful and draw(st.integers(0, 9)) == 0:
        text += draw(alias_bomb)
    return text


ODD_RECORD_VALUES = [
    "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59", {"$dt": "x"}, {"$map": [[1]]},
    {"$d": 5}, {"ratings": {"mood": "x"}}, {"kind": "checkin"}, "intention", [1, "x"],
]  # fmt: skip


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
RECORD_FIELDS = ["sig", "kind", "created", "session", "fields", "encoded", "excerpt", "error"]


@st.composite
def cache_text(draw: st.DrawFn, real: str) -> tuple[str, set[str]]:
    """The cache kjournal wrote (`real`), or garbage, or that cache with records bent; and
    the keys of the records bent."""
    choice = draw(st.sampled_from(["real", "json", "deep", "bent", "bent", "bent"]))
    if choice == "real":
        return real, set()
    if choice == "deep":
        return '{"version": 3, "files": ' + "[" * 100_000 + "]" * 100_000 + "}", set()
    if choice == "json":
        return json.dumps(draw(JSON_VALUE)), set()
    files = json.loads(real)["files"]
    bent = set()
    for key in sorted(files):
        how = draw(st.sampled_from(["keep", "keep", "field", "field", "replace"]))
        if how == "field":
            files[key][draw(st.sampled_from(RECORD_FIELDS))] = draw(
                JSON_VALUE | st.sampled_from(ODD_RECORD_VALUES)
            )
        elif how == "replace":
            files[key] = draw(JSON_VALUE)
        if how != "keep":
            bent.add(key)
    return json.dumps({"version": 3, "files": files}), bent


def _fingerprint(root: Path) -> dict[str, tuple[str, int]]:
    prints = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".cache"]
        for name in names:
            path = Path(folder, name)
            prints[str(path)] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return prints


def test_any_front_matter_and_any_cache_leave_every_reading_command_working(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runner = CliRunner()
    counts: Counter[str] = Counter()

    @settings(settings.get_profile("reading-fuzz"))
    @given(data=st.data(), front=front_matter())
    def check(data: st.DataObject, front: str) -> None:
        with tempfile.TemporaryDirectory() as folder:
            journal = Journal(Path(folder) / "journal")
            month = journal.entries_dir / "2026" / "01"
            month.mkdir(parents=True)
            for name, good in GOOD:
                (month / f"{name}.md").write_text(f"---\n{good}---\n# t\n\n## How?\n\nfine\n")
            odd = month / f"{ODD_NAME}.md"
            odd.write_text(f"---\n{front}---\n# odd\n\n## How?\n\nfine too\n")
            monkeypatch.setenv("KJOURNAL_HOME", str(journal.root))
            Journal(journal.root).scan()  # the cache as kjournal writes it, to be bent
            cache, bent = data.draw(cache_text(journal.cache_path.read_text()), label="cache")
            journal.cache_path.write_text(cache)
            # A bent record that still has its file's signature and a valid shape is a lie no
            # check can see (the file is what it says, unchanged); naming is checked without it.
            cache_may_lie = f"2026/01/{ODD_NAME}.md" in bent
            before = _fingerprint(journal.root)
            refused = _refused(odd)
            event("odd file refused" if refused else "odd file read")
            counts["refused" if refused else "read"] += 1
            for args in COMMANDS:
                result = runner.invoke(app, args)
                counts["commands"] += 1
                shown = f"{args}: {result.exit_code}\n{result.stderr[-600:]}"
                assert result.exit_code != 70 and "unexpected" not in result.stderr, shown
                assert result.exception is None or isinstance(result.exception, SystemExit), shown
                assert "Traceback" not in result.output, shown
                if args == ["list", "--format", "json"]:
                    listed = {item["file_id"] for item in json.loads(result.stdout)}
                    assert {name for name, _ in GOOD} <= listed
                    assert cache_may_lie or (ODD_NAME in listed) is not refused
                if args == ["list"] and refused and not cache_may_lie:
                    assert ODD_NAME in result.stderr, shown
                assert _fingerprint(journal.root) == before, args
            counts["examples"] += 1

    check()
    examples = counts["examples"]
    print(f"\nfuzz: {examples} examples, {len(COMMANDS)} commands each, {dict(counts)}")
    assert examples >= 20 and counts["commands"] == examples * len(COMMANDS)
    # Both sides must be exercised: a generator that only made unreadable files checks little.
    assert counts["refused"] >= examples // 5 and counts["read"] >= examples // 10, counts


def _refused(odd: Path) -> bool:
    """Whether reading leaves the odd file out, judged by the core without touching the cache
    (the commands are what is tested)."""
    from kjournal.errors import EntryError
    from kjournal.journal.store import read_front_matter

    try:
        read_front_matter(odd)
    except EntryError:
        return True
    return False
