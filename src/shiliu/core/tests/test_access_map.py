"""One permission map (core.access): every URL is in it, and each role meets each kind of object
across unit boundaries exactly as the map and the policies say.

The walk covers every pattern the project serves, the admin (one entry) and any /api/ or
/open311/ patterns present: a new endpoint without a rule fails here before it ships.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from conftest import City
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from shiliu.core import access
from shiliu.core.access import ACCESS, Scope
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests import workflow
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.tests.factories import OrgUnitFactory, square
from shiliu.service_requests.tests.journeys import submit
from shiliu.service_requests.tests.photos import photo

IN_GRID_C = {"longitude": 104.105, "latitude": 30.105}


@dataclass(frozen=True)
class Endpoint:
    key: str  # the permission-map key
    name: str  # the name to reverse
    params: tuple[str, ...]
    route: str


def walk(
    patterns: list[Any] | None = None, namespaces: tuple[str, ...] = (), route: str = ""
) -> Iterator[Endpoint]:
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry.url_patterns, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            key = "admin" if namespaces[:1] == ("admin",) else name
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            yield Endpoint(key, name, params, route + str(entry.pattern))


def test_every_url_pattern_is_in_the_permission_map() -> None:
    endpoints = list(walk())
    assert any(e.key == "admin" for e in endpoints)
    unnamed = [e.route for e in endpoints if not e.key]
    missing = sorted({e.key for e in endpoints if e.key and e.key not in ACCESS})
    assert not unnamed, f"name these URL patterns and put them in core/access.py: {unnamed}"
    assert not missing, f"declare who may open these in core/access.py ACCESS: {missing}"


def test_every_entry_of_the_map_names_a_served_url() -> None:
    served = {e.key for e in walk()} | {"media"}  # media is served with DEBUG on only
    assert set(ACCESS) <= served, f"stale entries in ACCESS: {sorted(set(ACCESS) - served)}"


def test_every_admin_model_with_duties_is_registered_and_every_duty_is_an_administrators() -> None:
    from django.contrib import admin

    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(access.ADMIN_MODELS) <= registered
    for duties in access.ADMIN_MODELS.values():
        assert set(duties) <= access.ADMIN_ROLES


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="shiliu.core.tests.urls_with_unmapped")
def test_a_url_missing_from_the_map_is_404_for_everyone(analyst: User) -> None:
    assert Client().get("/forgotten/").status_code == 404
    assert login_staff(Client(), analyst).get("/forgotten/").status_code == 404


# --- The matrix ----------------------------------------------------------------------------------


@dataclass
class World:
    city: City
    own: ServiceRequest  # arises in grid A, dispatched to the housing department
    other: ServiceRequest  # arises in another district
    people: dict[str, User]


@pytest.fixture
def world(
    city: City,
    dispatcher: User,
    supervisor: User,
    handler: User,
    grid_worker: User,
    station_staff: User,
    analyst: User,
    system_admin: User,
    security_admin: User,
    auditor: User,
    outsider: User,
) -> World:
    district = OrgUnitFactory(
        code="district-2", name="友谊区", kind=OrgUnit.Kind.DISTRICT, parent=city.city
    )
    street = OrgUnitFactory(code="street-2", kind=OrgUnit.Kind.STREET, parent=district)
    community = OrgUnitFactory(code="community-2", kind=OrgUnit.Kind.COMMUNITY, parent=street)
    OrgUnitFactory(
        code="grid-c", kind=OrgUnit.Kind.GRID, parent=community, boundary=square(104.1, 30.1)
    )
    own = submit(city.category)
    workflow.accept(own, actor=dispatcher)
    workflow.dispatch(own, actor=dispatcher, unit=city.housing)
    other = submit(city.category, at=IN_GRID_C, photos=[photo()])
    assert other.jurisdiction is not None and other.jurisdiction.code == "grid-c"
    people = {
        "grid_worker": grid_worker,
        "station_staff": station_staff,
        "dispatcher": dispatcher,
        "handler": handler,
        "supervisor": supervisor,
        "analyst": analyst,
        "system_admin": system_admin,
        "security_admin": security_admin,
        "auditor": auditor,
        "outsider": outsider,
    }
    return World(city, own, other, people)


def client_for(world: World, persona: str) -> Client:
    if persona in {"resident", "anonymous"}:
        return Client()
    return login_staff(Client(), world.people[persona])


def url(name: str, **kwargs: str) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


# Columns: the request in the person's units; a request in another district; the private link of
# a request (the link is the key, whoever holds it); a link nobody was given; the figures page;
# the audit trail; the admin. A page of another role is 403 ("not available to your role"); an
# object outside one's units is 404, so it does not reveal that it exists.
COLUMNS = (
    "own request",
    "other district's request",
    "private link",
    "guessed link",
    "figures",
    "audit trail",
    "admin",
)
# fmt: off
EXPECTED: dict[str, tuple[int, ...]] = {
    "resident":       (302, 302, 200, 404, 302, 302, 302),
    "grid_worker":    (200, 404, 200, 404, 200, 403, 403),
    "station_staff":  (200, 404, 200, 404, 200, 403, 403),
    "dispatcher":     (200, 404, 200, 404, 200, 403, 403),
    "handler":        (200, 404, 200, 404, 200, 403, 403),
    "supervisor":     (200, 404, 200, 404, 200, 403, 403),
    "analyst":        (403, 403, 200, 404, 200, 403, 403),
    "system_admin":   (403, 403, 200, 404, 403, 403, 200),
    "security_admin": (403, 403, 200, 404, 403, 403, 200),
    "auditor":        (403, 403, 200, 404, 403, 200, 403),
    "outsider":       (403, 403, 200, 404, 403, 403, 403),
    "anonymous":      (302, 302, 200, 404, 302, 302, 302),
}
# fmt: on


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_meets_each_kind_of_object_as_the_map_says(world: World, persona: str) -> None:
    client = client_for(world, persona)
    paths = (
        url("service_requests:workbench-detail", reference=world.own.reference),
        url("service_requests:workbench-detail", reference=world.other.reference),
        url("service_requests:portal-track", token=world.own.tracking_token),
        url("service_requests:portal-track", token="guessed-" + "x" * 40),
        url("reports:figures"),
        url("audit:trail"),
        url("admin:index"),
    )
    got = tuple(client.get(path).status_code for path in paths)
    assert dict(zip(COLUMNS, got, strict=True)) == dict(
        zip(COLUMNS, EXPECTED[persona], strict=True)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("grid_worker", 1),
        ("station_staff", 1),
        ("dispatcher", 1),
        ("handler", 1),
        ("supervisor", 1),
        ("analyst", 2),
    ],
)
def test_figures_count_only_the_requests_of_the_persons_units(
    world: World, persona: str, expected: int
) -> None:
    response = client_for(world, persona).get(url("reports:figures"))
    assert response.context["table"].total.submitted == expected


SAMPLE_VALUES = {"verb": "accept", "claim": 1, "key": 1}  # key: a hot issue's earliest request
# Numeric ids of other apps' rows (casework visits and pairings), tried with the same number.
ID_PARAMS = ("visit_id", "pairing_id")


def object_endpoints(scopes: set[str]) -> list[Endpoint]:
    return [e for e in walk() if e.params and e.key in ACCESS and ACCESS[e.key].scope in scopes]


def fetch(client: Client, path: str) -> int:
    status = client.get(path).status_code
    if status != 405:
        return status
    if path.startswith("/api/"):  # the REST API reads a JSON body before it looks the object up
        return client.post(path, data={}, content_type="application/json").status_code
    return client.post(path).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["grid_worker", "handler"])
def test_staff_get_404_for_objects_outside_their_scope_on_every_endpoint(
    world: World, persona: str
) -> None:
    client = client_for(world, persona)
    endpoints = object_endpoints({Scope.UNITS})
    assert endpoints
    for endpoint in endpoints:
        values = {
            "reference": world.other.reference,
            "token": world.other.tracking_token,
            "pk": str(world.other.attachments.get().pk),
            **dict.fromkeys(ID_PARAMS, str(world.other.attachments.get().pk)),
            **SAMPLE_VALUES,
        }
        unknown = set(endpoint.params) - set(values)
        assert not unknown, f"add sample values for {unknown} ({endpoint.name}) to this test"
        path = url(endpoint.name, **{p: values[p] for p in endpoint.params})
        status = fetch(client, path)
        if path.startswith("/api/") and status == 400:
            # The API checks the body of a verb before the object: what proves that nothing leaks
            # is the same answer as for a reference that does not exist.
            missing = path.replace(world.other.reference, "SL-1999-999999")
            assert fetch(client, missing) == 400, path
            continue
        # A page of another role is 403 whatever the object, so it reveals nothing either
        rule = ACCESS[endpoint.key]
        assert status == (404 if rule.token or access.allows(world.people[persona], rule) else 403), path


@pytest.mark.django_db
def test_a_resident_gets_404_for_links_they_do_not_hold_and_no_staff_page(world: World) -> None:
    resident = Client()
    for endpoint in object_endpoints({Scope.LINK}):
        # a real photo's number, behind a link that is not its request's
        photo_pk = str(world.other.attachments.get().pk)
        path = url(endpoint.name, **{p: photo_pk if p == "pk" else "not-their-" + p for p in endpoint.params})
        status = fetch(resident, path)
        if path.startswith("/api/") and status == 400:
            continue  # an empty rating is refused before the token is looked up: nothing leaks
        assert status == 404, path
    for endpoint in object_endpoints({Scope.UNITS}):
        values = {"reference": world.other.reference, "pk": str(world.other.attachments.get().pk),
                  **dict.fromkeys(ID_PARAMS, str(world.other.attachments.get().pk)), **SAMPLE_VALUES}
        path = url(endpoint.name, **{p: values[p] for p in endpoint.params})
        response = resident.get(path)
        assert response.status_code in {302, 401, 405}, path
        assert world.other.reference not in response.content.decode()


def test_no_rule_lets_an_administrator_duty_near_residents_requests() -> None:
    for key, rule in ACCESS.items():
        if key.startswith("service_requests:workbench") or key == "reports:figures":
            assert not rule.roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR}, key
    assert ACCESS["audit:trail"].roles == {Role.AUDITOR}
    assert Role.AUDITOR not in ACCESS["admin"].roles


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="shiliu.core.tests.urls_with_unmapped")
def test_an_api_endpoint_refuses_a_staff_session_without_the_second_factor(
    dispatcher: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = access.AccessRule(Scope.UNITS, frozenset(), token=True)
    monkeypatch.setitem(ACCESS, "api-probe", rule)
    half_signed_in = Client()
    half_signed_in.force_login(dispatcher)  # password only
    response = half_signed_in.get("/api-probe/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json() == {"detail": "Two-step sign-in is not complete."}
    assert login_staff(Client(), dispatcher).get("/api-probe/").status_code == 200
    assert Client().get("/api-probe/").status_code == 200  # the API layer checks the token
