"""Print the robustness figures: kills tried and answers lost, concurrent writers and entries,
malformed inputs tried and crashes. Run from the repository: python bench/robustness.py"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from datetime import UTC

from kjournal.errors import KJournalError
from kjournal.journal.entry import Entry, Section, from_markdown, to_markdown
from tests.crashkit import SCENARIOS, kill_everywhere
from tests.helpers import run_writers


def crash_figures(work: Path) -> tuple[int, int, int]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda s: kill_everywhere(s, work), SCENARIOS))
    kills = sum(r.kills for r in reports)
    lost = sum(len(r.lost) + len(r.unreadable) + len(r.visible_leftovers) for r in reports)
    hidden = sum(r.hidden_temp_files for r in reports)
    return kills, lost, hidden


def malformed_figures(count: int, seed: int = 7) -> tuple[int, int]:
    """Mutate well-formed entry files at random (cut, duplicate, flip bytes, insert YAML-looking
    and control text); parsing may refuse with our own error but must never crash."""
    rng = random.Random(seed)
    from datetime import datetime

    base = to_markdown(
        Entry(
            kind="intention",
            created=datetime(2026, 1, 5, 9, tzinfo=UTC),
            session=3,
            fields={"ratings": {"mood": 4}, "route": "iv", "tags": ["a", "b"]},
            sections=[Section("What would you like to explore?", "## x\n---\nkind: y\n🙂 שלום")],
        )
    )
    pieces = ["---", "\n", ":", "[", "{", "kind: checkin", "\x00", "\x1b[31m", "é", "- ", "'", '"']
    crashes = 0
    for _ in range(count):
        text = list(base)
        for _ in range(rng.randint(1, 6)):
            op, at = rng.random(), rng.randrange(len(text) + 1)
            if op < 0.3 and text:
                del text[at : at + rng.randint(1, 20)]
            elif op < 0.7:
                text[at:at] = rng.choice(pieces)
            else:
                text[at:at] = chr(rng.randint(0, 0x2FFF))
        try:
            from_markdown("".join(text))
        except KJournalError:
            pass
        except Exception:
            crashes += 1
    return count, crashes


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        kills, lost, hidden = crash_figures(work)
        crash_seconds = time.perf_counter() - started
        started = time.perf_counter()
        journal = work / "concurrent"
        run_writers(journal, "checkin", writers=4, each=50)
        entries = len(list((journal / "entries").rglob("*.md")))
        concurrency_seconds = time.perf_counter() - started
    tried, crashes = malformed_figures(20_000)
    print(f"{'check':<34}{'figures':>40}")
    figures = f"{kills} kills, {lost} lost answers or bad files"
    print(f"{'SIGKILL at every write point':<34}{figures:>40}")
    print(f"{'':<34}{f'{hidden} hidden temp files left, {crash_seconds:.0f} s':>40}")
    print(
        f"{'4 writers x 50 check-ins':<34}{f'{entries} entries of 200, {200 - entries} lost':>40}"
    )
    print(f"{'':<34}{f'{concurrency_seconds:.1f} s':>40}")
    print(f"{'malformed entry texts parsed':<34}{f'{tried} tried, {crashes} crashes':>40}")


if __name__ == "__main__":
    main()
