"""Accounts: staff and residents share one user model; staff hold roles scoped to an org unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from shiliu.core.fields import LanguageListField
from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel
from shiliu.core.permissions import Role


class User(AbstractUser):
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
        return [
            r.unit.path
            for r in self.staff_roles.select_related("unit")
            if wanted is None or r.role in wanted
        ]

    def speaks(self, language: str) -> bool:
        return language in (self.languages_spoken or [])

    @property
    def is_staff_member(self) -> bool:
        return self.staff_roles.exists()


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


def paths_cover(paths: Iterable[str], unit: Any) -> bool:
    """Whether any of the unit paths is `unit` itself or above it."""
    return unit is not None and any(unit.path.startswith(p) for p in paths)
