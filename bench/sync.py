"""`kjournal sync` on a large journal: the time of a sync that sends one new entry.

    python bench/sync.py [--entries 10000] [--runs 5]

Builds a journal of realistic entries (bench/compare.py's generator), sets up sync with a bare
repository in the same temporary folder as the remote, syncs once, then for each run adds one
check-in (`kjournal checkin --mood 5`, which commits it) and times `kjournal sync` as a whole
process. A second device is cloned too, and its sync that brings the one entry in is timed.
The same check-in before sync was set up is timed first, for the cost of the automatic commit.
Prints the figures (medians, min-max), the cores and the load average; asserts nothing."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from compare import build_entries, write_kjournal  # noqa: E402


def kjournal(env: dict[str, str], journal: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kjournal", "--journal", str(journal), *args],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        base = Path(work)
        home = base / "home"
        home.mkdir()
        env = {
            **os.environ,
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "KJOURNAL_CONFIG": str(base / "config.yaml"),
        }
        remote, first, second = base / "remote.git", base / "a", base / "b"
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
        started = time.perf_counter()
        write_kjournal(build_entries(options.entries), first)
        built = time.perf_counter() - started
        kjournal(env, first, "list", "-n", "1")
        plain = [kjournal(env, first, "checkin", "--mood", "5") for _ in range(options.runs)]
        setup = kjournal(env, first, "sync", "--setup", str(remote))
        clone = kjournal(env, second, "sync", "--setup", str(remote))
        kjournal(env, first, "list", "-n", "1")  # a warm cache, as a person's journal has
        kjournal(env, second, "list", "-n", "1")
        adds, sends, receives = [], [], []
        for _ in range(options.runs):
            adds.append(kjournal(env, first, "checkin", "--mood", "5"))
            sends.append(kjournal(env, first, "sync"))
            receives.append(kjournal(env, second, "sync"))
        count = len(list((first / "entries").rglob("*.md")))
    version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout
    print(
        f"journal of {count} entries (built in {built:.1f} s); {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}, git {version.split()[-1]}"
    )
    print(f"sync --setup, first device (commit everything, push):   {setup:.3f} s")
    print(f"sync --setup, second device (fetch, merge, check out):  {clone:.3f} s")
    print(f"checkin --mood 5, before sync was set up:               {summary(plain)}")
    print(f"checkin --mood 5, committed at once:                    {summary(adds)}")
    print(f"sync sending the 1 new entry:                           {summary(sends)}")
    print(f"sync on the other device bringing it in:                {summary(receives)}")


if __name__ == "__main__":
    main()
