"""The cast every test can call on: a small city, and one persona per role.

    市 City ─ 区 District ─ 街道 Street ─ 社区 Community ─ 网格 Grid A, Grid B
           │            └ 住建局 Housing department (under the district)
           └ 区 Other district ─ … (the `elsewhere` fixture: a unit boundary to test against)

Staff sign in with a second factor; in tests, `login_staff(client, user)` (a fixture, and
`shiliu.people.tests.auth.login_staff`) signs a client in with a verified session. Plain
`client.force_login` leaves a staff session unverified, as after the password step alone.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff as _login_staff
from shiliu.service_requests.models import Category
from shiliu.service_requests.tests.factories import (
    CategoryFactory,
    OrgUnitFactory,
    RoutingRuleFactory,
    UserFactory,
    square,
    staff,
)


@dataclass
class City:
    city: OrgUnit
    district: OrgUnit
    street: OrgUnit
    community: OrgUnit
    grid_a: OrgUnit
    grid_b: OrgUnit
    housing: OrgUnit
    category: Category  # 住房 / 物业维修, routed to housing
    other_category: Category  # 公共设施 / 路灯, no rule: goes to the community's dispatcher


# Grid A covers (104.00..104.01, 30.00..30.01); grid B sits just east of it.
IN_GRID_A = {"longitude": 104.005, "latitude": 30.005}
IN_GRID_B = {"longitude": 104.015, "latitude": 30.005}
OUTSIDE_GRIDS = {"longitude": 105.5, "latitude": 31.5}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Compile the translation catalogues, so a bare `pytest` tests the same texts as `make test`."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_catalogues", verbosity=0)
    trans_real._translations = {}  # forget catalogues looked up before they were compiled
    trans_real._default = None


@pytest.fixture
def published_notices(transactional_db: Any) -> None:
    """Transactional tests start from a flushed database: publish again the privacy notices the
    data migration publishes, since intake records consent against them."""
    import importlib

    from django.apps import apps

    from shiliu.privacy.models import Notice

    if not Notice.objects.exists():
        importlib.import_module("shiliu.privacy.migrations.0002_seed_notices").seed(apps, None)
        importlib.import_module(
            "shiliu.privacy.migrations.0004_notice_texts_in_every_language").publish(apps, None)


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """A fast hasher for test accounts: the real one costs a third of a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Compile the .po catalogues that changed (as `make test` does), so plain `pytest` on a fresh
    checkout tests the real translations; then drop any catalogue Django loaded before."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_catalogues", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language, whatever the last request activated (the test
    client's LocaleMiddleware leaves its language active in the thread)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_configuration_cache() -> None:
    """Configuration (grids, categories, rules, notices…) is cached per process between requests
    (core.config); tests roll back or flush the database without the signals that reload it."""
    from shiliu.core import config

    config.forget()


@pytest.fixture(autouse=True)
def fresh_reference_sequences(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that commits leaves PostgreSQL's per-year reference sequences behind (a rolled-back
    test takes them with it): drop them, so the next test numbers from 1 again."""
    yield
    marker = request.node.get_closest_marker("django_db")
    committed = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if committed or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.db import connection

        from shiliu.service_requests.references import drop_sequences

        if connection.vendor == "postgresql":
            drop_sequences()


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """The rate limits count in the cache, per address: every test client is 127.0.0.1, so each
    test starts with empty counts."""
    from django.core.cache import cache

    cache.clear()


def run_queued_tasks() -> int:
    """Run every task queued in the database, as `manage.py db_worker` does (claim, run, record
    the outcome), until none is left; how many ran. Notifications go out this way: the test calls
    it where production's worker would pick them up, after the change committed."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from shiliu.notifications.services import outbox_sweep

    # In a test's transaction nothing commits, so no notification's wake (an on-commit hook)
    # has queued the outbox's drain: the periodic sweep's turn comes first (tests with
    # transaction=True see the wake's own task: the sweep then queues nothing more).
    outbox_sweep()
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="tests", excluded_queue_names=[])
    ran = 0
    while (queued := DBTaskResult.objects.ready().first()) is not None:
        queued.claim(worker.worker_id)
        worker.run_task(queued)
        ran += 1
    return ran


def run_at_once(count: int, call: Callable[[], Any]) -> list[Any]:
    """`call()` in `count` threads released together; each closes its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    return results


@pytest.fixture
def run_tasks() -> Callable[[], int]:
    """`run_tasks()`: the task worker's turn (run_queued_tasks)."""
    return run_queued_tasks


@pytest.fixture(autouse=True)
def fresh_calendar_warnings() -> None:
    """The calendar warns once per uncovered year and process; each test starts unwarned."""
    from shiliu.service_requests import sla

    sla._warned_years.clear()


@pytest.fixture
def city(db: Any) -> City:
    root = OrgUnitFactory(code="city", name="石榴市", kind=OrgUnit.Kind.CITY)
    district = OrgUnitFactory(code="district", name="和平区", kind=OrgUnit.Kind.DISTRICT, parent=root)
    street = OrgUnitFactory(code="street", name="团结街道", kind=OrgUnit.Kind.STREET, parent=district)
    community = OrgUnitFactory(code="community", name="同心社区", kind=OrgUnit.Kind.COMMUNITY, parent=street)
    grid_a = OrgUnitFactory(code="grid-a", name="第一网格", kind=OrgUnit.Kind.GRID, parent=community,
                            boundary=square(104.0, 30.0))
    grid_b = OrgUnitFactory(code="grid-b", name="第二网格", kind=OrgUnit.Kind.GRID, parent=community,
                            boundary=square(104.01, 30.0))
    housing = OrgUnitFactory(code="housing", name="区住建局", kind=OrgUnit.Kind.DEPARTMENT, parent=district)
    housing_top = CategoryFactory(code="housing", name="住房")
    repairs = CategoryFactory(code="housing-repairs", name="物业维修", parent=housing_top)
    facilities_top = CategoryFactory(code="facilities", name="公共设施")
    lights = CategoryFactory(code="street-lights", name="路灯", parent=facilities_top)
    RoutingRuleFactory(category=housing_top, jurisdiction=district, handling_unit=housing)
    return City(root, district, street, community, grid_a, grid_b, housing, repairs, lights)


@pytest.fixture
def dispatcher(city: City) -> User:
    return staff(Role.DISPATCHER, city.community, username="dispatcher", display_name="社区派单员")


@pytest.fixture
def supervisor(city: City) -> User:
    return staff(Role.SUPERVISOR, city.district, username="supervisor", display_name="区督办员")


@pytest.fixture
def handler(city: City) -> User:
    return staff(Role.HANDLER, city.housing, username="handler", display_name="住建局经办人")


@pytest.fixture
def grid_worker(city: City) -> User:
    return staff(Role.GRID_WORKER, city.grid_a, username="gridworker", display_name="第一网格网格员")


@pytest.fixture
def other_grid_worker(city: City) -> User:
    return staff(Role.GRID_WORKER, city.grid_b, username="gridworker-b", display_name="第二网格网格员")


@pytest.fixture
def analyst(city: City) -> User:
    return staff(Role.ANALYST, city.city, username="analyst", display_name="市分析员")


@pytest.fixture
def station_staff(city: City) -> User:
    return staff(Role.STATION_STAFF, city.community, username="station", display_name="服务站员")


@pytest.fixture
def system_admin(city: City) -> User:
    return staff(Role.SYSTEM_ADMIN, city.city, username="sysadmin", display_name="系统管理员")


@pytest.fixture
def security_admin(city: City) -> User:
    return staff(Role.SECURITY_ADMIN, city.city, username="secadmin", display_name="安全管理员")


@pytest.fixture
def auditor(city: City) -> User:
    return staff(Role.AUDITOR, city.city, username="auditor", display_name="安全审计员")


@pytest.fixture
def login_staff() -> Callable[..., Any]:
    """`login_staff(client, user)`: sign a test client in with a verified second factor."""
    return _login_staff


@pytest.fixture
def outsider(db: Any) -> User:
    """A signed-in account with no role anywhere: sees nothing."""
    return UserFactory(username="outsider")  # type: ignore[no-any-return]


# --- End-of-run report: translation counts and the browser tests' screenshots ---------------------
SCREENSHOT_FOLDER = Path(__file__).resolve().parent / "test-output" / "screenshots"
RUN_STARTED = time.time()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    try:
        from shiliu.core import catalogues

        reports = catalogues.check()
    except Exception as error:  # the summary must never hide the run's own result
        terminalreporter.write_line(f"translation catalogues: not checked ({error})")
        reports = []
    if reports:
        terminalreporter.section("translation catalogues (translated/total; required)")
        for report in reports:
            terminalreporter.write_line(report.line())
    # The files written during this run, by whichever process took the browser tests.
    written = sorted(str(path) for path in SCREENSHOT_FOLDER.glob("*.png")
                     if path.stat().st_mtime >= RUN_STARTED) if SCREENSHOT_FOLDER.is_dir() else []
    if written:
        terminalreporter.section("screenshots")
        for path in written:
            terminalreporter.write_line(path)


@pytest.fixture
def sms_outbox(settings: Any) -> list[tuple[str, str]]:
    """Text messages sent, as (number, text), through the in-memory SMS sender."""
    from shiliu.core.sms import MemorySmsSender

    settings.SHILIU_SMS_SENDER = "shiliu.core.sms.MemorySmsSender"
    MemorySmsSender.outbox.clear()
    MemorySmsSender.messages.clear()  # the whole messages (kind, template params) beside it
    return MemorySmsSender.outbox
