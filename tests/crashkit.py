"""Kill a real kjournal process at every point of its write path and check that nothing is lost.

Used by tests/test_crash.py (every point once) and bench/robustness.py (prints the figures)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kjournal.journal.entry import Entry, to_markdown
from kjournal.journal.store import Journal, read_entry
from kjournal.journal.yamlio import load_yaml
from kjournal.questions.catalogue import scale_names
from kjournal.questions.prompts import load_prompt_set

TAKEN_MINUTES = 20  # a scenario with taken names must finish within this many minutes


@dataclass(frozen=True)
class Scenario:
    """A flow typed in full; `answers` are prompt id -> stored value, in the order asked."""

    name: str
    args: tuple[str, ...]
    script: str
    prompt_set: str
    answers: tuple[tuple[str, Any], ...]
    setup: tuple[str, ...] = ()  # an --answers text for `intend` run before, if the flow needs it
    # Entry names already taken in every minute around the run (`""` the plain name, `"-2"`...),
    # so that the save tries the next names: `saved_as` then says which one it got.
    taken: tuple[str, ...] = ()


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
    Scenario(
        "checkin-in-a-taken-minute",
        ("checkin", "--mood", "6", "--note", "third in a minute"),
        "",
        "checkin",
        (("mood", 6), ("note", "third in a minute")),
        taken=("", "-2"),
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
    saved_as: list[str] = field(default_factory=list)  # entry names the run that finished added


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
    if scenario.taken:  # empty check-ins (no answers to mistake for the run's own) in each minute
        now = datetime.now().astimezone().replace(second=0, microsecond=0)
        folder = Journal(template).entries_dir
        for minute in range(-2, TAKEN_MINUTES):
            created = now + timedelta(minutes=minute)
            for suffix in scenario.taken:
                name = f"{created:%Y/%m/%Y-%m-%dT%H%M}-checkin{suffix}.md"
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_text(to_markdown(Entry(kind="checkin", created=created)))


def _stored_answers(journal: Journal, prompt_set_name: str) -> dict[str, Any]:
    """Everything the journal holds for this flow: the draft's answers and partial lines, and
    the answers inside any entry of the flow's kind, mapped back to prompt ids."""
    if prompt_set_name in scale_names():
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


class Runs:
    """Runs of the real command, each in a new process killed (SIGKILL) at its kill_at-th write
    point: forked from one process that has imported kjournal already, so that the ~0.2 s of
    interpreter start and imports is paid once per scenario instead of once per point. The fork
    runs `kjournal.main()`, the console script's own call, with the run's environment, its own
    standard streams (files, as a pipe would be: not a terminal) and the kill point set."""

    def __init__(self, env: dict[str, str], prelude: str = "") -> None:
        # -P: the working folder (the repository) is not put first on sys.path, as for the
        # console script. `prelude` is Python the server runs once after its imports, before
        # any fork (tests/test_encryption_crash.py: the passphrase's scrypt, done once).
        self._server = subprocess.Popen(
            [sys.executable, "-P", "-c", _FORK_SERVER, prelude],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )  # fmt: skip

    def run(self, args: tuple[str, ...], script: str, env: dict[str, str], io: Path) -> Ran:
        """Run `kjournal *args` with `script` typed on stdin; io is a folder for its streams."""
        io.mkdir(parents=True, exist_ok=True)
        (io / "stdin").write_text(script)
        request = {"args": list(args), "env": env, "io": str(io)}
        assert self._server.stdin and self._server.stdout
        self._server.stdin.write(json.dumps(request).encode() + b"\n")
        self._server.stdin.flush()
        reply = self._server.stdout.readline()
        if not reply:
            raise RuntimeError("the fork server stopped")
        status = json.loads(reply)["status"]
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        ran = Ran(code, (io / "stdout").read_text(), (io / "stderr").read_text())
        shutil.rmtree(io)
        return ran

    def close(self) -> None:
        if self._server.stdin:
            self._server.stdin.close()
        self._server.wait(timeout=30)

    def __enter__(self) -> Runs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class Ran:
    returncode: int  # negative: killed by that signal, as subprocess says it
    stdout: str
    stderr: str


# The fork server: imports kjournal once, then forks one child per request line and answers
# with its wait status. Standard streams in the child are new objects over fds 0-2, made as
# Python makes them for a process whose streams are files (stderr line-buffered).
_FORK_SERVER = r"""
import json, os, pkgutil, sys, traceback
import kjournal
for module in pkgutil.walk_packages(kjournal.__path__, "kjournal."):
    if not module.name.endswith("__main__"):
        __import__(module.name)
from kjournal.journal import files

if len(sys.argv) > 1 and sys.argv[1]:
    exec(sys.argv[1])
streams = sys.stdin.encoding, sys.stdin.errors, sys.stdout.encoding, sys.stdout.errors
for line in sys.stdin.buffer:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for fd, name, flags in (
                (0, "stdin", os.O_RDONLY),
                (1, "stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                (2, "stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            ):
                opened = os.open(os.path.join(request["io"], name), flags, 0o600)
                os.dup2(opened, fd)
                os.close(opened)
            os.environ.clear()
            os.environ.update(request["env"])
            files._KILL_AT = int(request["env"].get("KJOURNAL_TEST_KILL_AT") or 0)
            files._points_passed = 0
            sys.stdin = sys.__stdin__ = open(
                0, encoding=streams[0], errors=streams[1], closefd=False
            )
            sys.stdout = sys.__stdout__ = open(
                1, "w", encoding=streams[2], errors=streams[3], closefd=False
            )
            sys.stderr = sys.__stderr__ = open(
                2, "w", encoding=streams[2], errors="backslashreplace", closefd=False,
                buffering=1,
            )
            sys.argv = ["kjournal", *request["args"]]
            try:
                kjournal.main()
                code = 0
            except SystemExit as exc:
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    print(exc.code, file=sys.stderr)
            except BaseException:
                traceback.print_exc()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(json.dumps({"status": status}) + "\n")
    sys.stdout.flush()
"""


def run_one(
    scenario: Scenario, template: Path, work: Path, kill_at: int, runs: Runs | None = None
) -> tuple[bool, KillReport]:
    """Run the flow once, killed at the kill_at-th write point. Returns (was killed, report).
    With `runs` the process is forked from its server; without, started afresh."""
    root = work / f"{scenario.name}-{kill_at}"
    shutil.copytree(template, root)
    before = set(Journal(root).entry_paths())
    if runs is not None:
        proc: Ran | subprocess.CompletedProcess[str] = runs.run(
            scenario.args, scenario.script, _env(root, kill_at), work / f"{scenario.name}-io"
        )
    else:
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
    if not killed:
        report.saved_as = sorted(p.name for p in set(journal.entry_paths()) - before)
    shutil.rmtree(root)
    return killed, report


def kill_everywhere(
    scenario: Scenario, work: Path, limit: int = 1000, *, fork: bool = True
) -> KillReport:
    """Kill the flow at point 1, 2, 3, ... until a run gets through without reaching the point.
    Each run is a new process killed for real; `fork=False` starts each with a new interpreter
    (slower, the same checks: for comparing the two)."""
    template = work / f"{scenario.name}-template"
    prepare(scenario, template)
    total = KillReport()
    with contextlib.ExitStack() as stack:
        runs = stack.enter_context(Runs(_env(work))) if fork else None
        for kill_at in range(1, limit):
            killed, report = run_one(scenario, template, work, kill_at, runs)
            total.lost += report.lost
            total.unreadable += report.unreadable
            total.visible_leftovers += report.visible_leftovers
            total.hidden_temp_files += report.hidden_temp_files
            if not killed:
                total.completed_runs += 1
                total.saved_as = report.saved_as
                break
            total.kills += 1
    return total
