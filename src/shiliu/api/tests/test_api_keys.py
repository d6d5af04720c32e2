"""API keys: issued once and stored hashed, scoped to a unit and permissions, revocable; the
command and the admin issue them."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from conftest import City
from django.core.management import CommandError, call_command
from django.test import Client

from shiliu.api.models import ApiKey, Scope
from shiliu.api.services import api_key_revoke
from shiliu.api.tests.conftest import issue, keyed
from shiliu.audit.models import AuditEvent
from shiliu.core.permissions import Role
from shiliu.people.models import User
from shiliu.people.tests.auth import sign_in
from shiliu.service_requests.tests.factories import staff

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_hash(city: City) -> None:
    _api_key, raw_key = issue(city.district, [Scope.REQUESTS_READ])
    stored = ApiKey.objects.get()
    assert raw_key.startswith(f"sl_{stored.prefix}_") and len(raw_key) > 40
    assert stored.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in str(ApiKey.objects.values().get())


def test_a_key_acts_through_a_service_account_with_roles_at_its_unit(city: City) -> None:
    api_key, _ = issue(city.district, [Scope.REQUESTS_READ, Scope.REQUESTS_ACT, Scope.FIGURES_READ])
    account = api_key.user
    assert not account.has_usable_password()
    assert account.roles() == {Role.DISPATCHER, Role.HANDLER, Role.ANALYST}
    assert set(account.unit_paths()) == {city.district.path}


def test_issuing_a_key_is_audited(city: City) -> None:
    api_key, _ = issue(city.city)
    event = AuditEvent.objects.get(target_type="api.apikey")
    assert event.target_id == str(api_key.pk) and event.action == "create"


def test_a_revoked_key_is_refused_with_a_clear_401(city: City) -> None:
    api_key, raw_key = issue(city.city)
    assert keyed(raw_key).get("/api/v1/requests").status_code == 200
    api_key_revoke(actor=None, api_key=api_key)
    response = keyed(raw_key).get("/api/v1/requests")
    assert response.status_code == 401
    assert response.json()["message"] == "The API key is not valid or has been revoked."
    assert not User.objects.get(pk=api_key.user_id).is_active


@pytest.mark.parametrize("bad", ["nonsense", "sl_abc_def", "sl_00000000_" + "x" * 43])
def test_a_wrong_key_never_falls_back_to_anonymous_access(city: City, bad: str) -> None:
    response = keyed(bad).post("/api/v1/requests", {}, content_type="application/json")
    assert response.status_code == 401


def test_a_key_with_a_right_prefix_but_wrong_secret_is_refused(city: City) -> None:
    _, raw_key = issue(city.city)
    forged = raw_key[:-4] + ("aaaa" if not raw_key.endswith("aaaa") else "bbbb")
    assert keyed(forged).get("/api/v1/requests").status_code == 401


def test_the_command_prints_the_key_alone_on_its_last_line(city: City) -> None:
    out = StringIO()
    call_command("issue_api_key", "--name", "Mobile app", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    api_key = ApiKey.objects.get(name="Mobile app")
    assert last.startswith(f"sl_{api_key.prefix}_") and " " not in last
    assert api_key.unit == city.city  # the city's root by default
    assert set(api_key.scopes) == set(Scope.values)
    assert keyed(last).get("/api/v1/requests").status_code == 200


def test_the_command_scopes_a_key_to_a_unit_and_replaces_earlier_keys(city: City) -> None:
    call_command("issue_api_key", "--name", "Hotline", "--unit", "street", stdout=StringIO())
    out = StringIO()
    call_command(
        "issue_api_key",
        "--name",
        "Hotline",
        "--unit",
        "street",
        "--scope",
        "requests.read",
        "--replace",
        stdout=out,
    )
    old, new = ApiKey.objects.filter(name="Hotline").order_by("created_at", "pk")
    assert old.revoked_at is not None and new.revoked_at is None
    assert new.unit == city.street and new.scopes == ["requests.read"]


def test_the_command_explains_an_unknown_unit_and_skips_without_a_city(db: None) -> None:
    with pytest.raises(CommandError, match="empty"):
        call_command("issue_api_key", "--name", "x", stdout=StringIO())
    err = StringIO()
    call_command("issue_api_key", "--name", "x", "--if-city", stdout=StringIO(), stderr=err)
    assert "empty: no API key issued" in err.getvalue()
    assert not ApiKey.objects.exists()


def test_the_command_refuses_an_unknown_unit_code(city: City) -> None:
    with pytest.raises(CommandError, match="nowhere"):
        call_command("issue_api_key", "--name", "x", "--unit", "nowhere", stdout=StringIO())


def test_an_administrator_issues_a_key_in_the_admin_and_sees_it_once(city: City) -> None:
    admin = staff(Role.SECURITY_ADMIN, city.city, username="secadmin")
    client = Client()
    sign_in(client, admin)
    response = client.post(
        "/en/admin/api/apikey/add/",
        {
            "name": "Call centre",
            "unit": city.street.pk,
            "scopes": ["requests.create", "requests.read"],
        },
        follow=True,
    )
    api_key = ApiKey.objects.get(name="Call centre")
    shown = [str(m) for m in response.context["messages"]]
    raw_key = next(m.split(": ")[-1] for m in shown if "shown only this once" in m)
    assert raw_key.startswith(f"sl_{api_key.prefix}_")
    assert api_key.unit == city.street and api_key.issued_by == admin
    page = client.get(f"/en/admin/api/apikey/{api_key.pk}/change/").content.decode()
    assert raw_key not in page and api_key.prefix in page


def test_an_administrator_revokes_keys_in_the_admin(city: City) -> None:
    admin = staff(Role.SECURITY_ADMIN, city.city, username="secadmin")
    api_key, raw_key = issue(city.city)
    client = Client()
    sign_in(client, admin)
    client.post("/en/admin/api/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert keyed(raw_key).get("/api/v1/requests").status_code == 401


@pytest.fixture
def other_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changes made as another process makes them: a new configuration token is written, but
    this process's cached copies (the keys among them) are not dropped by the change itself."""
    from shiliu.core import config

    monkeypatch.setattr(config, "forget", lambda: None)


def test_a_key_revoked_in_another_process_is_refused_at_the_next_call(city: City, other_process: None) -> None:
    # given a key this process has read (and cached) on a first call
    api_key, raw_key = issue(city.city)
    client = keyed(raw_key)
    assert client.get("/api/v1/requests").status_code == 200
    # when another process revokes it, then this one refuses its very next call
    api_key_revoke(actor=None, api_key=api_key)
    assert client.get("/api/v1/requests").status_code == 401


def test_a_key_whose_account_is_deactivated_is_refused_at_the_next_call(city: City, other_process: None) -> None:
    api_key, raw_key = issue(city.city)
    client = keyed(raw_key)
    assert client.get("/api/v1/requests").status_code == 200
    account = User.objects.get(pk=api_key.user_id)
    account.is_active = False
    account.save()  # e.g. in the admin
    assert client.get("/api/v1/requests").status_code == 401


def test_a_role_taken_from_a_keys_account_applies_at_the_next_call(city: City, other_process: None) -> None:
    # given a reading key that sees the request it created
    api_key, raw_key = issue(city.city, [Scope.REQUESTS_READ, Scope.REQUESTS_CREATE])
    client = keyed(raw_key)
    created = client.post("/api/v1/requests", {
        "category": city.other_category.code, "description": "路灯不亮。", "address": "团结路12号",
        "consents": ["request_handling"]}, content_type="application/json")
    assert created.status_code == 201
    assert client.get("/api/v1/requests").json()["count"] == 1
    # when its dispatcher role is taken away, then the next call sees nothing in the unit
    api_key.user.staff_roles.all().delete()
    assert client.get("/api/v1/requests").json()["count"] == 0
