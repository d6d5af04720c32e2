"""Residents sign in with their phone number or e-mail address (SPEC §4.2), found through the
blind index; staff accounts are never let in this way (they use the staff sign-in)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from shiliu.privacy import selectors


class ResidentBackend(ModelBackend):
    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, resident_key: str | None = None, password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        # The identifier travels as "resident_key" so Django masks it in the failed-sign-in signal.
        if not resident_key or password is None:
            return None
        profile = selectors.resident_profile_find(identifier=resident_key)
        if profile is None:
            get_user_model()().set_password(password)  # same time whether or not the account exists
            return None
        user = profile.user
        if user.check_password(password) and self.user_can_authenticate(user) and not user.staff_roles.exists():
            return user
        return None


class ResidentCodeBackend(ModelBackend):
    """Residents sign in with a one-time code sent to their phone or e-mail
    (`services.resident_sign_in_code_send`). Passed to `authenticate` as resident_key and
    code_secret (a name Django masks in the failed-sign-in signal), after the lockout's backend."""

    def authenticate(  # type: ignore[override]
        self, request: HttpRequest | None, resident_key: str | None = None, code_secret: str | None = None,
        **kwargs: Any,
    ) -> Any:
        from shiliu.privacy import services

        if not resident_key or code_secret is None:
            return None
        user = services.resident_sign_in_code_check(identifier=resident_key, code=code_secret)
        return user if user is not None and self.user_can_authenticate(user) else None
