"""Accounts: staff and residents share one user model; staff hold roles scoped to an org unit.

Authorisation comes from staff roles only (`core.access`): `is_superuser`, `is_staff`, groups and
Django permissions grant nothing. Staff sign in with a password and a second factor
(`two_factor.py`); failed sign-ins feed the lockout (`sign_in_locks.py`, django-axes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from shiliu.core.fields import LanguageListField
from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel
from shiliu.core.permissions import ADMIN_DUTIES, Role

# Bumped by any save or delete of a staff role or an org unit in this process (people/apps.py):
# the roles a user object keeps (`User.unit_paths`) are read again after it. A user object lives
# for one request; tests that grant a role to an object they hold see it at once.
_held_version = [0]


def held_roles_changed(**kwargs: Any) -> None:
    _held_version[0] += 1


class User(AbstractUser):  # type: ignore[django-manager-missing]
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=16, choices=resident_language_choices, default="zh-hans"
    )
    languages_spoken = LanguageListField(
        _("languages spoken"),
        help_text=_("Staff: the languages this person can serve residents in. Routing prefers a "
                    "grid worker who speaks the resident's language."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def roles(self) -> set[str]:
        return {r.role for r in self.staff_roles.all()}

    def has_role(self, *roles: str) -> bool:
        return any(r.role in roles for r in self.staff_roles.all())

    def unit_paths(self, roles: Iterable[str] | None = None) -> list[str]:
        """Paths of the units where this user holds one of `roles` (any role when None)."""
        wanted = set(roles) if roles is not None else None
        # Batch jobs prefetch the roles with their units; otherwise they are read once per user
        # object (a page asks up to ten times: each action's scope) until a role or a unit is
        # saved or deleted in this process (`held_roles_changed`).
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("staff_roles")
        if prefetched is not None:
            held = [(r.role, r.unit.path) for r in prefetched]
        else:
            kept: tuple[int, list[tuple[str, str]]] | None = self.__dict__.get("_held_roles")
            if kept is None or kept[0] != _held_version[0]:
                kept = (_held_version[0], list(self.staff_roles.values_list("role", "unit__path")))
                self._held_roles = kept
            held = kept[1]
        return [path for role, path in held if wanted is None or role in wanted]

    def speaks(self, language: str) -> bool:
        return language in (self.languages_spoken or [])

    @property
    def is_staff_member(self) -> bool:
        return self.staff_roles.exists()

    # Django's admin asks these; the answer comes from the role map, never from is_superuser.
    def has_perm(self, perm: str, obj: Any = None) -> bool:
        from shiliu.core import access

        return self.is_active and access.admin_allows(self, perm)

    def has_module_perms(self, app_label: str) -> bool:
        from shiliu.core import access

        return self.is_active and access.admin_allows_app(self, app_label)


class StaffRole(TimeStampedModel):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="staff_roles"
    )

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"

    def clean(self) -> None:
        if self.user_id is None or not self.role:
            return
        held = StaffRole.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
        others = set(held.values_list("role", flat=True))
        error = duties_conflict(self.role, others)
        if error:
            raise ValidationError({"role": error})


def duties_conflict(role: str, other_roles: Iterable[str]) -> str:
    """Why `role` cannot sit beside `other_roles` (三员: each administrator duty stands alone)."""
    others = set(other_roles) - {role}
    if role in ADMIN_DUTIES and others:
        names = ", ".join(str(Role(r).label) for r in sorted(others))
        return str(_("%(role)s is kept apart from every other role; this account already holds "
                     "%(others)s.") % {"role": Role(role).label, "others": names})
    clashing = sorted(others & ADMIN_DUTIES)
    if clashing:
        return str(_("This account holds %(duty)s, which is kept apart from every other role.")
                   % {"duty": Role(clashing[0]).label})
    return ""


class RecoveryCodeDevice(Device):  # type: ignore[misc]  # django-otp ships no type hints
    """One-time recovery codes for the second factor, stored as SHA-256 hashes only.

    Codes carry 80 random bits, so a plain hash is enough; each works once.
    """

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def verify_token(self, token: Any) -> bool:
        digest = recovery_code_hash(str(token))
        unused = self.codes.filter(code_hash=digest, used_at__isnull=True)
        return bool(unused.update(used_at=timezone.now()) == 1)

    def remaining(self) -> int:
        return int(self.codes.filter(used_at__isnull=True).count())


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"recovery code {self.pk} ({'used' if self.used_at else 'unused'})"


def recovery_code_normalise(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def recovery_code_hash(code: str) -> str:
    return hashlib.sha256(recovery_code_normalise(code).encode()).hexdigest()


def paths_cover(paths: Iterable[str], unit: Any) -> bool:
    """Whether any of the unit paths is `unit` itself or above it."""
    return unit is not None and any(unit.path.startswith(p) for p in paths)
