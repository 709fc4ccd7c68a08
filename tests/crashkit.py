"""Kill a real kjournal process at every point of its write path and check that nothing is lost.

Used by tests/test_crash.py (every point once) and bench/robustness.py (prints the figures)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kjournal.journal.store import Journal, read_entry
from kjournal.journal.yamlio import load_yaml
from kjournal.questions.prompts import load_prompt_set
from kjournal.questions.scales import SCALE_NAMES


@dataclass(frozen=True)
class Scenario:
    """A flow typed in full; `answers` are prompt id -> stored value, in the order asked."""

    name: str
    args: tuple[str, ...]
    script: str
    prompt_set: str
    answers: tuple[tuple[str, Any], ...]
    setup: tuple[str, ...] = ()  # an --answers text for `intend` run before, if the flow needs it


SCENARIOS = (
    Scenario(
        "checkin",
        ("checkin",),
        "6\n3\n5\n7.5\n1,2\nfirst line\nsecond line\n\n",
        "checkin",
        (
            ("mood", 6), ("anxiety", 3), ("energy", 5), ("sleep_hours", 7.5),
            ("side_effects", ["nausea", "dizziness"]), ("note", "first line\nsecond line"),
        ),
    ),
    Scenario(
        "intend",
        ("intend",),
        "n\n4\n6\n2\nas written\nhome\nline one\nline two\n\nbe open\n\n\n\nsoften\n",
        "intend",
        (
            ("mood", 4), ("anxiety", 6), ("route", "im"), ("dose", "as written"),
            ("setting", "home"), ("explore", "line one\nline two"), ("open_to", "be open"),
            ("hard_moments", None), ("support", None), ("anchor", "soften"),
        ),
    ),
    Scenario(
        "integrate",
        ("integrate",),
        "7\n2\n3\nwarm\n\ncalm\n\n\n\nit fit\n\nbring this\n\n\n\n\n",
        "integrate",
        (
            ("mood", 7), ("anxiety", 2), ("side_effects", ["headache"]), ("body", "warm"),
            ("emotions", "calm"), ("images", None), ("surprise", None),
            ("intention_link", "it fit"), ("for_therapist", "bring this"), ("insight", None),
            ("action", None), ("share", None),
        ),
        setup=("explore: to soften\n",),
    ),
    Scenario(
        "scale",
        ("scale", "phq9"),
        "1\n2\n0\n3\n1\n2\n0\n1\n0\n\n",  # nine items, then the difficulty question skipped
        "phq9",
        tuple((f"phq9_item{n}", v) for n, v in enumerate("120312010", 1)),
    ),
)  # fmt: skip


@dataclass
class KillReport:
    kills: int = 0
    completed_runs: int = 0
    lost: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    visible_leftovers: list[str] = field(default_factory=list)
    hidden_temp_files: int = 0


def kjournal_command() -> list[str]:
    beside = Path(sys.executable).parent / "kjournal"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "kjournal"]


def _env(root: Path, kill_at: int | None = None) -> dict[str, str]:
    env = {**os.environ, "KJOURNAL_HOME": str(root), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KJOURNAL_TEST_KILL_AT", None)
    if kill_at:
        env["KJOURNAL_TEST_KILL_AT"] = str(kill_at)
    return env


def prepare(scenario: Scenario, template: Path) -> None:
    """A journal in the state the flow starts from."""
    for answers in scenario.setup:
        subprocess.run(
            [*kjournal_command(), "intend", "--answers", "-", "--no-input"],
            input=answers, text=True, env=_env(template), check=True, capture_output=True,
        )  # fmt: skip
    template.mkdir(parents=True, exist_ok=True)


def _stored_answers(journal: Journal, prompt_set_name: str) -> dict[str, Any]:
    """Everything the journal holds for this flow: the draft's answers and partial lines, and
    the answers inside any entry of the flow's kind, mapped back to prompt ids."""
    if prompt_set_name in SCALE_NAMES:
        return _stored_scale_answers(journal, prompt_set_name)
    prompts = load_prompt_set(prompt_set_name)
    by_heading = {p.text: p.id for p in prompts.prompts}
    found: dict[str, Any] = {}
    for draft in journal.drafts_dir.glob("*.yaml") if journal.drafts_dir.exists() else []:
        data = load_yaml(draft.read_text()) or {}
        found.update({f"partial:{k}": v for k, v in (data.get("partial") or {}).items()})
        found.update(data.get("answers") or {})
        found.update({k: None for k in data.get("skipped") or []})
    kind = {"intend": "intention", "integrate": "integration"}.get(prompt_set_name, "checkin")
    for path in journal.entry_paths():
        entry = read_entry(path)
        if entry.kind != kind:
            continue
        found.update(entry.ratings)
        found.update({k: v for k, v in entry.fields.items() if k in prompts.by_id})
        found.update({by_heading[s.heading]: s.text for s in entry.sections})
        found.update({p.id: None for p in prompts.prompts if p.id not in found})
    return found


def _stored_scale_answers(journal: Journal, name: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for draft in journal.drafts_dir.glob("*.yaml") if journal.drafts_dir.exists() else []:
        found.update((load_yaml(draft.read_text()) or {}).get("answers") or {})
    for path in journal.entry_paths():
        items = read_entry(path).fields.get("scales", {}).get(name, {}).get("items", [])
        found.update({f"{name}_item{n}": str(v) for n, v in enumerate(items, 1)})
    return found


def _acknowledged(stdout: str, scenario: Scenario) -> tuple[int, int]:
    """(answers certainly saved, lines of the next answer certainly saved), read from what the
    process had shown: it shows the next question, or the next `› `, only after saving."""
    if "Saved" in stdout:
        return len(scenario.answers), 0
    headers = list(re.finditer(r"(\d+) of \d+  ", stdout))
    if not headers:
        return 0, 0
    current = int(headers[-1].group(1))  # the question being asked when the kill came
    markers = stdout[headers[-1].end() :].count("› ")
    return current - 1, max(markers - 1, 0)


def run_one(
    scenario: Scenario, template: Path, work: Path, kill_at: int
) -> tuple[bool, list[str], KillReport]:
    """Run the flow once, killed at the kill_at-th write point. Returns (was killed, losses)."""
    root = work / f"{scenario.name}-{kill_at}"
    shutil.copytree(template, root)
    proc = subprocess.run(
        [*kjournal_command(), *scenario.args],
        input=scenario.script, text=True, capture_output=True, env=_env(root, kill_at),
    )  # fmt: skip
    report = KillReport()
    killed = proc.returncode == -signal.SIGKILL
    journal = Journal(root)
    scan = journal.scan()
    report.unreadable = [str(p) for p in scan.problems]
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder, name)
            rel = path.relative_to(root)
            if name.startswith(".kjournal-tmp-"):
                report.hidden_temp_files += 1
            elif not any(part.startswith(".") for part in rel.parts) and not (
                (rel.parts[0] == "entries" and name.endswith(".md"))
                or (rel.parts[0] == "drafts" and name.endswith(".yaml"))
            ):
                report.visible_leftovers.append(str(rel))
    stored = _stored_answers(journal, scenario.prompt_set)
    saved, lines = _acknowledged(proc.stdout, scenario)
    for prompt_id, value in scenario.answers[:saved]:
        if prompt_id not in stored or stored[prompt_id] != value:
            report.lost.append(f"{scenario.name}@{kill_at}: {prompt_id}")
    if saved < len(scenario.answers) and lines:
        prompt_id, value = scenario.answers[saved]
        typed = "\n".join(str(value).split("\n")[:lines])
        partial = stored.get(f"partial:{prompt_id}", stored.get(prompt_id)) or ""
        if not str(partial).startswith(typed):
            report.lost.append(f"{scenario.name}@{kill_at}: lines of {prompt_id}")
    if not killed and proc.returncode != 0:
        report.lost.append(f"{scenario.name}@{kill_at}: exit {proc.returncode}: {proc.stderr}")
    shutil.rmtree(root)
    return killed, report


def kill_everywhere(scenario: Scenario, work: Path, limit: int = 1000) -> KillReport:
    """Kill the flow at point 1, 2, 3, ... until a run gets through without reaching the point."""
    template = work / f"{scenario.name}-template"
    prepare(scenario, template)
    total = KillReport()
    for kill_at in range(1, limit):
        killed, report = run_one(scenario, template, work, kill_at)
        total.lost += report.lost
        total.unreadable += report.unreadable
        total.visible_leftovers += report.visible_leftovers
        total.hidden_temp_files += report.hidden_temp_files
        if not killed:
            total.completed_runs += 1
            break
        total.kills += 1
    return total
