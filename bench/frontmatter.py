"""Print what reading 10,000 typical front matters costs: the fast reader against PyYAML.

The figures quoted in src/kjournal/journal/frontmatter.py come from here. Run from the
repository: python bench/frontmatter.py [count]"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import yaml

from kjournal.journal import frontmatter
from kjournal.journal.entry import Entry, split_front_matter, to_markdown
from kjournal.journal.yamlio import load_yaml
from kjournal.questions.scales import available_scales, load_scale, score

TZ = timezone(timedelta(hours=1))
SIDE_EFFECTS = ["nausea", "dizziness", "headache", "dissociation_lingering", "sleep_trouble"]
DOSES = ["0.5 mg/kg over 40 minutes", "56 mg", "as my clinic wrote it", "200 mg, lozenge"]
SETTINGS = ["my room, with music", "the clinic, eyes closed", "at home with Sam", "quiet room"]


def typical_entries(count: int, seed: int = 11) -> list[Entry]:
    """Entries as a journal of years holds them: mostly check-ins, a session's intention and
    integration now and then, questionnaires every week or so, in kjournal's own field shapes."""
    rng = random.Random(seed)
    scales = [load_scale(name) for name in available_scales()]
    start = datetime(2024, 1, 1, 8, 30, tzinfo=TZ)
    entries, session = [], 0
    for n in range(count):
        created = start + timedelta(hours=7 * n, seconds=rng.randrange(3600))
        ratings = {"mood": rng.randint(0, 10), "anxiety": rng.randint(0, 10)}
        roll = rng.random()
        fields: dict[str, Any]
        if roll < 0.7:
            ratings["energy"] = rng.randint(0, 10)
            fields = {"ratings": ratings, "sleep_hours": rng.choice([6, 7.5, 8, 5.5])}
            fields["side_effects"] = rng.sample(SIDE_EFFECTS, rng.randint(0, 2)) or ["none"]
            entries.append(Entry(kind="checkin", created=created, fields=fields))
        elif roll < 0.8:
            session += 1
            fields = {"ratings": ratings, "route": rng.choice(["iv", "im", "sublingual"])}
            fields |= {"dose": rng.choice(DOSES), "setting": rng.choice(SETTINGS)}
            entries.append(Entry(kind="intention", created=created, session=session, fields=fields))
        elif roll < 0.9:
            fields = {"ratings": ratings, "side_effects": rng.sample(SIDE_EFFECTS, 1)}
            entries.append(
                Entry(kind="integration", created=created, session=max(session, 1), fields=fields)
            )
        else:
            scale = rng.choice(scales)
            items = [rng.choice(scale.options)[0] for _ in scale.items]
            result = score(scale, items)  # type: ignore[arg-type]
            fields = {"scales": {scale.id: result.as_fields()}}
            if result.risk:
                fields["risk"] = True
            entries.append(Entry(kind="questionnaire", created=created, fields=fields))
    return entries


def best_of(runs: int, read: Callable[[str], Any], fronts: list[str]) -> float:
    times = []
    for _ in range(runs):
        frontmatter._fast_scalar.cache_clear()  # each run starts cold, as one command does
        frontmatter._split_line.cache_clear()
        started = time.process_time()
        for front in fronts:
            read(front)
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    fronts = [split_front_matter(to_markdown(e), "bench")[0] for e in typical_entries(count)]
    taken = sum(frontmatter.fast_front_matter(f) is not None for f in fronts)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def fast_then_fallback(front: str) -> Any:
        data = frontmatter.fast_front_matter(front)
        return data if data is not None else load_yaml(front, plain=True)

    figures = [
        ("fast reader alone", best_of(5, frontmatter.fast_front_matter, fronts)),
        (f"PyYAML {loader.__name__}", best_of(5, lambda f: yaml.load(f, Loader=loader), fronts)),
        ("kjournal's PyYAML reading", best_of(5, lambda f: load_yaml(f, plain=True), fronts)),
        ("fast reader, PyYAML when refused", best_of(5, fast_then_fallback, fronts)),
    ]
    print(f"{count:,} typical front matters; the fast reader takes {taken:,} ({taken / count:.0%})")
    print("CPU seconds, best of 5 runs:")
    for name, seconds in figures:
        print(f"{name:<36}{seconds:>8.3f} s")


if __name__ == "__main__":
    main()
