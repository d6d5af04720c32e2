"""`manage.py demo_accounts`: where to sign in, and the demo city's accounts with their roles."""

from __future__ import annotations

import os
import unicodedata
from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from shiliu.core.permissions import Role
from shiliu.demo import build
from shiliu.demo import catalogue as cat
from shiliu.org.models import OrgUnit
from shiliu.people.models import StaffRole, User
from shiliu.people.two_factor import enrol_demo_totp


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in {"W", "F"} else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


class Command(BaseCommand):
    help = "Print where to sign in and the demo accounts (only when the demo city exists)."

    def handle(self, *args: Any, **options: Any) -> None:
        city = OrgUnit.objects.filter(code=cat.CITY_CODE).first()
        if city is None:
            self.stdout.write("No demo city yet: run `manage.py demo_city` to build it.")
            return
        port = os.environ.get("PORT") or "8000"
        site = f"http://127.0.0.1:{port}"
        with translation.override("zh-hans"):
            login = reverse("people:login")
            admin = reverse("admin:index")
        self.stdout.write(f"Staff sign-in:   {site}{login}")
        self.stdout.write(f"Resident portal: {site}/")
        self.stdout.write(f"Admin:           {site}{admin}  (as “{cat.SUPERUSER}”)")
        self.stdout.write("")

        wanted = [a.username for a in build.account_specs()]
        order = {name: i for i, name in enumerate(wanted)}
        users = sorted(User.objects.filter(username__in=wanted), key=lambda u: order[u.username])
        roles: dict[int, list[StaffRole]] = {}
        for role in StaffRole.objects.filter(user__in=users).select_related("unit", "unit__parent"):
            roles.setdefault(role.user_id, []).append(role)

        # Staff sign in with a second factor: each demo account gets an authenticator secret
        # (TOTP, base32) to type into any authenticator app.
        rows = [("username", "role", "unit", "password", "two-step secret")]
        for user in users:
            held = roles.get(user.pk, [])
            labels = sorted({str(Role(r.role).label) for r in held})
            secret = enrol_demo_totp(user) if held else "-"
            rows.append((user.username, ", ".join(labels) or "-", self.unit_label(held),
                         cat.DEMO_PASSWORD, secret))
        widths = [max(display_width(row[i]) for row in rows) for i in range(5)]
        for n, row in enumerate(rows):
            line = "  ".join(pad(cell, widths[i]) for i, cell in enumerate(row))
            self.stdout.write(line.rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write("")
        self.stdout.write(
            f"Every demo account's password is “{cat.DEMO_PASSWORD}” (demo data only). Staff also "
            "enter a code from an authenticator app set up with their two-step secret, or the one "
            "`manage.py demo_totp USERNAME` prints.")

    @staticmethod
    def unit_label(held: list[StaffRole]) -> str:
        units = [r.unit for r in held]
        if not units:
            return "-"
        if len(units) > 1 and all(u.kind == OrgUnit.Kind.GRID for u in units):
            parent = units[0].parent
            return f"{parent.name if parent else ''} · {len(units)} 个网格"
        return ", ".join(u.name for u in units)
