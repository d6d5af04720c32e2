"""Hot-issue clustering: the time to cluster 100,000 requests generated from the real messages of
hot.csv (each message repeated by its popularity, reworded a little, placed at varied streets and
points, at varied times), against the same clustering without place blocking on 10,000 of them.

    .venv/bin/python bench/hot_issues.py [--data ../shared/data/citizen-messages] [--count 100000]

The data is read from the shared folder at run time only; nothing of it enters the repository.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "citizen-messages"

from shiliu.insights.clustering import Item, clusters  # noqa: E402

OPENINGS = ["", "", "您好，", "领导好，", "请问", "反映一个问题：", "再次反映：", "紧急！"]
ENDINGS = ["", "", "希望尽快解决。", "请有关部门重视。", "谢谢！", "盼复。", "已经反映多次了。"]


def generate(data: Path, count: int, seed: int = 0) -> tuple[list[Item], list[int]]:
    """`count` items and, for each, the hot.csv row it was made from."""
    with (data / "hot.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("body")]
    rng = random.Random(seed)
    weights = [1 + int(r.get("likes") or 0) for r in rows]
    streets = [f"1/{d}/{s}" for d in range(2, 10) for s in range(10, 40)]
    homes = [(rng.choice(streets), 28.1 + rng.random() * 0.3, 112.8 + rng.random() * 0.3) for _ in rows]
    items, sources = [], []
    for key in range(count):
        source = rng.choices(range(len(rows)), weights)[0]
        row = rows[source]
        street, lat, lng = homes[source]
        if rng.random() < 0.25:  # the same words from elsewhere in the city
            street, lat, lng = rng.choice(streets), 28.1 + rng.random() * 0.3, 112.8 + rng.random() * 0.3
        located = rng.random() < 0.7
        text = rng.choice(OPENINGS) + row["title"] + "。" + row["body"] + rng.choice(ENDINGS)
        items.append(Item(key=key, text=text, area=street,
                          latitude=lat + rng.gauss(0, 0.002) if located else None,
                          longitude=lng + rng.gauss(0, 0.002) if located else None))
        sources.append(source)
    return items, sources


def purity(found: list[Any], sources: list[int]) -> float:
    """Share of clustered requests whose cluster is mostly made from the same message."""
    clustered = sum(len(c.keys) for c in found)
    agreeing = sum(Counter(sources[k] for k in c.keys).most_common(1)[0][1] for c in found)
    return agreeing / clustered if clustered else 1.0


def timed(items: list[Item], **options: Any) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    found = clusters(items, **options)
    return time.perf_counter() - started, found


def figures(data: Path = DEFAULT_DATA, count: int = 100_000) -> list[dict[str, Any]]:
    items, sources = generate(data, count)
    seconds, found = timed(items)
    sample = items[:10_000]
    blocked_10k, _found = timed(sample)
    unblocked = [Item(i.key, i.text, "all") for i in sample]  # one block: every pair compared
    brute_10k, _found = timed(unblocked, max_km=1e9)
    return [
        {"name": "hot_issues.cluster_seconds", "value": round(seconds, 2), "unit": f"s for {count} requests",
         "baseline": 20.0, "ratio": round(seconds / 20.0, 3)},
        {"name": "hot_issues.cluster_10k_seconds", "value": round(blocked_10k, 2), "unit": "s (blocked by place)",
         "baseline": round(brute_10k, 2), "ratio": round(blocked_10k / brute_10k, 3)},
        {"name": "hot_issues.clusters", "value": len(found), "unit": "clusters of 2+",
         "baseline": len({s for s in sources}), "ratio": round(len(found) / len({s for s in sources}), 3)},
        {"name": "hot_issues.purity", "value": round(purity(found, sources), 4), "unit": "share",
         "baseline": 1.0, "ratio": round(purity(found, sources), 4)},
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    for figure in figures(args.data, args.count):
        print(f"{figure['name']:32} {figure['value']:>10} {figure['unit']:26} "
              f"baseline {figure['baseline']:>10}  ratio {figure['ratio']}")
