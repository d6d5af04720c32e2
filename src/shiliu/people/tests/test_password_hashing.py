"""Passwords are stored with argon2; older hashes still work and are upgraded at sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from shiliu import settings as project_settings
from shiliu.audit.models import AuditAction, AuditEvent
from shiliu.service_requests.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_new_passwords_are_hashed_with_argon2() -> None:
    assert project_settings.PASSWORD_HASHERS[0].endswith(".Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=project_settings.PASSWORD_HASHERS):
        assert make_password("Pomegranate-Seeds-7").startswith("argon2$")


def test_an_older_hash_still_signs_in_and_is_upgraded_to_argon2() -> None:
    # Argon2 first, as in the project; an old, weaker hasher still known (MD5 here: fast to test).
    legacy = "django.contrib.auth.hashers.MD5PasswordHasher"
    hashers = [project_settings.PASSWORD_HASHERS[0], legacy]
    with override_settings(PASSWORD_HASHERS=hashers):
        user = UserFactory(username="veteran", password="")
        user.password = make_password("Pomegranate-Seeds-7", hasher="md5")
        user.save(update_fields=["password"])
        response = Client().post(
            "/en/accounts/login/", {"username": "veteran", "password": "Pomegranate-Seeds-7"}
        )
        assert response.status_code == 302
        user.refresh_from_db()
        assert user.password.startswith("argon2$")
    upgrade = AuditEvent.objects.filter(action=AuditAction.PERMISSION_CHANGE).order_by("id").last()
    assert upgrade is not None and upgrade.detail == {"password": "rehashed"}
