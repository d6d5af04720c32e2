"""Casework ledger import: rows per second at 10,000 households, against plain bulk_create.

    .venv/bin/python bench/ledger_import.py                 # a fresh SQLite file, 10,000 rows
    .venv/bin/python bench/ledger_import.py --rows 20000 \\
        --database-url postgres://postgres@127.0.0.1:5432/ledgers_bench   # an empty database

The figure is the whole import of a households sheet as an office would bring it: the workbook
read, every cell parsed and checked, phones normalised, grids looked up, references allocated,
names, phones and notes encrypted, blind indexes computed, then bulk_create in batches in one
transaction (`cases.ledgers.casework_import`). The baseline, measured in the same run on the same
database, is a bare `Household.objects.bulk_create` of the same rows already in memory (fields
still encrypted by the model, no workbook, no checks): the ratio is what reading and checking cost.
The brief's bound is 10,000 rows in under 30 s.

`figures()` returns the figures (name, value, unit, baseline, ratio, note; `as_dict()` for JSON)
for `make bench`; `results()` the same as plain dicts.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the bench package beside it
from bench import Figure  # noqa: E402

ROWS = 10_000


def _django(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    if database_url is None:
        database_url = f"sqlite:///{tempfile.mkdtemp(prefix='shiliu-bench-')}/ledgers.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shiliu.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "住户"
    sheet.append(["户编号", "网格或社区", "楼栋", "单元", "房号", "户主", "电话", "家庭人口", "首选语言", "备注"])
    for n in range(rows):
        sheet.append(["", "bench-grid" if n % 2 else "", f"{n % 30 + 1}栋", f"{n % 4 + 1}单元",
                      f"{n % 30 + 1}0{n % 6}", f"王{n}", f"139{n:08d}", n % 6 + 1, "zh-hans" if n % 5 else "ug",
                      "独居老人" if n % 7 == 0 else ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _city() -> tuple[Any, Any]:
    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.people.models import StaffRole, User

    city = OrgUnit.objects.create(code="bench-city", name="基准市", kind=OrgUnit.Kind.CITY)
    district = OrgUnit.objects.create(code="bench-district", name="基准区", kind=OrgUnit.Kind.DISTRICT, parent=city)
    street = OrgUnit.objects.create(code="bench-street", name="基准街道", kind=OrgUnit.Kind.STREET, parent=district)
    community = OrgUnit.objects.create(code="bench-community", name="基准社区", kind=OrgUnit.Kind.COMMUNITY,
                                       parent=street)
    OrgUnit.objects.create(code="bench-grid", name="基准网格", kind=OrgUnit.Kind.GRID, parent=community,
                           boundary={"type": "Polygon", "coordinates": [[[104, 30], [104.01, 30], [104.01, 30.01],
                                                                         [104, 30.01], [104, 30]]]})
    worker = User.objects.create(username="bench-station")
    StaffRole.objects.create(user=worker, role=Role.STATION_STAFF, unit=community)
    return community, worker


def _bulk_create_baseline(rows: int, unit: Any, actor: Any) -> tuple[float, float]:
    """The same rows, already parsed, straight into bulk_create (batches of 1000), then removed."""
    from django.db import transaction

    from shiliu.cases.models import Household

    objects = [
        Household(reference=f"BL-{n:06d}", unit=unit, building=f"{n % 30 + 1}栋", unit_no=f"{n % 4 + 1}单元",
                  room=f"{n % 30 + 1}0{n % 6}", head_name=f"王{n}", head_phone=f"139{n:08d}",
                  members_count=n % 6 + 1, language="zh-hans" if n % 5 else "ug",
                  notes="独居老人" if n % 7 == 0 else "", created_by=actor)
        for n in range(rows)
    ]
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        Household.objects.bulk_create(objects, batch_size=1000)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    Household.objects.filter(reference__startswith="BL-").delete()
    return elapsed, cpu


def results(rows: int = ROWS, database_url: str | None = None) -> list[dict[str, object]]:
    return [figure.as_dict() for figure in figures(rows, database_url)]


def figures(rows: int = ROWS, database_url: str | None = None) -> list[Figure]:
    _django(database_url)
    from django.db import connection

    from shiliu.cases.ledgers import casework_import
    from shiliu.cases.models import Household

    if Household.objects.exists():
        raise SystemExit("the bench needs an empty database (it adds 10,000 households)")
    unit, actor = _city()
    data = _workbook(rows)
    baseline, baseline_cpu = _bulk_create_baseline(rows, unit, actor)
    started, cpu = time.perf_counter(), time.process_time()
    report = casework_import(actor, unit=unit, file=data, dry_run=False)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert report.imported and report.rows == rows, report.errors[:5]
    assert Household.objects.count() == rows
    vendor = connection.vendor
    return [
        Figure(f"ledger import rows/s ({vendor})", round(rows / elapsed), "rows/s", round(rows / baseline),
               f"{rows} households in {elapsed:.1f} s (bound: 30 s); baseline: bare bulk_create"),
        Figure(f"ledger import seconds ({vendor})", round(elapsed, 2), "s", round(baseline, 2),
               f"{rows} rows; under 30 s: {'yes' if elapsed < 30 else 'NO'}"),
        # CPU time of this process: what the import costs whatever else the machine runs.
        Figure(f"ledger import CPU seconds ({vendor})", round(cpu, 2), "s", round(baseline_cpu, 2),
               f"{rows} rows, this process only"),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--database-url", default=None, help="An empty database (default: a new SQLite file).")
    options = parser.parse_args(argv)
    for figure in figures(options.rows, options.database_url):
        ratio = f"  ratio {figure.ratio:.3f}" if figure.ratio is not None else ""
        print(f"{figure.name:38} {figure.value:g} {figure.unit}  baseline {figure.baseline:g} {figure.unit}"
              f"{ratio}  ({figure.note})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
