"""Print how long the themes view takes on 10,000 intentions and reflections (5,000 sessions:
far more than anyone writes, so a person's own journal takes a fraction of this).

    python bench/themes.py [--entries N] [--disk]

In memory: find_themes on entries whose answers are made-up sentences (a few hundred words drawn
unevenly, as real ones are, with punctuation, capitals, apostrophes and numbers), then the table
at 80 columns and the JSON. With --disk, also the whole read as the command would do it: the
entries written as files into a temporary journal, scanned, their bodies read, then themes.
Figures only: nothing here asserts anything, and the tests never time anything."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from kjournal.journal.entry import Entry, Section, to_markdown  # noqa: E402

TZ = timezone(timedelta(hours=1))
CONTENT = """
grief father mother sister brother partner child children friend friends work job boss body
chest shoulders hands breath breathing heart stomach throat tension warmth light colour colours
sea ocean river forest tree trees garden walk walking music song voice silence room window door
fear anger sadness relief joy calm peace shame guilt love loneliness hope trust safety boundary
boundaries letting go holding memory memories childhood house home school kitchen table night
morning dream dreams image images shape shapes falling floating flying sinking rising open
opening closing softness kindness compassion patience anxiety worry panic rest sleep tired
energy clarity confusion presence distance closeness change changes space time past future
""".split()  # noqa: SIM905 (a list of words reads best as words)
GLUE = "i my me the a and of to in with about that it was is felt feel not but so".split()  # noqa: SIM905
PUNCTUATION = [".", ".", ",", ";", "!", "?", " —", "."]
PHRASES = ["my father", "letting go", "my body", "my chest", "sense of safety", "deep breath"]


def sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(4, 14)):
        roll = rng.random()
        if roll < 0.45:
            words.append(rng.choice(GLUE))
        elif roll < 0.55:
            words.append(rng.choice(PHRASES))
        elif roll < 0.58:
            words.append(str(rng.randint(1, 300)))
        else:  # uneven, as words are: a few often, most rarely
            words.append(CONTENT[min(int(rng.expovariate(1 / 40)), len(CONTENT) - 1)])
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(PUNCTUATION)


def made_up_entries(count: int, seed: int = 14) -> list[Entry]:
    rng = random.Random(seed)
    start = datetime(2020, 1, 6, 9, 30, tzinfo=TZ)
    entries = []
    for index in range(count):
        number = index // 2 + 1
        kind = "integration" if index % 2 else "intention"
        created = start + timedelta(days=3 * (number - 1), hours=6 * (index % 2))
        answers = [
            Section(f"Prompt {n}", " ".join(sentence(rng) for _ in range(rng.randint(1, 3))))
            for n in range(rng.randint(3, 7))
        ]
        entries.append(Entry(kind=kind, created=created, session=number, sections=answers))
    return entries


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """The shortest wall-clock and processor times of a few runs (on a busy machine the
    processor time says more: it leaves out the time spent waiting for a core)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def line(what: str, times: tuple[float, float], unit: str = "s") -> None:
    scale = 1000 if unit == "ms" else 1
    wall, cpu = (t * scale for t in times)
    print(f"{what:<42} {wall:8.2f} {unit} ({cpu:.2f} {unit} of processor time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--disk", action="store_true", help="also write, scan and read files")
    args = parser.parse_args()

    from rich.console import Console

    from kjournal.render.themes import themes_json, themes_view
    from kjournal.reports.themes import entry_texts, find_themes

    entries = made_up_entries(args.entries)
    words = sum(len(text.split()) for e in entries for text in entry_texts(e))
    print(f"{len(entries):,} entries ({len(entries) // 2:,} sessions), {words:,} words")

    line("find_themes, first run (stemmer imported)", best_of(1, lambda: find_themes(entries)))
    line("find_themes, best of 3", best_of(3, lambda: find_themes(entries)))
    report = find_themes(entries)
    print(f"  {report.recurring:,} themes recur; the first: {report.themes[0].text!r}")

    def table() -> None:
        with open(os.devnull, "w") as nowhere:
            Console(width=80, file=nowhere).print(themes_view(report))

    line("table at 80 columns, best of 3", best_of(3, table), "ms")
    line("JSON, best of 3", best_of(3, lambda: themes_json(report)), "ms")

    if args.disk:
        from kjournal.journal.store import Journal
        from kjournal.reports.themes import theme_entries

        with tempfile.TemporaryDirectory() as folder:
            journal = Journal(Path(folder))
            for index, entry in enumerate(entries):
                month = journal.entries_dir / f"{entry.created:%Y/%m}"
                month.mkdir(parents=True, exist_ok=True)
                stamp = f"{entry.created:%Y-%m-%d-%H%M}-{index}-{entry.kind}.md"
                (month / stamp).write_text(to_markdown(entry), encoding="utf-8")

            def whole() -> None:
                scan = journal.scan()
                chosen = journal.with_bodies(theme_entries(scan.entries), scan.problems)
                find_themes(chosen)

            whole()  # the first scan writes the cache; the command runs with one
            line("scan + bodies + themes from files, best of 3", best_of(3, whole))


if __name__ == "__main__":
    main()
