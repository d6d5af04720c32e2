"""Grant or revoke a staff role from the command line: the bootstrap of the first security
administrator, who then manages every other account and role in the admin.

    manage.py createsuperuser --username admin      # an account (the superuser flag grants nothing)
    manage.py grant_role admin security_admin       # at the city, the root of the tree

Audited like any other permission change, with the command as the actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from shiliu.audit.services import audit_as
from shiliu.core.permissions import Role
from shiliu.org.models import OrgUnit
from shiliu.people.models import StaffRole, User, duties_conflict


class Command(BaseCommand):
    help = "Grant (or with --revoke, take away) a staff role; audited."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--unit", help="code of the unit (default: the city at the root)")
        parser.add_argument("--revoke", action="store_true", help="take the role away instead")
        parser.add_argument(
            "--create-city",
            metavar="NAME",
            help="create the root city unit first, when the tree is still empty",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"No account is called {options['username']!r}.") from None
        with (
            audit_as(f"manage.py grant_role ({'revoke' if options['revoke'] else 'grant'})"),
            transaction.atomic(),
        ):
            unit = self._unit(options)
            role = options["role"]
            if options["revoke"]:
                deleted, _ = StaffRole.objects.filter(user=user, role=role, unit=unit).delete()
                if not deleted:
                    raise CommandError(f"{user.username} does not hold {role} at {unit.code}.")
                self.stdout.write(f"Revoked {role} at {unit.code} from {user.username}.")
                return
            error = duties_conflict(role, user.staff_roles.values_list("role", flat=True))
            if error:
                raise CommandError(error)
            _role, created = StaffRole.objects.get_or_create(user=user, role=role, unit=unit)
        verb = "Granted" if created else "Already held:"
        self.stdout.write(f"{verb} {role} at {unit.code} to {user.username}.")

    def _unit(self, options: dict[str, Any]) -> OrgUnit:
        if options["unit"]:
            try:
                return OrgUnit.objects.get(code=options["unit"])
            except OrgUnit.DoesNotExist:
                raise CommandError(f"No unit has the code {options['unit']!r}.") from None
        city = OrgUnit.objects.filter(parent__isnull=True, kind=OrgUnit.Kind.CITY).first()
        if city is None and options["create_city"]:
            city = OrgUnit(code="city", name=options["create_city"], kind=OrgUnit.Kind.CITY)
            city.full_clean()
            city.save()
        if city is None:
            raise CommandError(
                "The organisation tree is empty: add --create-city NAME to create "
                "its root city, or --unit CODE."
            )
        return city
