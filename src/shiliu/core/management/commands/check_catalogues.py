"""Per-language counts of translated messages; exits non-zero when a required one is untranslated
or fuzzy, or when the source uses a message no catalogue has yet (run update_catalogues)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shiliu.core import catalogues


class Command(BaseCommand):
    help = "Check the translation catalogues for completeness and print per-language counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-fail", dest="fail", action="store_false")
        parser.add_argument("--show", type=int, default=10,
                            help="how many missing messages to list")

    def handle(self, *args: Any, fail: bool = True, show: int = 10, **options: Any) -> None:
        problems = []
        if catalogues.gettext_available():
            stale = catalogues.extracted_msgids() - catalogues.all_entries().keys()
            if stale:
                problems.append(f"{len(stale)} message(s) in the source are in no catalogue "
                                "(run manage.py update_catalogues): "
                                f"{sorted(m for _c, m in stale)[:show]}")
        for report in catalogues.check():
            self.stdout.write(report.line())
            for msgid in (report.missing + report.fuzzy)[:show]:
                self.stdout.write(f"    {msgid!r}")
            if not report.ok:
                problems.append(f"{report.code} incomplete")
        for problem in problems:
            self.stderr.write(problem)
        if problems and fail:
            raise CommandError("translation catalogues are incomplete")
