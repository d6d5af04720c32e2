"""Chinese search over requests: recall on ≥100 queries and p95 latency, on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py                      # both databases, 20,000 requests each
    .venv/bin/python bench/search.py --rows 1000000 --database postgresql \\
        --database-url postgres://postgres@127.0.0.1:5432/search_big

The corpus is built at bench time from the real citizen messages in ../shared/data (README there:
never copied into the product), titles and bodies recombined up to `--rows`, a phone number typed
into one text in fifty. One district's dispatcher (`RECALL_ROWS` requests of the city are theirs)
runs every query; recall and precision are those of the match set (`search.matching`, every
match) against what a substring scan of the texts they may see finds, so a result outside their
district would count against precision. The latency is what the workbench and REST pay:
`selectors.request_search` (the newest `search.CANDIDATES` matches ranked, the first page read
and highlighted, the count capped). Baselines measured in the same run: a plain indexed lookup by
reference, and the previous implementation (every match ranked, an exact COUNT; `--old-every n`
times it on every n-th query only, as it is slow at 1M). Figures: name, value, unit, baseline,
ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script (and its child processes): the bench package
from bench import Figure  # noqa: E402

DATA = Path(os.environ.get("SHILIU_BENCH_DATA", ROOT.parent / "shared" / "data" / "citizen-messages"))
RECALL_ROWS = 20_000
PAGE = 50

# Everyday words of the messages (two characters mostly, as most Chinese words are), and longer
# ones; place names are added from the corpus itself.
WORDS = (  # noqa: SIM905 - one line of words reads better than a list
    "停车 噪音 垃圾 路灯 物业 拆迁 学校 工资 社保 小区 施工 污染 医保 户口 教育 房屋 补贴 违建 扰民 道路 "
    "公交 地铁 出租 老师 学生 医院 看病 养老 低保 住房 租房 房东 押金 电梯 漏水 停水 停电 燃气 供暖 绿化 "
    "油烟 餐馆 食品 超市 价格 收费 退款 贷款 拖欠 农民 土地 征收 补偿 安置 村民 环境 排放 工厂 渣土 货车 "
    "交通 红绿 堵车 车位 广场 健身 幼儿 入学 学位 转学 考试 招聘 就业 失业 培训 证书 执照 个体 社区 街道 "
    "网格 居委 业主 开发 商品 质量 维修 井盖 下水 积水 卫生 公厕 树木 河道 垃圾桶 停车场 幼儿园 公积金 养老金 出租车 "
    "营业执照 农民工 居住证"
).split()
PLACE = re.compile(r"[\u4e00-\u9fff]{2,4}(?:路|街|镇|村|小区|社区|广场)")
PHONE_EVERY = 50
CANDIDATES_SHOWN = 1000  # search.CANDIDATES, named in a figure


def corpus() -> list[str]:
    texts: list[str] = []
    for name in ("hot.csv", "train.csv", "replies.csv"):
        with (DATA / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = " ".join(filter(None, [row.get("title", ""), row.get("body", "")])).strip()
                if text:
                    texts.append(re.sub(r"\s+", " ", text)[:600])
    if not texts:
        raise SystemExit(f"no messages under {DATA}")
    return texts


def queries(texts: list[str]) -> list[str]:
    places: dict[str, int] = {}
    for text in texts:
        for place in PLACE.findall(text):
            places[place] = places.get(place, 0) + 1
    frequent = [p for p, n in sorted(places.items(), key=lambda kv: -kv[1]) if n >= 5][:40]
    return [*WORDS, *frequent]


def synthetic(texts: list[str], rows: int, seed: int = 2026) -> list[str]:
    """`rows` texts: the messages, then recombinations of two halves, one in fifty with a phone."""
    rng = random.Random(seed)
    out = []
    for i in range(rows):
        if i < len(texts):
            text = texts[i]
        else:
            a, b = rng.choice(texts), rng.choice(texts)
            text = a[: len(a) // 2] + b[len(b) // 2 :]
        if i % PHONE_EVERY == 0:
            text += f"联系电话13{rng.randrange(100000000, 999999999)}"
        out.append(text)
    return out


# --- One database, in its own process (Django is configured once per process) ---------------------


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shiliu.settings")
    os.environ.setdefault("SHILIU_FIELD_KEYS", os.environ.get("SHILIU_FIELD_KEYS", ""))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build(texts: list[str]) -> tuple[Any, Any]:
    """The city, two districts, one category, the requests (bulk, search text as the services
    write it); reused when a previous run built the same number."""
    from django.db import connection, transaction
    from django.utils import timezone

    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User
    from shiliu.service_requests import search
    from shiliu.service_requests.models import Category, ServiceRequest

    city, _ = OrgUnit.objects.get_or_create(code="bench-city", defaults={"name": "基准市", "kind": "city"})
    district = {"kind": "district", "parent": city}
    ours, _ = OrgUnit.objects.get_or_create(code="bench-a", defaults={"name": "甲区", **district})
    theirs, _ = OrgUnit.objects.get_or_create(code="bench-b", defaults={"name": "乙区", **district})
    category, _ = Category.objects.get_or_create(code="bench", defaults={"name": "基准"})
    user, created = User.objects.get_or_create(username="bench-dispatcher")
    if created:
        StaffRole.objects.create(user=user, role=Role.DISPATCHER, unit=ours)
    existing = ServiceRequest.objects.filter(reference__startswith="BN-").count()
    if existing == len(texts):
        return user, ours
    ServiceRequest.objects.filter(reference__startswith="BN-").delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM service_requests_search")
    if connection.vendor == "postgresql":  # a bulk load builds its GIN index once, at the end
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {search.INDEX}")
    now = timezone.now()
    batch = 5000
    started = time.monotonic()
    for start in range(0, len(texts), batch):
        rows = []
        for i, text in enumerate(texts[start : start + batch], start=start):
            unit = ours if i < RECALL_ROWS else theirs
            sr = ServiceRequest(reference=f"BN-{i:08d}", category=category, description=text, jurisdiction=unit,
                                channel="portal", submitted_at=now, status="submitted")
            sr.search_text = search.document(sr)
            rows.append(sr)
        with transaction.atomic():
            made = ServiceRequest.objects.bulk_create(rows)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.executemany("INSERT INTO service_requests_search(rowid, search_text) VALUES (%s, %s)",
                                       [(sr.pk, sr.search_text) for sr in made])
        print(f"  {start + len(rows):>9} rows, {time.monotonic() - started:.0f} s", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(search.INDEX_SQL)
            cursor.execute("ANALYZE service_requests_servicerequest")
    return user, ours


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _old_matches(queryset: Any, query: str) -> Any:
    """The previous implementation, for the baseline: every match ranked (a longer word's pairs
    anywhere in the text)."""
    from django.db import connection
    from django.db.models import BooleanField, FloatField
    from django.db.models.expressions import RawSQL

    from shiliu.service_requests import search

    terms = search.query_terms(query)
    table, fts = search.REQUEST_TABLE, search.FTS_TABLE
    if connection.vendor == "postgresql":
        text, tsquery = " ".join(terms), "plainto_tsquery('simple', %s)"
        # Constant names; the query's words go in as parameters (as in search.py).
        match = RawSQL(f"{table}.search_text @@ {tsquery}", [text], output_field=BooleanField())  # noqa: S611
        rank = RawSQL(f"ts_rank({table}.search_text, {tsquery})", [text], output_field=FloatField())  # noqa: S611
        found = queryset.filter(match).annotate(search_rank=rank)
    else:
        phrases = " ".join('"' + term + '"' for term in terms)
        found = queryset.extra(  # noqa: S610
            tables=[fts], where=[f"{fts}.rowid = {table}.id", f"{fts} MATCH %s"], params=[phrases],
            select={"search_rank": f"-bm25({fts})"})
    return found


def _old_page(queryset: Any, query: str) -> tuple[list[Any], int]:
    """The previous implementation's first page and its exact COUNT."""
    from django.core.paginator import Paginator

    page = Paginator(_old_matches(queryset, query).order_by("-search_rank", "-submitted_at", "pk"), PAGE)
    return list(page.get_page(1)), page.count


def measure(database_url: str, rows: int, old_every: int) -> dict[str, Any]:
    _setup(database_url)
    from django.db import connection

    from shiliu.core import permissions
    from shiliu.core.masking import mask_phones_in_text
    from shiliu.service_requests import search, selectors
    from shiliu.service_requests.models import ServiceRequest

    texts = corpus()
    all_texts = synthetic(texts, rows)
    user, _ours = _build(all_texts)
    visible = [mask_phones_in_text(t).lower() for t in all_texts[:RECALL_ROWS]]
    asked = queries(texts)

    recall, precision, timings, old_timings, lookup_timings = [], [], [], [], []
    two_char_recall, old_recall, old_precision, capped = [], [], [], 0
    for n, query in enumerate(asked):
        expected = {f"BN-{i:08d}" for i, text in enumerate(visible) if query in text}
        # What the workbench and REST do: a ranked first page and the count, capped.
        started = time.perf_counter()
        page = selectors.request_search(user=user, filters=selectors.QueueFilters(query=query), size=PAGE)
        [search.highlight(sr.description, query) for sr in page]
        timings.append((time.perf_counter() - started) * 1000)
        capped += not page.count_is_exact
        # Baselines in the same run: a plain indexed lookup by reference, and (on every
        # `old_every`-th query) the previous implementation.
        started = time.perf_counter()
        list(permissions.visible_to(user, ServiceRequest).filter(reference=f"BN-{n * 97:08d}"))
        lookup_timings.append((time.perf_counter() - started) * 1000)
        if old_every and n % old_every == 0:
            started = time.perf_counter()
            _old_page(permissions.visible_to(user, ServiceRequest), query)
            old_timings.append((time.perf_counter() - started) * 1000)
        # Recall and precision of the match set (every match, unranked).
        found = set(search.matching(permissions.visible_to(user, ServiceRequest), query)
                    .values_list("reference", flat=True))
        if expected:
            hit = len(found & expected) / len(expected)
            recall.append(hit)
            if len(query) == 2:
                two_char_recall.append(hit)
        if found:
            precision.append(len(found & expected) / len(found))
        old_found = set(_old_matches(permissions.visible_to(user, ServiceRequest), query)
                        .values_list("reference", flat=True))
        if expected:
            old_recall.append(len(old_found & expected) / len(expected))
        if old_found:
            old_precision.append(len(old_found & expected) / len(old_found))
    slowest = sorted(zip(timings, asked, strict=True), reverse=True)[:5]
    print("slowest: " + ", ".join(f"{query} {ms:.0f} ms" for ms, query in slowest), file=sys.stderr)
    phones = [t for t in all_texts[:RECALL_ROWS:PHONE_EVERY]]
    leaked = 0
    for text in phones[:50]:
        number = re.search(r"13\d{9}", text).group(0)  # type: ignore[union-attr]
        leaked += search.matching(permissions.visible_to(user, ServiceRequest), number).count()
    return {
        "vendor": connection.vendor, "rows": rows, "queries": len(asked),
        "recall": statistics.mean(recall), "recall_2char": statistics.mean(two_char_recall),
        "precision": statistics.mean(precision) if precision else 0.0,
        "old_recall": statistics.mean(old_recall), "old_precision": statistics.mean(old_precision),
        "p95_ms": _p95(timings), "median_ms": statistics.median(timings),
        "old_p95_ms": _p95(old_timings) if old_timings else None, "old_queries": len(old_timings),
        "lookup_p95_ms": _p95(lookup_timings), "lookup_median_ms": statistics.median(lookup_timings),
        "capped_queries": capped, "phones_found": leaked,
        "load": os.getloadavg()[0],
    }


# --- The figures ----------------------------------------------------------------------------------


def _figure(name: str, value: float, unit: str, baseline: float | None) -> Figure:
    return Figure(name, round(value, 3), unit, baseline)


def figures(rows: int = RECALL_ROWS, databases: dict[str, str] | None = None,
            old_every: int = 1) -> list[Figure]:
    """Recall, precision and latency per database, each database measured in a child process."""
    databases = databases or {
        "sqlite": f"sqlite:///{ROOT / 'bench-search.sqlite3'}",
        "postgresql": os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/search_big"),
    }
    out = []
    for name, url in databases.items():
        command = [sys.executable, __file__, "--child", "--rows", str(rows), "--database-url", url,
                   "--old-every", str(old_every)]
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        m = json.loads(done.stdout.strip().splitlines()[-1])
        print(*[f"{name}: {line}" for line in done.stderr.splitlines() if line.startswith("slowest")],
              sep="\n", file=sys.stderr)
        label = f"search {name} {rows:,} requests"
        lookup, lookup_p50 = round(m["lookup_p95_ms"], 2), round(m["lookup_median_ms"], 2)
        old = round(m["old_p95_ms"], 1) if m["old_p95_ms"] is not None else None
        out += [
            _figure(f"{label}: recall ({m['queries']} queries), previous as baseline", m["recall"], "fraction",
                    round(m["old_recall"], 4)),
            _figure(f"{label}: recall of 2-character words", m["recall_2char"], "fraction", 1.0),
            _figure(f"{label}: precision, previous as baseline", m["precision"], "fraction",
                    round(m["old_precision"], 4)),
            _figure(f"{label}: p50 latency, ranked page + capped count", m["median_ms"], "ms", lookup_p50),
            _figure(f"{label}: p95 latency, ranked page + capped count", m["p95_ms"], "ms", lookup),
            _figure(f"{label}: p95 latency of the previous query ({m['old_queries']} queries)",
                    m["old_p95_ms"] or 0.0, "ms", lookup),
            _figure(f"{label}: p95 latency, new / previous", m["p95_ms"], "ms", old),
            _figure(f"{label}: queries with more than {CANDIDATES_SHOWN} matches", m["capped_queries"],
                    "queries", None),
            _figure(f"{label}: phone numbers found by value", m["phones_found"], "requests", 0),
            _figure(f"{label}: load average (1 min) at the end", m["load"], "", None),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=RECALL_ROWS)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--old-every", type=int, default=1,
                        help="time the previous query on every n-th query (0: never; it is slow at 1M)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.database_url, args.rows, args.old_every)))
        return
    chosen = None
    if args.database != "both":
        default = {"sqlite": f"sqlite:///{ROOT / 'bench-search.sqlite3'}",
                   "postgresql": "postgres://postgres@127.0.0.1:5432/search_big"}[args.database]
        chosen = {args.database: args.database_url or default}
    for figure in figures(args.rows, chosen, args.old_every):
        ratio = f"{figure.ratio:.3f}" if figure.ratio is not None else "—"
        print(f"{figure.name:<72} {figure.value:>10} {figure.unit:<9} "
              f"baseline {figure.baseline!s:>8}  ratio {ratio}")


if __name__ == "__main__":
    main()
