"""Archive audit rows older than the retention period to a JSON-lines file.

    manage.py audit_archive --out /secure/audit-2025.jsonl [--before 2025-06-30]

Each line holds a row with its hashes, so the archive can be checked on its own; an archive event
in the trail vouches for the cut, so `audit_verify_chain` still verifies after the operator has
removed the archived rows. This command deletes nothing (SECURITY.md, "Audit trail").
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shiliu.audit.services import (
    RetentionError,
    audit_archive,
    audit_retention_cutoff,
    audit_retention_days,
)


class Command(BaseCommand):
    help = "Write audit rows older than the retention period to a file (deletes nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="file to write (JSON lines)")
        parser.add_argument("--before", help="YYYY-MM-DD; default: the retention cut-off")

    def handle(self, *args: Any, **options: Any) -> None:
        before = audit_retention_cutoff()
        if options["before"]:
            try:
                day = datetime.strptime(options["before"], "%Y-%m-%d").date()  # noqa: DTZ007
            except ValueError:
                raise CommandError("--before takes a date such as 2025-06-30.") from None
            before = timezone.make_aware(datetime.combine(day, time.min))
        if before > audit_retention_cutoff():
            raise CommandError(
                f"Audit rows younger than {audit_retention_days()} days stay in the database; "
                f"the latest cut-off allowed now is {audit_retention_cutoff():%Y-%m-%d}."
            )
        try:
            with open(options["out"], "x", encoding="utf-8") as out:
                rows, through = audit_archive(
                    before=before, out=out, label="manage.py audit_archive"
                )
        except FileExistsError:
            raise CommandError(f"{options['out']} exists already; choose a new file.") from None
        except RetentionError as error:
            raise CommandError(str(error)) from None
        if not rows:
            self.stdout.write("No audit rows are old enough to archive.")
            return
        self.stdout.write(
            f"Archived {rows} rows (ids up to {through}) to {options['out']}.\n"
            f"After storing the file safely, the database owner may delete rows with id <= "
            f"{through} (see SECURITY.md); the chain keeps verifying."
        )
