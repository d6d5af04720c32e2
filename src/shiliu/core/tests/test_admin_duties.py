"""The admin under the three administrator duties (三员): the system administrator configures, the
security administrator manages accounts and roles, the auditor has no admin at all, and nobody
else gets in. Django's superuser flag changes nothing."""

from __future__ import annotations

import pytest
from conftest import City
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.core import access
from shiliu.core.permissions import Role
from shiliu.org.models import ServicePoint
from shiliu.people.models import StaffRole, User
from shiliu.people.tests.auth import login_staff
from shiliu.service_requests.models import HolidayOverride
from shiliu.service_requests.tests.factories import UserFactory, staff
from shiliu.service_requests.tests.journeys import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(city: City) -> None:
    """At least one row of each registered model, so each change page can be opened."""
    ServicePoint.objects.create(
        name="同心服务站", kind=ServicePoint.Kind.ONE_STOP, unit=city.community, address="同心路1号"
    )
    HolidayOverride.objects.create(day="2027-01-01", is_workday=False, note="元旦")
    submit(city.category)
    staff(Role.GRID_WORKER, city.grid_a, username="someone")


def pages(model: type[Model]) -> list[str]:
    info = (model._meta.app_label, model._meta.model_name)
    urls = [reverse("admin:{}_{}_changelist".format(*info), args=())]
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        urls.append(reverse("admin:{}_{}_change".format(*info), args=(first.pk,)))
    return urls


def expected(role: str | None, model: type[Model]) -> int:
    duties = access.ADMIN_MODELS.get(model._meta.label_lower, {})
    if role is not None and "view" in duties.get(role, frozenset()):
        return 200
    # Inside the admin a model outside one's duty does not exist; the admin itself is a page of
    # the administrators' roles, "not available to your role" for everyone else.
    return 404 if role in access.ADMIN_ROLES else 403


PERSONAS = [None, *Role.values]


@pytest.mark.parametrize("role", PERSONAS, ids=lambda r: r or "no-role")
def test_each_role_opens_exactly_the_admin_pages_of_its_duty(
    city: City, objects: None, role: str | None
) -> None:
    user = staff(role, city.city, username="person") if role else UserFactory(username="person")
    client = login_staff(Client(), user)
    seen: dict[str, int] = {}
    for model in admin.site._registry:
        for url in pages(model):
            seen[url] = client.get(url).status_code
            assert seen[url] == expected(role, model), (role, url)
    index = client.get(reverse("admin:index")).status_code
    assert index == (200 if role in access.ADMIN_ROLES else 403)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR])
def test_the_superuser_flag_does_not_widen_a_duty(city: City, objects: None, role: str) -> None:
    user = staff(role, city.city, username="root", is_superuser=True, is_staff=True)
    client = login_staff(Client(), user)
    for model in admin.site._registry:
        for url in pages(model):
            assert client.get(url).status_code == expected(role, model), url


def test_a_superuser_without_a_role_gets_nothing(city: City, objects: None) -> None:
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = login_staff(Client(), root)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(reverse("admin:people_user_changelist")).status_code == 403


def test_the_admin_sends_anonymous_visitors_to_the_one_sign_in_page(db: None) -> None:
    response = Client().get("/en/admin/people/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_the_security_administrator_grants_a_role_and_it_is_audited(
    city: City, security_admin: User
) -> None:
    person = UserFactory(username="newcomer")
    client = login_staff(Client(), security_admin)
    response = client.post(
        reverse("admin:people_staffrole_add"),
        {"user": person.pk, "role": Role.DISPATCHER, "unit": city.community.pk},
    )
    assert response.status_code == 302
    grant = (
        AuditEvent.objects.filter(action=AuditAction.PERMISSION_CHANGE, target_id=str(person.pk))
        .order_by("id")
        .last()
    )
    assert grant is not None and grant.actor_id == security_admin.pk
    assert grant.detail["role_granted"]["role"] == Role.DISPATCHER
    assert grant.ip_address == "127.0.0.1"
    created = AuditEvent.objects.filter(action=AuditAction.CREATE, target_type="people.staffrole")
    assert created.get().detail == {"via": "admin"}


def test_administrator_duties_cannot_be_combined_with_other_roles(
    city: City, security_admin: User
) -> None:
    person = staff(Role.DISPATCHER, city.community, username="dispatcher2")
    client = login_staff(Client(), security_admin)
    response = client.post(
        reverse("admin:people_staffrole_add"),
        {"user": person.pk, "role": Role.AUDITOR, "unit": city.city.pk},
    )
    assert response.status_code == 200
    assert "不能与其他任何角色兼任" in response.content.decode()
    assert not StaffRole.objects.filter(user=person, role=Role.AUDITOR).exists()


def test_configuration_changes_are_audited_with_field_names(city: City, system_admin: User) -> None:
    client = login_staff(Client(), system_admin)
    url = reverse("admin:service_requests_holidayoverride_add")
    added = client.post(url, {"day": "2027-02-06", "is_workday": "on", "note": "调休"})
    assert added.status_code == 302
    override = HolidayOverride.objects.get()
    change = reverse("admin:service_requests_holidayoverride_change", args=(override.pk,))
    client.post(change, {"day": "2027-02-06", "note": "春节调休上班"})
    event = AuditEvent.objects.filter(action=AuditAction.CHANGE).order_by("id").last()
    assert event is not None and event.target_type == "service_requests.holidayoverride"
    assert event.detail == {"via": "admin", "fields": ["Is a working day", "Note"]}


def test_the_security_administrator_resets_a_lost_second_factor(
    city: City, security_admin: User, dispatcher: User
) -> None:
    login_staff(Client(), dispatcher)  # the dispatcher has an authenticator
    client = login_staff(Client(), security_admin)
    response = client.post(
        reverse("admin:people_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [dispatcher.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=dispatcher).exists()
    event = (
        AuditEvent.objects.filter(
            action=AuditAction.PERMISSION_CHANGE, target_id=str(dispatcher.pk)
        )
        .order_by("id")
        .last()
    )
    assert event is not None and event.detail == {"two_factor": "reset"}
    assert event.actor_id == security_admin.pk


def test_the_account_form_offers_no_superuser_staff_or_group_switches(
    security_admin: User, dispatcher: User
) -> None:
    client = login_staff(Client(), security_admin)
    html = client.get(reverse("admin:people_user_change", args=(dispatcher.pk,))).content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html
    assert 'name="is_active"' in html and 'name="staff_roles-0-role"' in html


def test_the_admin_names_its_sections_in_the_users_language(city: City, objects: None) -> None:
    client = login_staff(Client(), staff(Role.SYSTEM_ADMIN, city.city, username="sysadmin"))
    page = client.get(reverse("admin:index")).content.decode()
    for title in ("组织机构", "诉求", "接口密钥与对接"):
        assert title in page, title
    for raw in (">Org<", ">Service_Requests<", ">Api<", ">API<", ">SERVICE_REQUESTS<"):
        assert raw not in page, raw
