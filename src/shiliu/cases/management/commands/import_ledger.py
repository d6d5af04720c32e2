"""`manage.py import_ledger <file.xlsx> --unit CODE --as USERNAME [--dry-run]`: bring an office's
casework ledgers (the workbook the casework pages export) into a unit, all or nothing.

Every problem is listed by sheet, row and column (in the language of --language, Chinese by
default) and nothing is written; with --dry-run nothing is written either way. Progress bars go
to stderr (checking, then writing). The import acts as the member of staff named by --as: their
casework scope decides which households and staff the rows may name, and the audit trail names
them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from shiliu.cases.ledgers import casework_import
from shiliu.core.errors import DomainError


class Command(BaseCommand):
    help = "Import casework ledgers (households, cases, plan actions, visits) from an Excel workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="Code of the grid or community (or a unit above).")
        parser.add_argument("--as", dest="username", required=True, help="The member of staff importing.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help="Language of the messages.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from shiliu.org.models import OrgUnit
        from shiliu.people.models import User

        translation.activate(options["language"])
        try:
            unit = OrgUnit.objects.get(code=options["unit"])
            actor = User.objects.get(username=options["username"], is_active=True)
        except (OrgUnit.DoesNotExist, User.DoesNotExist) as error:
            raise CommandError(str(error)) from None
        bar = _Bars(quiet=options["no_progress"], stream=self.stderr)
        try:
            with options["file"].open("rb") as file:
                report = casework_import(actor, unit=unit, file=file, dry_run=options["dry_run"],
                                         progress=bar.update)
        except DomainError as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        for sheet in report.sheets:
            self.stdout.write(f"{sheet.title}: {sheet.valid}/{sheet.rows}")
        for problem in report.errors:
            self.stdout.write(f"{problem.sheet} {problem.row} {problem.column}: {problem.message}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} problems found: nothing was imported")
        self.stdout.write("dry run: nothing written" if report.dry_run else f"{report.rows} imported")


class _Bars:
    """A tqdm bar per phase: a new one whenever the total changes or the count starts again."""

    def __init__(self, *, quiet: bool, stream: Any) -> None:
        self.quiet, self.stream = quiet, stream
        self.bar: Any = None
        self.phases = iter(["check", "write"])

    def update(self, done: int, total: int) -> None:
        if self.bar is None or self.bar.total != total or done < self.bar.n:
            self.close()
            self.bar = tqdm(total=total, desc=next(self.phases, "…"), unit="row", disable=self.quiet,
                            file=self.stream)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
