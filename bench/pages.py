"""Server CPU per page (issue 10): the workbench queue (50 rows), the supervision list, a request's
page and the resident portal's home, each answered by Django's WSGI handler in this process under
the server's settings (bench/_server.py: SHILIU_ENV=production, DEBUG off, Django's cached template
loader, PostgreSQL through the pool), beside a minimal template page behind the same middleware
and sign-in (bench.views.bare_page), measured in the same run.

    BENCH_DATABASE_URL=postgres://…/a_loaded_database .venv/bin/python -m bench pages

The database must hold a city (demo_city, then load_scale --requests N): the pages are read as a
dispatcher (and analyst, as bench/mixed.py's reader) and a supervisor of its largest city.

Figures: the median CPU time of this process per page (time.process_time: Django, templates and
the database driver, not PostgreSQL's own work), over BENCH_PAGES_RUNS (default 60) rounds that
take every page in turn, after a warm-up. Each note gives the wall-clock median, the queries, the
template nodes rendered and the CPU spent inside template rendering. BENCH_PAGES_PROFILE=<page>
(queue, supervision, detail, portal, baseline) prints that page's cProfile, heaviest first.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench import Figure
from bench import _server as server

RUNS = int(os.environ.get("BENCH_PAGES_RUNS", "60"))
PREFIX = "/zh-hans"


@dataclass
class Page:
    name: str
    paths: list[str]  # taken in turn, one per round
    cookie: str = ""
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)

    def path(self, round_: int) -> str:
        return self.paths[round_ % len(self.paths)]


def _environ(path: str, cookie: str) -> dict[str, Any]:
    """What gunicorn hands Django for a GET over loopback."""
    route, _sep, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(server.PORT), "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": f"127.0.0.1:{server.PORT}",
        "HTTP_ACCEPT": "text/html", "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9",
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def _get(app: Callable[..., Any], path: str, cookie: str) -> tuple[str, int]:
    status: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        status.append(line)

    body = app(_environ(path, cookie), start_response)
    try:
        size = sum(len(chunk) for chunk in body)
    finally:
        getattr(body, "close", lambda: None)()
    return status[0], size


@contextmanager
def _counting() -> Iterator[dict[str, float]]:
    """Template nodes rendered, CPU inside the outermost template render, and queries."""
    from django.db import connection
    from django.template import base

    counts = {"nodes": 0, "template_ms": 0.0, "queries": 0}
    render_annotated = base.Node.render_annotated
    template_render = base.Template.render
    depth = [0]

    def counted_node(self: Any, context: Any) -> Any:
        counts["nodes"] += 1
        return render_annotated(self, context)

    def timed_render(self: Any, context: Any) -> Any:
        depth[0] += 1
        started = time.process_time()
        try:
            return template_render(self, context)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                counts["template_ms"] += (time.process_time() - started) * 1000

    def counted_query(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counts["queries"] += 1
        return execute(sql, params, many, context)

    base.Node.render_annotated = counted_node  # type: ignore[method-assign]
    base.Template.render = timed_render  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(counted_query):
            yield counts
    finally:
        base.Node.render_annotated = render_annotated  # type: ignore[method-assign]
        base.Template.render = template_render  # type: ignore[method-assign]


def _profile(app: Callable[..., Any], page: Page) -> None:
    profile = cProfile.Profile(time.process_time)  # CPU, as the figures: not the waits on PostgreSQL
    profile.enable()
    for round_ in range(20):
        _get(app, page.path(round_), page.cookie)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    print(f"-- profile of {page.name}, 20 pages\n{out.getvalue()}", file=sys.stderr)


def figures() -> list[Figure]:
    server.use_server_settings()
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from bench.mixed import _largest_root, _session_cookie, _staff
    from shiliu.core.permissions import Role
    from shiliu.service_requests.models import ServiceRequest
    from shiliu.service_requests.workflow import OPEN_STATUSES

    try:
        root = _largest_root()
    except Exception:  # not migrated, or no request anywhere
        root = None
    if root is None or ServiceRequest.objects.filter(
            jurisdiction__path__startswith=root.path, status__in=OPEN_STATUSES)[:50].count() < 50:
        print("   skipped: BENCH_DATABASE_URL's database holds no city with 50 open requests "
              "(demo_city, then load_scale)")
        return []
    dispatcher = _staff("bench-pages-dispatcher", root, [Role.DISPATCHER, Role.ANALYST])
    supervisor = _staff("bench-pages-supervisor", root, [Role.SUPERVISOR])
    csrf = "0" * 32
    reading = _session_cookie(dispatcher, csrf)
    supervising = _session_cookie(supervisor, csrf)
    newest = list(ServiceRequest.objects.filter(jurisdiction__path__startswith=root.path)
                  .order_by("-submitted_at").values_list("reference", flat=True)[:10])
    pages = [
        Page("baseline", [f"{PREFIX}/bench/bare-page/"], reading),
        Page("queue", [f"{PREFIX}/workbench/"], reading),
        Page("supervision", [f"{PREFIX}/workbench/supervision/"], supervising),
        Page("detail", [f"{PREFIX}/workbench/requests/{ref}/" for ref in newest], reading),
        Page("portal", [f"{PREFIX}/"]),
    ]
    app = WSGIHandler()
    counts: dict[str, dict[str, float]] = {}
    for page in pages:  # warm: templates compiled and cached, configuration read, pool filled
        for round_ in range(3):
            status, _size = _get(app, page.path(round_), page.cookie)
            assert status.startswith("200"), (page.name, page.path(round_), status)
        with _counting() as counted:
            _get(app, page.path(0), page.cookie)
        counts[page.name] = counted
    for round_ in range(RUNS):  # every page in turn, so that the machine's load falls on all
        for page in pages:
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            _get(app, page.path(round_), page.cookie)
            page.cpu_ms.append((time.process_time() - started_cpu) * 1000)
            page.wall_ms.append((time.perf_counter() - started_wall) * 1000)
    wanted = os.environ.get("BENCH_PAGES_PROFILE", "")
    for page in pages:
        if page.name == wanted:
            _profile(app, page)
    baseline = statistics.median(pages[0].cpu_ms)
    load = os.getloadavg()[0]
    result = []
    for page in pages:
        counted = counts[page.name]
        note = (f"median of {RUNS}; wall {statistics.median(page.wall_ms):.1f} ms, "
                f"{counted['queries']:.0f} queries, {counted['nodes']:.0f} template nodes, "
                f"template {counted['template_ms']:.1f} ms CPU; load average {load:.2f}")
        value = round(statistics.median(page.cpu_ms), 2)
        if page.name == "baseline":
            result.append(Figure("page CPU baseline (minimal template)", value, "ms", None, note))
        else:
            result.append(Figure(f"page CPU {page.name}", value, "ms", round(baseline, 2), note))
    return result


if __name__ == "__main__":
    for figure in figures():
        print(figure.as_dict())
