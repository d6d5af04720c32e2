"""Mixed load on the archive (issue 10): 70% reads, 20% workflow actions, 10% intake through
gunicorn and PostgreSQL, 16 concurrent clients (wrk, bench/mixed.lua), for BENCH_MIXED_SECONDS
(default 600; 60 for a smoke run), beside a bare-endpoint baseline (bench/bare-insert, the intake
bench's) run before and after it under the same server, settings and database.

Served as `make serve` serves: gunicorn, the two task workers and the scheduler beside it, with the
figures' rollups refreshed before the run (a running server's schedule keeps them so).
Reads: the workbench list, a request's page and the figures page (past twelve months), as a staff
member of the largest city in the database (BENCH_DATABASE_URL: point it at a loaded one).
Actions: the real staff steps through the workbench pages (POST with the session and CSRF token):
accept, dispatch, sign, reply-and-resolve, close, each request taken through the five in turn (in
batches, so that a request's next step is sent only long after its previous one), on requests
submitted for the purpose before the run in the bench city. Intake: REST POST /api/v1/requests.

Figures: requests per second, p95 latency, errors (socket errors and answers other than 2xx/3xx),
actions that found no request left (sent as reads instead), and the workflow events written.
"""

from __future__ import annotations

import json
import math
import os
import secrets
import subprocess
import tempfile
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import Figure
from bench import _server as server
from bench.intake import bodies, setup_city

SECONDS = int(os.environ.get("BENCH_MIXED_SECONDS", "600"))
BASELINE_SECONDS = min(SECONDS, 30)
THREADS = 2
EXPECTED_RATE = 300  # req/s the actions are prepared for (more than the target of 200)
BATCH = 100  # requests per step batch: a request's steps are this many actions apart
STEPS = ("accept", "dispatch", "sign", "resolve", "close")
PREFIX = "/zh-hans"


def _staff(username: str, unit: Any, roles: list[str]) -> Any:
    from shiliu.people.models import StaffRole, User
    from shiliu.people.two_factor import enrol_demo_totp

    user, _ = User.objects.get_or_create(username=username, defaults={"display_name": username})
    for role in roles:
        StaffRole.objects.get_or_create(user=user, role=role, unit=unit)
    enrol_demo_totp(user)
    return user


def _session_cookie(user: Any, csrf: str) -> str:
    """A signed-in, second-factor-verified session, as the sign-in leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from shiliu.people.two_factor import totp_device

    device = totp_device(user)
    assert device is not None
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return (f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}")


def _largest_root() -> Any:
    from django.db.models import Count

    from shiliu.org.models import OrgUnit
    from shiliu.service_requests.models import ServiceRequest

    counts = (ServiceRequest.objects.order_by().values("jurisdiction__path")
              .annotate(n=Count("pk")).order_by("-n")[:50])
    roots: dict[int, int] = {}
    for row in counts:
        path = row["jurisdiction__path"] or ""
        if path:
            root = int(path.strip("/").split("/")[0])
            roots[root] = roots.get(root, 0) + row["n"]
    if roots:
        return OrgUnit.objects.get(pk=max(roots, key=roots.__getitem__))
    return OrgUnit.objects.get(code="bench-city")


def seed(count: int, actor: Any) -> list[str]:
    """`count` requests submitted in the bench city's grid, for the actions: their references."""
    from shiliu.service_requests import services
    from shiliu.service_requests.models import Category

    category = Category.objects.get(code="bench-street-lights")
    references = []
    for n in range(count):
        request = services.service_request_submit(
            actor=None, channel="portal", category=category, language="zh-hans",
            description=f"团结路12号门口的路灯不亮了（混合负载 {n}）。", consents=["request_handling"],
            longitude=104.005, latitude=30.005)
        references.append(request.reference)
    return references


def step_body(verb: str, unit_id: int) -> str:
    fields = {
        "accept": {"accept-note": ""},
        "dispatch": {"dispatch-unit": str(unit_id), "dispatch-note": ""},
        "sign": {},
        "resolve": {"resolve-reply": "路灯已修复，感谢您的反映。", "resolve-reply_language": "zh-hans"},
        "close": {"close-note": "已办结。"},
    }[verb]
    return urlencode(fields)


def plan(*, reads: list[str], references: list[str], unit_id: int, intake: tuple[str, str]) -> str:
    lines = [f"read\tr\tGET\t{path}\t" for path in reads]
    # Each thread takes its own requests through the five steps, a batch at a time.
    for thread in range(1, THREADS + 1):
        mine = references[thread - 1::THREADS]
        for start in range(0, len(mine), BATCH):
            batch = mine[start:start + BATCH]
            for verb in STEPS:
                lines += [f"act{thread}\ta\tPOST\t{PREFIX}/workbench/requests/{ref}/{verb}/\t"
                          f"{step_body(verb, unit_id)}" for ref in batch]
    path, body = intake
    lines.append(f"intake\tk\tPOST\t{path}\t{body}")
    return "\n".join(lines) + "\n"


def mixed_run(url: str, plan_text: str, env: dict[str, str], seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".plan", delete=False, encoding="utf-8") as handle:
        handle.write(plan_text)
    try:
        result = subprocess.run(  # noqa: S603 - wrk with our fixed arguments
            ["wrk", f"-t{THREADS}", f"-c{server.CONNECTIONS}", f"-d{seconds}s",  # noqa: S607
             "--timeout", "10s", "-s", str(Path(__file__).with_name("mixed.lua")), url],
            env={**os.environ, **env, "BENCH_PLAN": handle.name}, capture_output=True, text=True,
            check=True)
    finally:
        os.unlink(handle.name)
    line = next(row for row in result.stdout.splitlines() if row.startswith("BENCH "))
    data: dict[str, float] = json.loads(line[len("BENCH "):])
    return data


def check(base: str, path: str, cookie: str, expect: int = 200) -> None:
    answer = urllib.request.urlopen(urllib.request.Request(  # noqa: S310 - our loopback server
        base + path, headers={"Cookie": cookie}))
    assert answer.status == expect, (path, answer.status)


def figures() -> list[Figure]:
    server.use_server_settings()
    server.ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from shiliu.core.permissions import Role
    from shiliu.org.models import OrgUnit
    from shiliu.service_requests import workflow
    from shiliu.service_requests.models import RequestEvent, ServiceRequest

    raw_key, category = setup_city()
    city = OrgUnit.objects.get(code="bench-city")
    root = _largest_root()
    reader = _staff("bench-mixed-reader", root, [Role.DISPATCHER, Role.ANALYST])
    actor = _staff("bench-mixed-actor", city, [Role.SUPERVISOR, Role.HANDLER])
    csrf = secrets.token_hex(16)  # a 32-character secret: the cookie and the header agree
    cookies = {"BENCH_COOKIE_R": _session_cookie(reader, csrf),
               "BENCH_COOKIE_A": _session_cookie(actor, csrf), "BENCH_CSRF": csrf,
               "BENCH_API_KEY": raw_key}
    units = list(workflow.dispatch_targets(actor))
    unit_id = next((u.pk for u in units if u.code == "bench-grid"), units[0].pk)

    actions = math.ceil(EXPECTED_RATE * 0.2 * SECONDS)
    references = seed(math.ceil(actions / len(STEPS)), actor)
    sample = list(ServiceRequest.objects.filter(jurisdiction__path__startswith=root.path)
                  .order_by("-submitted_at").values_list("reference", flat=True)[:200])
    reads = []
    for n, reference in enumerate(sample):  # 3 list : 3 detail : 1 figures
        reads.append(f"{PREFIX}/workbench/requests/{reference}/")
        if n % 3 == 0:
            reads += [f"{PREFIX}/workbench/", f"{PREFIX}/workbench/?page=2" if n % 2 else
                      f"{PREFIX}/workbench/", f"{PREFIX}/workbench/"]
            if n % 9 == 0:
                reads.append(f"{PREFIX}/figures/")
    intake_path, intake_body, _type = bodies(category, raw_key)["rest"]
    plan_text = plan(reads=reads, references=references, unit_id=unit_id,
                     intake=(intake_path, intake_body))
    # The figures' rollups as a running server keeps them (the schedule refreshes them every 5
    # minutes): brought up to date first, with progress (minutes on a newly loaded archive).
    call_command("refresh_rollups")
    started = timezone.now()
    bare_path, bare_body, bare_type = bodies(category, raw_key)["bare"]
    with server.task_workers(), server.beside("schedule"), server.gunicorn() as base:
        check(base, f"{PREFIX}/workbench/", cookies["BENCH_COOKIE_R"])
        check(base, f"{PREFIX}/figures/", cookies["BENCH_COOKIE_R"])
        server.wrk(base + bare_path, bare_body, seconds=3, content_type=bare_type)  # warm
        before = server.wrk(base + bare_path, bare_body, seconds=BASELINE_SECONDS,
                            content_type=bare_type)
        data = mixed_run(base, plan_text, cookies, SECONDS)
        after = server.wrk(base + bare_path, bare_body, seconds=BASELINE_SECONDS,
                           content_type=bare_type)
    events = RequestEvent.objects.filter(created_at__gte=started, actor=actor,
                                         action__in=STEPS).count()
    seconds = data["duration_us"] / 1e6
    rate = data["ok"] / seconds
    p95 = data["p95_us"] / 1000
    bare_rate = (before.rate + after.rate) / 2
    bare_p90 = (before.p90_ms + after.p90_ms) / 2
    note = (f"{server.CONNECTIONS} connections, {SECONDS} s, gunicorn.conf.py, PostgreSQL, "
            f"{ServiceRequest.objects.count()} requests; bare insert before/after "
            f"{BASELINE_SECONDS} s each")
    return [
        Figure("mixed_throughput", round(rate, 1), "req/s", round(bare_rate, 1),
               f"70% reads / 20% actions / 10% intake vs bare insert; {note}"),
        Figure("mixed_p95", round(p95, 1), "ms", round(bare_p90, 1),
               f"p50 {data['p50_us'] / 1000:.1f} ms, p99 {data['p99_us'] / 1000:.1f} ms; baseline: "
               "bare insert p90 (wrk's post.lua reports no p95)"),
        Figure("mixed_errors", data["errors"] + data["other"], "answers", 0,
               f"{data['errors']} socket errors, {data['other']} answers not 2xx/3xx, "
               f"of {data['requests']}"),
        Figure("mixed_actions_done", events, "events", None,
               f"workflow events written by the actions; {data['unsent_actions']} action slots "
               "found no request left (sent as reads)"),
    ]
