"""Hot-issue clustering: the time to cluster 100,000 requests generated from the real messages of
hot.csv (each message repeated by its popularity, reworded a little, placed at varied streets and
points, at varied times) and how well the copies of one message in one place land together,
beside the pairwise clustering it replaced (bench/_pairwise.py) on 20,000 of the same requests and
the time of just making the requests.

    .venv/bin/python bench/hot_issues.py [--data ../shared/data/citizen-messages] [--count 100000]

The data is read from the shared folder at run time only; nothing of it enters the repository.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "citizen-messages"

from bench import Figure  # noqa: E402
from bench._pairwise import clusters as pairwise_clusters  # noqa: E402
from shiliu.insights.clustering import Item, clusters  # noqa: E402

OPENINGS = ["", "", "您好，", "领导好，", "请问", "反映一个问题：", "再次反映：", "紧急！"]
ENDINGS = ["", "", "希望尽快解决。", "请有关部门重视。", "谢谢！", "盼复。", "已经反映多次了。"]


def _reworded(text: str, rng: random.Random) -> str:
    """The same message in a resident's own hand: up to three characters dropped or doubled."""
    for _ in range(rng.randint(0, 3)):
        at = rng.randrange(len(text))
        text = text[:at] + text[at + 1:] if rng.random() < 0.5 else text[:at] + text[at] + text[at:]
    return text


def generate(data: Path, count: int, seed: int = 0) -> tuple[list[Item], list[int], list[int | None]]:
    """`count` items, for each the hot.csv row it was made from and, when it was filed at that
    row's home (not elsewhere in the city), the row again: the copies that belong together."""
    with (data / "hot.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("body")]
    rng = random.Random(seed)
    weights = list(accumulate(1 + int(r.get("likes") or 0) for r in rows))
    streets = [f"1/{d}/{s}" for d in range(2, 10) for s in range(10, 40)]
    homes = [(rng.choice(streets), 28.1 + rng.random() * 0.3, 112.8 + rng.random() * 0.3) for _ in rows]
    items, sources, together = [], [], []
    for key in range(count):
        source = rng.choices(range(len(rows)), cum_weights=weights)[0]
        row = rows[source]
        street, lat, lng = homes[source]
        home: int | None = source
        if rng.random() < 0.25:  # the same words from elsewhere in the city
            street, lat, lng = rng.choice(streets), 28.1 + rng.random() * 0.3, 112.8 + rng.random() * 0.3
            home = None
        located = rng.random() < 0.7
        text = rng.choice(OPENINGS) + _reworded(row["title"] + "。" + row["body"], rng) + rng.choice(ENDINGS)
        items.append(Item(key=key, text=text, area=street,
                          latitude=lat + rng.gauss(0, 0.002) if located else None,
                          longitude=lng + rng.gauss(0, 0.002) if located else None))
        sources.append(source)
        together.append(home)
    return items, sources, together


def purity(found: list[Any], sources: list[int]) -> float:
    """Share of clustered requests whose cluster is mostly made from the same message."""
    clustered = sum(len(c.keys) for c in found)
    agreeing = sum(Counter(sources[k] for k in c.keys).most_common(1)[0][1] for c in found)
    return agreeing / clustered if clustered else 1.0


def recall(found: list[Any], together: list[int | None]) -> float:
    """Share of the requests filed at their message's home (of messages with two or more there)
    that are in the cluster holding most of their message's copies there: 1.0 when every
    message's copies in one place form one cluster."""
    cluster_of = {key: index for index, c in enumerate(found) for key in c.keys}
    groups: dict[int, list[int]] = defaultdict(list)
    for key, home in enumerate(together):
        if home is not None:
            groups[home].append(key)
    members = kept = 0
    for keys in groups.values():
        if len(keys) < 2:
            continue
        members += len(keys)
        counts = Counter(cluster_of[k] for k in keys if k in cluster_of)
        kept += counts.most_common(1)[0][1] if counts else 0
    return kept / members if members else 1.0


def timed(cluster: Callable[..., list[Any]], items: list[Item], **options: Any) -> tuple[float, float, list[Any]]:
    """Wall and CPU seconds (the CPU ones say more on a shared, loaded machine), and the clusters."""
    started, cpu = time.perf_counter(), time.process_time()
    found = cluster(items, **options)
    return time.perf_counter() - started, time.process_time() - cpu, found


def figures(data: Path = DEFAULT_DATA, count: int = 100_000, sample: int = 20_000) -> list[Figure]:
    started = time.perf_counter()
    items, sources, together = generate(data, count)
    made = time.perf_counter() - started
    seconds, cpu, found = timed(clusters, items)
    part, part_together = items[:sample], together[:sample]
    ours_part, ours_cpu, ours_found = timed(clusters, part)
    theirs_part, theirs_cpu, theirs_found = timed(pairwise_clusters, part)
    load = f"load average {os.getloadavg()[0]:.1f}"
    quality = f"on the first {sample:,}; baseline: the pairwise clustering"
    return [
        Figure("hot_issues.cluster_seconds", round(seconds, 2), f"s for {count:,} requests", 20.0,
               f"baseline: the 20 s target; making the requests took {made:.1f} s; {load}"),
        Figure("hot_issues.cluster_cpu_seconds", round(cpu, 2), f"CPU s for {count:,} requests", 20.0,
               f"baseline: the 20 s target; {load}"),
        Figure("hot_issues.cluster_sample_seconds", round(ours_part, 2), f"s for {sample:,} requests",
               round(theirs_part, 2), f"baseline: the pairwise clustering on the same requests; {load}"),
        Figure("hot_issues.cluster_sample_cpu_seconds", round(ours_cpu, 2), f"CPU s for {sample:,} requests",
               round(theirs_cpu, 2), f"baseline: the pairwise clustering on the same requests; {load}"),
        Figure("hot_issues.recall", round(recall(found, together), 4), "share",
               round(recall(theirs_found, part_together), 4),
               f"copies of a message at its home in one cluster, of {count:,}; baseline: pairwise on {sample:,}"),
        Figure("hot_issues.recall_sample", round(recall(ours_found, part_together), 4), "share",
               round(recall(theirs_found, part_together), 4), quality),
        Figure("hot_issues.purity", round(purity(found, sources), 4), "share",
               round(purity(theirs_found, sources), 4),
               f"clustered requests agreeing with their message, of {count:,}; baseline: pairwise on {sample:,}"),
        Figure("hot_issues.purity_sample", round(purity(ours_found, sources), 4), "share",
               round(purity(theirs_found, sources), 4), quality),
        Figure("hot_issues.clusters", len(found), "clusters of 2+", len({s for s in sources}),
               "baseline: the messages used"),
    ]


if __name__ == "__main__":
    from bench.__main__ import line

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()
    for figure in figures(args.data, args.count, args.sample):
        print(line(figure))
