"""Intake under load (issue 10, SPEC §2.6): REST and Open311 intake through gunicorn and
PostgreSQL, 16 concurrent clients (wrk), each run beside a run of the baseline: a bare Django view
that validates JSON and inserts one row, under the same server, settings and database. Runs
alternate (bare, REST, Open311, bare, …) so that the machine's other load falls on both alike.

The full path: an API key, validation, placing by point-in-polygon, routing, the SLA deadline,
consent against the published notice, the audit event, the timeline event and the notification
in the outbox (in the intake's one transaction; a drain of the outbox queued after its COMMIT). The task worker
(`manage.py db_worker`, two as `make serve` runs them) sends the SMS stand-in beside the server, on the
same cores. Then a fixed batch sent by 16 threads that wait for every answer checks that rows
created = 2xx answers (nothing lost, nothing duplicated) and, once the worker has emptied the
queue, that each of those requests' notifications was delivered exactly once.

Figures: requests per second, p50 and p99 latency, statements per intake and CPU milliseconds per
call (both counted in-process, through Django's test client: the figure that stays comparable
when other work shares the machine), each beside the bare insert's.
"""

from __future__ import annotations

import http.client
import json
import statistics
import threading
import time
import uuid
from urllib.parse import urlencode

from bench import Figure
from bench import _server as server

POINT = {"longitude": 104.005, "latitude": 30.005}  # inside the bench city's grid
DESCRIPTION = "团结路12号门口的路灯不亮了，晚上出行不安全。（{n}）"  # {n}: unique per call


def setup_city() -> tuple[str, str]:
    """The bench database, migrated, with a small city and a key; (API key, category code)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.models import CREATE_TABLE
    from shiliu.api.services import api_key_issue
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import Category

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # WhiteNoise serves the manifest's files
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
    root = OrgUnit.objects.filter(code="bench-city").first()
    if root is None:
        root = OrgUnit.objects.create(code="bench-city", name="石榴市", kind=OrgUnit.Kind.CITY)
        district = OrgUnit.objects.create(code="bench-district", name="和平区", kind=OrgUnit.Kind.DISTRICT,
                                          parent=root)
        street = OrgUnit.objects.create(code="bench-street", name="团结街道", kind=OrgUnit.Kind.STREET,
                                        parent=district)
        community = OrgUnit.objects.create(code="bench-community", name="同心社区",
                                           kind=OrgUnit.Kind.COMMUNITY, parent=street)
        square = [[104.0, 30.0], [104.01, 30.0], [104.01, 30.01], [104.0, 30.01], [104.0, 30.0]]
        OrgUnit.objects.create(code="bench-grid", name="第一网格", kind=OrgUnit.Kind.GRID, parent=community,
                               boundary={"type": "Polygon", "coordinates": [square]})
        parent = Category.objects.create(code="bench-public", name="公共设施", accept_within=24,
                                         accept_unit="hours", sign_within=24, sign_unit="hours",
                                         resolve_within=5, resolve_unit="working_days")
        Category.objects.create(code="bench-street-lights", name="路灯", parent=parent)
    _key, raw_key = api_key_issue(actor=None, name="bench", unit=root, scopes=["requests.create"],
                                  replace=True)
    return raw_key, "bench-street-lights"


def bodies(category: str, raw_key: str) -> dict[str, tuple[str, str, str]]:
    """(path, body, content type) per endpoint."""
    rest = {"category": category, "description": DESCRIPTION, "contact_phone": "13800001234",
            "consents": ["request_handling", "follow_up_contact"], **POINT}
    open311 = {"api_key": raw_key, "service_code": category, "lat": POINT["latitude"],
               "long": POINT["longitude"], "description": DESCRIPTION}
    return {
        "bare": ("/bench/bare-insert", json.dumps({"description": DESCRIPTION, **POINT}), "application/json"),
        "rest": ("/api/v1/requests", json.dumps(rest), "application/json"),
        "open311": ("/open311/v2/requests.json", urlencode(open311).replace("%7Bn%7D", "{n}"),
                    "application/x-www-form-urlencoded"),
    }


def rows(kind: str) -> int:
    from bench.models import BareRow
    from shiliu.service_requests.models import Channel, ServiceRequest

    if kind == "bare":
        return BareRow.objects.count()
    return ServiceRequest.objects.filter(channel=Channel.API if kind == "rest" else Channel.OPEN311).count()


def statements_per_call(path: str, body: str, content_type: str, raw_key: str) -> int:
    """Statements one call runs, counted in this process (same settings and database)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_API_KEY=raw_key)
    client.post(path, body.replace("{n}", uuid.uuid4().hex), content_type=content_type)  # configuration cached
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(path, body.replace("{n}", uuid.uuid4().hex), content_type=content_type)
    assert answer.status_code in (200, 201), answer.content
    return len(queries.captured_queries)


def cpu_ms_per_call(path: str, body: str, content_type: str, raw_key: str, calls: int = 100) -> float:
    """CPU time (this process's, not the database's) per call, in milliseconds, after a warm-up."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_API_KEY=raw_key)
    for _ in range(5):
        client.post(path, body.replace("{n}", uuid.uuid4().hex), content_type=content_type)
    started = time.process_time()
    for _ in range(calls):
        answer = client.post(path, body.replace("{n}", uuid.uuid4().hex), content_type=content_type)
        assert answer.status_code in (200, 201), answer.content
    return (time.process_time() - started) * 1000 / calls


def queue_drained(timeout: float = 600) -> bool:
    """Wait until the worker has run every queued task."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return True
        time.sleep(0.5)
    return False


def deliveries_per_notification(run: str, expected: int) -> tuple[int, int, int]:
    """For the batch's requests (their descriptions carry `run`): (requests, notifications, those
    with `expected` deliveries: one where the SMS channel reaches the resident, none where no
    channel does)."""
    from django.db.models import Count

    from shiliu.notifications.models import Notification
    from shiliu.service_requests.models import ServiceRequest

    made = ServiceRequest.objects.filter(description__contains=run)
    notes = Notification.objects.filter(request__in=made).annotate(sent=Count("deliveries"))
    return made.count(), notes.count(), notes.filter(sent=expected).count()


def exact_batch(base: str, path: str, body: str, content_type: str, raw_key: str,
                run: str, per_thread: int = 25, threads: int = server.CONNECTIONS) -> tuple[int, int]:
    """`threads` clients each send `per_thread` calls and wait for every answer: (2xx, others)."""
    host, port = base.removeprefix("http://").split(":")
    counts = {"ok": 0, "other": 0}
    lock = threading.Lock()

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        for call in range(per_thread):
            unique = body.replace("{n}", f"{run}-{number}-{call}")
            connection.request("POST", path, body=unique.encode(),
                               headers={"Content-Type": content_type, "X-API-Key": raw_key})
            answer = connection.getresponse()
            answer.read()
            with lock:
                counts["ok" if 200 <= answer.status < 300 else "other"] += 1
        connection.close()

    workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return counts["ok"], counts["other"]


def figures() -> list[Figure]:
    server.use_server_settings()
    server.ensure_database()
    import django

    django.setup()
    raw_key, category = setup_city()
    calls = bodies(category, raw_key)
    statements = {kind: statements_per_call(*calls[kind], raw_key) for kind in calls}
    cpu_ms = {kind: cpu_ms_per_call(*calls[kind], raw_key) for kind in calls}

    runs: dict[str, list[server.Run]] = {kind: [] for kind in calls}
    created: dict[str, int] = {kind: 0 for kind in calls}
    with server.task_workers(), server.gunicorn() as base:
        for path, body, content_type in calls.values():  # warm every worker and cache
            server.wrk(base + path, body, seconds=3, api_key=raw_key, content_type=content_type)
        for _round in range(server.ROUNDS):
            for kind, (path, body, content_type) in calls.items():
                server.vacuum()
                before = rows(kind)
                run = server.wrk(base + path, body, api_key=raw_key, content_type=content_type)
                created[kind] += rows(kind) - before
                runs[kind].append(run)
                print(f"   {kind:8} {run.rate:7.1f} req/s  p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:7.1f} ms  "
                      f"2xx {run.ok}  other {run.other}  errors {run.errors}", flush=True)
        checks, runs_of = {}, {}
        for kind in ("rest", "open311"):
            before = rows(kind)
            runs_of[kind] = uuid.uuid4().hex
            ok, other = exact_batch(base, *calls[kind], raw_key, runs_of[kind])
            checks[kind] = (ok, other, rows(kind) - before)
        drained = queue_drained()
        # REST leaves a phone with consent (one SMS each); the Open311 body leaves no contact (none).
        told = {kind: deliveries_per_notification(runs_of[kind], 1 if kind == "rest" else 0) for kind in runs_of}

    def median(kind: str, attribute: str) -> float:
        return round(statistics.median(getattr(run, attribute) for run in runs[kind]), 1)

    note = (f"{server.CONNECTIONS} connections, {server.ROUNDS}×{server.SECONDS} s alternated runs, "
            "gunicorn.conf.py, PostgreSQL; medians")
    found = []
    for kind, label in (("rest", "REST"), ("open311", "Open311")):
        ok, other, made = checks[kind]
        found += [
            Figure(f"intake_{kind}_throughput", median(kind, "rate"), "req/s", median("bare", "rate"),
                   f"{label} intake vs bare insert; {note}"),
            Figure(f"intake_{kind}_p50", median(kind, "p50_ms"), "ms", median("bare", "p50_ms"), label),
            Figure(f"intake_{kind}_p99", median(kind, "p99_ms"), "ms", median("bare", "p99_ms"), label),
            Figure(f"intake_{kind}_statements", statements[kind], "statements", statements["bare"],
                   f"SQL statements per {label} intake, with BEGIN/COMMIT/SAVEPOINT and the notification"),
            Figure(f"intake_{kind}_cpu_ms", round(cpu_ms[kind], 2), "ms", round(cpu_ms["bare"], 2),
                   f"CPU of this process per {label} intake (in-process, test client) vs bare insert"),
            Figure(f"intake_{kind}_rows_minus_2xx", made - ok, "rows", 0,
                   f"exact batch: {ok} 2xx, {other} other answers, {made} rows created"),
            Figure(f"intake_{kind}_notifications_not_as_due", told[kind][0] - told[kind][2], "requests", 0,
                   f"exact batch: {told[kind][0]} requests, {told[kind][1]} notifications, {told[kind][2]} "
                   f"with the deliveries due (queue {'drained' if drained else 'NOT drained'})"),
        ]
    return found
