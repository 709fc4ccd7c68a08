"""kjournal against jrnl on the same entries, whole processes, on this machine.

    python bench/compare.py            # 100, 1,000, 10,000 and 50,000 entries
    python bench/compare.py --quick    # 100 and 1,000 only, fewer runs
    python bench/compare.py --encrypted-only --sizes 10000   # only plain vs encrypted rows

Builds the journals in a temporary folder (jrnl in a throwaway venv, its config and HOME there
too), times each command several times after a warm-up with kjournal and jrnl alternated, and
reports medians, min-max and peak memory (ru_maxrss of each process). Prints a table and writes
bench/results/compare.json.

Then the same kjournal journal encrypted (a copy, `kjournal --passphrase-file F encrypt`, the key
kept unlocked in a runtime folder on /dev/shm) against the plain one: warm list and trends, adding
one entry and the list after it, and the cold rebuild (no .cache), plain and encrypted alternated.
Targets (tracker issue 12): warm list and trends within 1.3x, adding one entry within 1.2x."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kjournal.journal.entry import Entry, Section, to_markdown  # noqa: E402

WORDS = [
    "breath",
    "light",
    "grief",
    "father",
    "kindness",
    "water",
    "body",
    "warm",
    "heavy",
    "open",
    "soften",
    "memory",
    "garden",
    "music",
    "morning",
    "quiet",
    "fear",
    "trust",
    "hands",
    "chest",
    "tears",
    "laugh",
    "walk",
    "sister",
    "letter",
    "forgive",
    "rest",
    "river",
    "colour",
    "edge",
    "space",
    "room",
    "song",
    "held",
    "safe",
    "slowly",
    "again",
    "notice",
    "gentle",
    "ocean",
    "path",
    "tired",
    "hope",
]
SEARCH_WORD = "garden"


def words(rng: random.Random, low: int, high: int) -> str:
    count = rng.randint(low, high)
    text = " ".join(rng.choice(WORDS) for _ in range(count))
    return text[0].upper() + text[1:] + "."


def build_entries(count: int, seed: int = 1) -> list[Entry]:
    """A plausible rhythm: a session a week (intention in the morning, reflection at night),
    check-ins morning and evening, PHQ-9 and GAD-7 weekly; answers of 40-300 words."""
    rng = random.Random(seed)
    tz = timezone(timedelta(hours=1))
    per_week = 16
    start = datetime(2026, 12, 1, tzinfo=tz) - timedelta(weeks=count // per_week + 1)
    entries: list[Entry] = []
    day, session = 0, 0
    while len(entries) < count:
        date = start + timedelta(days=day)
        if day % 7 == 0:
            session += 1
            phq = [rng.randint(0, 3) for _ in range(8)] + [0]
            gad = [rng.randint(0, 3) for _ in range(7)]
            entries.append(
                Entry(
                    kind="intention",
                    created=date.replace(hour=9),
                    session=session,
                    fields={
                        "ratings": {"mood": rng.randint(2, 6), "anxiety": rng.randint(3, 8)},
                        "route": rng.choice(["iv", "im", "nasal", "sublingual"]),
                        "scales": {
                            "phq9": {"score": sum(phq), "items": phq},
                            "gad7": {"score": sum(gad), "items": gad},
                        },
                        "tags": [rng.choice(WORDS)],
                    },
                    sections=[
                        Section(
                            "What would you like to explore, or soften, today?", words(rng, 40, 300)
                        ),
                        Section("Who or what will support you afterwards?", words(rng, 40, 120)),
                    ],
                )
            )
            entries.append(
                Entry(
                    kind="integration",
                    created=date.replace(hour=20),
                    session=session,
                    fields={"ratings": {"mood": rng.randint(4, 9), "anxiety": rng.randint(1, 5)}},
                    sections=[
                        Section("What did you notice in your body?", words(rng, 40, 300)),
                        Section(
                            "Is there an insight you would like to carry forward?",
                            words(rng, 40, 200),
                        ),
                    ],
                )
            )
        for hour in (8, 21):
            entries.append(
                Entry(
                    kind="checkin",
                    created=date.replace(hour=hour, minute=rng.randint(0, 59)),
                    fields={
                        "ratings": {
                            "mood": rng.randint(2, 9),
                            "anxiety": rng.randint(1, 8),
                            "energy": rng.randint(2, 8),
                        },
                        "sleep_hours": rng.choice([5, 6.5, 7, 8]),
                    },
                    sections=[
                        Section("Anything else you would like to note?", words(rng, 40, 120))
                    ],
                )
            )
        day += 1
    return entries[:count]


def write_kjournal(entries: list[Entry], root: Path) -> None:
    names: set[str] = set()
    for entry in entries:
        folder = root / "entries" / f"{entry.created:%Y}" / f"{entry.created:%m}"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{entry.created:%Y-%m-%dT%H%M}-{entry.kind}"
        while name in names:
            name += "-2"
        names.add(name)
        (folder / f"{name}.md").write_text(to_markdown(entry))


def write_jrnl(entries: list[Entry], path: Path) -> None:
    with open(path, "w") as out:
        for entry in entries:
            body = "\n\n".join(s.text for s in entry.sections)
            title = f"{entry.kind.title()} {entry.session or ''}".strip() + "."
            tags = " ".join(f"@{t}" for t in entry.fields.get("tags", []))
            out.write(f"[{entry.created:%Y-%m-%d %I:%M:%S %p}] {title} {tags}\n{body}\n\n")


JRNL_CONFIG = """colors: {{body: none, date: none, tags: none, title: none}}
default_hour: 9
default_minute: 0
editor: ''
encrypt: false
highlight: false
indent_character: '|'
journals:
  default:
    journal: {path}
linewrap: 79
tagsymbols: '#@'
template: false
timeformat: '%F %r'
version: v4.2
"""


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kb: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def summary(self) -> dict:
        return {
            "median_s": round(self.median, 4),
            "min_s": round(min(self.seconds), 4),
            "max_s": round(max(self.seconds), 4),
            "runs": len(self.seconds),
            "peak_rss_mb": round(self.peak_kb / 1024, 1),
        }


TIME = shutil.which("time") if Path("/usr/bin/time").exists() else None


def run_once(command: list[str], env: dict[str, str], before=None) -> tuple[float, int]:
    """Wall time and peak memory (KB) of one whole process. Memory comes from /usr/bin/time
    where there is one: ru_maxrss from wait4 would count pages the child shares with this
    (large) benchmark process between fork and exec."""
    if before:
        before()
    with tempfile.NamedTemporaryFile("r") as memory:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", memory.name, *command] if TIME else command
        started = time.perf_counter()
        proc = subprocess.Popen(
            wrapped,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            error = proc.stderr.read().decode()
            raise SystemExit(f"failed: {' '.join(command)}\n{error}")
        peak = int(memory.read().strip() or 0) if TIME else usage.ru_maxrss
    return elapsed, peak


def compare(pairs: dict[str, tuple], runs: int) -> dict[str, tuple[Timing, Timing | None]]:
    """Time each (kjournal, jrnl) pair alternately: warm-up once each, then `runs` rounds."""
    results = {}
    for name, (k_cmd, k_env, j_cmd, j_env, k_before) in pairs.items():
        k, j = Timing(), Timing() if j_cmd else None
        run_once(k_cmd, k_env, k_before)
        if j_cmd:
            run_once(j_cmd, j_env)
        for _ in range(runs):
            for timing, cmd, env, before in (
                (k, k_cmd, k_env, k_before),
                (j, j_cmd, j_env, None),
            ):
                if cmd is None:
                    continue
                seconds, peak = run_once(cmd, env, before)
                timing.seconds.append(seconds)
                timing.peak_kb = max(timing.peak_kb, peak)
        results[name] = (k, j)
    return results


def install_jrnl(work: Path) -> Path:
    venv = work / "jrnl-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "jrnl"], check=True)
    return venv / "bin" / "jrnl"


def kjournal_command() -> list[str]:
    beside = Path(sys.executable).parent / "kjournal"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "kjournal"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 and 1,000 entries, 3 runs")
    parser.add_argument("--sizes", type=int, nargs="+", help="journal sizes to measure")
    parser.add_argument(
        "--encrypted-only",
        action="store_true",
        help="only the plain-against-encrypted rows (no jrnl)",
    )
    args = parser.parse_args()
    sizes = args.sizes or ([100, 1_000] if args.quick else [100, 1_000, 10_000, 50_000])
    headline = 10_000 if 10_000 in sizes else sizes[-1]
    work = Path(tempfile.mkdtemp(prefix="kjournal-bench-"))
    try:
        jrnl = None if args.encrypted_only else install_jrnl(work)
        kj = kjournal_command()
        report: dict = {
            "date": datetime.now().isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}",
            "sizes": {},
            "encrypted": {},
        }
        for size in sizes:
            runs = 3 if args.quick or size >= 50_000 else 7
            home = work / f"home-{size}"
            (home / ".config" / "jrnl").mkdir(parents=True)
            journal = work / f"kjournal-{size}"
            entries = build_entries(size)
            write_kjournal(entries, journal)
            write_jrnl(entries, home / "journal.txt")
            (home / ".config" / "jrnl" / "jrnl.yaml").write_text(
                JRNL_CONFIG.format(path=home / "journal.txt")
            )
            small = work / f"kjournal-small-{size}"
            write_kjournal(build_entries(10), small)
            base = {k: v for k, v in os.environ.items() if not k.startswith(("KJOURNAL", "XDG"))}
            k_env = {
                **base,
                "KJOURNAL_HOME": str(journal),
                "HOME": str(home),
                "COLUMNS": "100",
                "NO_COLOR": "1",
            }
            k_small = {**k_env, "KJOURNAL_HOME": str(small)}
            j_env = {
                **base,
                "HOME": str(home),
                "XDG_CONFIG_HOME": str(home / ".config"),
                "NO_COLOR": "1",
            }
            subprocess.run(
                [*kj, "trends"], env=k_env, check=True, capture_output=True
            )  # build the cache

            def drop_cache(j=journal) -> None:
                shutil.rmtree(j / ".cache", ignore_errors=True)

            pairs = {
                "start-up: --version": (
                    [*kj, "--version"],
                    k_env,
                    [str(jrnl), "--version"],
                    j_env,
                    None,
                ),
                "start-up: a command touching no entries (where)": (
                    [*kj, "where"],
                    k_env,
                    [str(jrnl), "--version"],
                    j_env,
                    None,
                ),
                "list every entry, one line each": (
                    [*kj, "list"],
                    k_env,
                    [str(jrnl), "--short"],
                    j_env,
                    None,
                ),
                f"search a word ({SEARCH_WORD})": (
                    [*kj, "search", SEARCH_WORD],
                    k_env,
                    [str(jrnl), "-contains", SEARCH_WORD],
                    j_env,
                    None,
                ),
                "trends, all views, warm cache": (
                    [*kj, "trends"],
                    k_env,
                    [str(jrnl), "--short"],
                    j_env,
                    None,
                ),
                "trends, first run without a cache": (
                    [*kj, "trends"],
                    k_env,
                    [str(jrnl), "--short"],
                    j_env,
                    drop_cache,
                ),
                "add one entry": (
                    [*kj, "checkin", "--mood", "5", "--note", "a walk"],
                    k_env,
                    [str(jrnl), "A walk. felt ok"],
                    j_env,
                    None,
                ),
                "add one entry to a 10-entry journal": (
                    [*kj, "checkin", "--mood", "5"],
                    k_small,
                    None,
                    None,
                    None,
                ),
            }
            if jrnl is not None:
                print(f"\n{size:,} entries ({runs} runs each after a warm-up) ...", flush=True)
                results = compare(pairs, runs)
                report["sizes"][size] = {
                    name: {
                        "kjournal": k.summary(),
                        "jrnl": j.summary() if j else None,
                        "ratio": round(k.median / j.median, 3) if j else None,
                    }
                    for name, (k, j) in results.items()
                }
                print_table(report["sizes"][size])
            print(f"\n{size:,} entries, plain against encrypted ({runs} runs each) ...", flush=True)
            report["encrypted"][size] = compare_encrypted(kj, k_env, journal, work, runs)
            print_encrypted(report["encrypted"][size])
        out = (
            REPO
            / "bench"
            / "results"
            / ("compare-encrypted.json" if args.encrypted_only else "compare.json")
        )
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(report, indent=2) + "\n")
        print_growth(report["sizes"])
        print(f"\nheadline size {headline:,}; machine: {report['machine']}; written {out}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


ENCRYPTED_TARGETS = {  # tracker issue 12: encrypted / plain, the key kept unlocked
    "list every entry (warm)": 1.3,
    "trends, all views (warm)": 1.3,
    "add one entry (checkin --mood 5 --no-input)": 1.2,
    "list after adding one entry": None,
    "cold rebuild: list without .cache": None,
}
PASSPHRASE = "a benchmark passphrase"


def compare_encrypted(kj: list[str], env: dict, journal: Path, work: Path, runs: int) -> dict:
    """The journal against an encrypted copy of itself, alternated; the key is kept unlocked
    in a runtime folder on /dev/shm (the way a person reads after typing the passphrase)."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        return {"skipped": "no /dev/shm to keep the unlocked key in"}
    runtime = Path(tempfile.mkdtemp(prefix="kjournal-bench-", dir=shm))
    try:
        os.chmod(runtime, 0o700)
        sealed = work / f"{journal.name}-encrypted"
        plain = work / f"{journal.name}-plain"
        for copy in (sealed, plain):  # the rows add entries: the jrnl rows' journal is left
            shutil.copytree(journal, copy, ignore=shutil.ignore_patterns(".cache"))
        secret = work / "passphrase"
        secret.write_text(PASSPHRASE + "\n")
        config = work / "bench-config.yaml"
        config.write_text("unlock_minutes: 600\n")
        shared = {**env, "KJOURNAL_CONFIG": str(config), "XDG_RUNTIME_DIR": str(runtime)}
        p_env = {**shared, "KJOURNAL_HOME": str(plain)}
        s_env = {**shared, "KJOURNAL_HOME": str(sealed)}
        started = time.perf_counter()
        subprocess.run(
            [*kj, "--passphrase-file", str(secret), "encrypt"],
            env=s_env, check=True, capture_output=True,
        )  # fmt: skip
        encrypt_seconds = time.perf_counter() - started
        for e in (p_env, s_env):  # the caches, as a person's journal has them
            subprocess.run([*kj, "list"], env=e, check=True, capture_output=True)

        def add(e: dict) -> Callable[[], None]:
            return lambda: run_once([*kj, "checkin", "--mood", "5", "--no-input"], e) and None

        def drop_cache(e: dict) -> Callable[[], None]:
            return lambda: shutil.rmtree(Path(e["KJOURNAL_HOME"]) / ".cache", ignore_errors=True)

        names = list(ENCRYPTED_TARGETS)
        rows = {  # name: (command, before the plain run, before the encrypted run)
            names[0]: ([*kj, "list"], None, None),
            names[1]: ([*kj, "trends"], None, None),
            names[2]: ([*kj, "checkin", "--mood", "5", "--no-input"], None, None),
            names[3]: ([*kj, "list"], add(p_env), add(s_env)),
            names[4]: ([*kj, "list"], drop_cache(p_env), drop_cache(s_env)),
        }
        result: dict = {"encrypt_whole_journal_s": round(encrypt_seconds, 2), "rows": {}}
        for name, (command, p_before, s_before) in rows.items():
            p, s = Timing(), Timing()
            run_once(command, p_env, p_before)  # warm-up
            run_once(command, s_env, s_before)
            for _ in range(runs):
                for timing, e, before in ((p, p_env, p_before), (s, s_env, s_before)):
                    seconds, peak = run_once(command, e, before)
                    timing.seconds.append(seconds)
                    timing.peak_kb = max(timing.peak_kb, peak)
            result["rows"][name] = {
                "plain": p.summary(),
                "encrypted": s.summary(),
                "ratio": round(s.median / p.median, 3),
                "target": ENCRYPTED_TARGETS[name],
            }
        return result
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def print_encrypted(result: dict) -> None:
    if "skipped" in result:
        print(f"encrypted rows skipped: {result['skipped']}")
        return
    header = f"{'plain s (min-max)':>22} {'encrypted s (min-max)':>22} {'ratio':>6} {'target':>7}"
    print(f"{'work':<48} {header}")
    for name, row in result["rows"].items():
        p, s = row["plain"], row["encrypted"]
        pt = f"{p['median_s']:.3f} ({p['min_s']:.3f}-{p['max_s']:.3f})"
        st = f"{s['median_s']:.3f} ({s['min_s']:.3f}-{s['max_s']:.3f})"
        target = f"<= {row['target']}" if row["target"] else "-"
        print(f"{name:<48} {pt:>22} {st:>22} {row['ratio']:>6.2f} {target:>7}")
    print(f"(kjournal encrypt on the whole journal: {result['encrypt_whole_journal_s']} s)")


def print_table(rows: dict) -> None:
    header = f"{'kjournal s (min-max)':>22} {'jrnl s (min-max)':>22} {'ratio':>6} {'MB k/j':>11}"
    print(f"{'work':<48} {header}")
    for name, row in rows.items():
        k, j = row["kjournal"], row["jrnl"]
        kt = f"{k['median_s']:.3f} ({k['min_s']:.3f}-{k['max_s']:.3f})"
        jt = f"{j['median_s']:.3f} ({j['min_s']:.3f}-{j['max_s']:.3f})" if j else "-"
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "-"
        mem = f"{k['peak_rss_mb']:.0f}/{j['peak_rss_mb']:.0f}" if j else f"{k['peak_rss_mb']:.0f}/-"
        print(f"{name:<48} {kt:>22} {jt:>22} {ratio:>6} {mem:>11}")


def print_growth(sizes: dict) -> None:
    keys = sorted(sizes)
    if len(keys) < 2:
        return
    low = 1_000 if 1_000 in keys else keys[0]
    high = keys[-1]
    print(f"\ngrowth from {low:,} to {high:,} entries ({high // low}x the entries):")
    for name in (
        "list every entry, one line each",
        f"search a word ({SEARCH_WORD})",
        "trends, all views, warm cache",
        "trends, first run without a cache",
    ):
        k_low, k_high = (
            sizes[low][name]["kjournal"]["median_s"],
            sizes[high][name]["kjournal"]["median_s"],
        )
        print(f"  {name:<40} {k_low:.3f} s -> {k_high:.3f} s ({k_high / k_low:.1f}x)")


if __name__ == "__main__":
    main()
