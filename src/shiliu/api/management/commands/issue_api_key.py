"""manage.py issue_api_key --name "12345 hotline" [--unit CODE] [--scope …] [--replace]

Prints what the key may do, then the key alone on the last line (it is not stored and cannot be
shown again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shiliu.api.models import Scope
from shiliu.api.services import api_key_issue
from shiliu.org.models import OrgUnit
from shiliu.service_requests import workflow


class Command(BaseCommand):
    help = "Issue an API key for another system; the key is printed alone on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The client system's name.")
        parser.add_argument(
            "--unit", help="The org unit code the key is scoped to (default: the city's root)."
        )
        parser.add_argument(
            "--scope",
            action="append",
            choices=Scope.values,
            dest="scopes",
            help="A permission; repeat for several (default: all of them).",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Revoke this client's earlier keys first."
        )
        parser.add_argument(
            "--if-city",
            action="store_true",
            help="Do nothing, successfully, when there is no org tree yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["unit"]
        roots = OrgUnit.objects.filter(parent__isnull=True).order_by("pk")
        unit = OrgUnit.objects.filter(code=code).first() if code else roots.first()
        if unit is None:
            if options["if_city"]:
                self.stderr.write(
                    f"No org unit has the code {code!r}: no API key issued."
                    if code
                    else "The organisation tree is empty: no API key issued."
                )
                return
            raise CommandError(
                f"No org unit has the code {code!r}."
                if code
                else "The organisation tree is empty: create the city first."
            )
        try:
            api_key, raw_key = api_key_issue(
                actor=None,
                name=options["name"],
                unit=unit,
                scopes=options["scopes"] or Scope.values,
                replace=options["replace"],
            )
        except workflow.WorkflowError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            f"API key for {api_key.name} at {unit.name} ({unit.code}): {', '.join(api_key.scopes)}"
        )
        self.stdout.write(raw_key)
