"""Every change to who may do what reaches the audit trail, whatever path it takes: the admin,
the password page, management commands, the shell."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from conftest import City
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.core.permissions import Role
from shiliu.people.models import StaffRole, User
from shiliu.service_requests.tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """These tests read the messages' English source text."""
    with translation.override("en"):
        yield


def permission_changes(user: User, *, after: int = 0) -> list[dict[str, Any]]:
    """The permission changes recorded for `user` after event `after` (a factory-made account
    starts with the creation and the factory's password)."""
    return [
        e.detail
        for e in AuditEvent.objects.filter(
            action=AuditAction.PERMISSION_CHANGE,
            target_type="people.user",
            target_id=str(user.pk),
            pk__gt=after,
        ).order_by("id")
    ]


def mark() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def latest(action: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action).order_by("id").last()
    assert event is not None
    return event


def test_granting_changing_and_revoking_a_role_are_audited(city: City) -> None:
    user = UserFactory(username="newcomer")
    start = mark()
    role = StaffRole.objects.create(user=user, role=Role.GRID_WORKER, unit=city.grid_a)
    role.unit = city.grid_b
    role.save()
    role.delete()
    granted, changed, revoked = permission_changes(user, after=start)
    assert granted == {
        "role_granted": {
            "role": "grid_worker",
            "unit": city.grid_a.pk,
            "staff_role": role_pk(granted),
        }
    }
    assert changed["role_changed"]["from"] == {"role": "grid_worker", "unit": city.grid_a.pk}
    assert changed["role_changed"]["to"]["unit"] == city.grid_b.pk
    assert revoked["role_revoked"]["unit"] == city.grid_b.pk


def role_pk(detail: dict[str, Any]) -> int:
    return int(detail["role_granted"]["staff_role"])


def test_account_flags_and_groups_are_audited_but_not_other_fields(db: None) -> None:
    user = UserFactory(username="someone")
    start = mark()
    user.display_name = "改名"
    user.save()
    user.is_active = False
    user.is_superuser = True
    user.save()
    group = Group.objects.create(name="legacy")
    user.groups.add(group)
    user.groups.remove(group)
    assert permission_changes(user, after=start) == [
        {"changed": {"is_active": [True, False], "is_superuser": [False, True]}},
        {"groups": {"add": [group.pk]}},
        {"groups": {"remove": [group.pk]}},
    ]
    created = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(user.pk))
    assert created.detail["flags"] == {"is_active": True, "is_staff": False, "is_superuser": False}


def test_a_password_changed_by_its_owner_is_audited_and_must_follow_the_policy(
    client: Client, outsider: User
) -> None:
    client.force_login(outsider)
    start = mark()
    weak = client.post(
        "/en/accounts/password/",
        {"old_password": "pass-Word-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert weak.status_code == 400
    html = weak.content.decode()
    assert "This password is too short. It must contain at least 10 characters." in html
    assert "This password is entirely numeric." in html
    assert permission_changes(outsider, after=start) == []

    good = client.post(
        "/en/accounts/password/",
        {
            "old_password": "pass-Word-123",
            "new_password1": "Pomegranate-Seeds-7",
            "new_password2": "Pomegranate-Seeds-7",
        },
    )
    assert good.status_code == 302
    [change] = permission_changes(outsider, after=start)
    assert change == {"password": "changed"}
    event = latest(AuditAction.PERMISSION_CHANGE)
    assert event.actor_id == outsider.pk and event.ip_address == "127.0.0.1"
    assert "Pomegranate" not in str(event.content())


def test_a_password_set_from_the_command_line_is_a_reset_by_the_system(outsider: User) -> None:
    outsider.set_password("Another-Good-One-9")
    outsider.save()
    event = latest(AuditAction.PERMISSION_CHANGE)
    assert event.detail == {"password": "reset"}
    assert event.actor_id is None and event.actor_label == "system"


def test_createsuperuser_is_audited_and_the_flag_grants_nothing(city: City) -> None:
    call_command("createsuperuser", username="root", email="", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    created = AuditEvent.objects.get(action=AuditAction.CREATE, target_id=str(root.pk))
    assert created.detail["flags"]["is_superuser"] is True
    assert not root.has_perm("people.view_user")
    assert not root.has_module_perms("people")


def test_grant_role_bootstraps_the_first_security_administrator(city: City) -> None:
    admin = UserFactory(username="admin")
    call_command("grant_role", "admin", Role.SECURITY_ADMIN, verbosity=0)
    role = StaffRole.objects.get(user=admin)
    assert role.role == Role.SECURITY_ADMIN and role.unit == city.city
    event = latest(AuditAction.PERMISSION_CHANGE)
    assert event.actor_label == "manage.py grant_role (grant)"
    assert admin.has_perm("people.change_staffrole")


def test_grant_role_refuses_to_mix_administrator_duties(city: City) -> None:
    staff(Role.AUDITOR, city.city, username="both")
    with pytest.raises(CommandError, match="kept apart from every other role"):
        call_command("grant_role", "both", Role.SYSTEM_ADMIN, verbosity=0)


def test_grant_role_can_start_an_empty_tree(db: None) -> None:
    UserFactory(username="first")
    with pytest.raises(CommandError, match="organisation tree is empty"):
        call_command("grant_role", "first", Role.SECURITY_ADMIN, verbosity=0)
    call_command("grant_role", "first", Role.SECURITY_ADMIN, create_city="石榴市", verbosity=0)
    assert StaffRole.objects.get(user__username="first").unit.name == "石榴市"


def test_demo_accounts_get_an_authenticator_whose_code_can_be_printed(
    dispatcher: User, capsys: pytest.CaptureFixture[str]
) -> None:
    from shiliu.people.tests.auth import current_code
    from shiliu.people.two_factor import enrol_demo_totp

    secret = enrol_demo_totp(dispatcher)
    assert enrol_demo_totp(dispatcher) == secret  # idempotent
    with time_machine.travel("2026-03-04 10:00:10 +0800", tick=False):
        call_command("demo_totp", "dispatcher")
        printed = capsys.readouterr().out
        assert f"secret {secret}" in printed and f"code now {current_code(dispatcher)}" in printed
