"""Rebuild the catalogues after strings changed: extract, derive zh_Hant, compile, report.

Needs GNU gettext (xgettext, msgmerge) for extraction and the `opencc` package for Traditional
Chinese; both are build tools (`make translations`), not needed to run the site.
"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import to_locale

from shiliu.core import catalogues


class Command(BaseCommand):
    help = ("makemessages for every language in settings.LANGUAGES, zh_Hant from zh_Hans "
            "(OpenCC), compile.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not catalogues.gettext_available():
            raise CommandError(
                "GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext")
        locales = [to_locale(code) for code, _name in settings.LANGUAGES]
        catalogues.run_makemessages(catalogues.source_root(), locales)
        self.stdout.write(f"extracted messages for {', '.join(locales)}")
        for code in catalogues.complete_headers():
            path = catalogues.po_path(code)
            self.stderr.write(f"{code}: set Plural-Forms in the header of {path}")
        count = catalogues.derive_traditional()
        self.stdout.write(
            f"zh_Hant: {count} messages derived from zh_Hans ({catalogues.OPENCC_CONFIG})")
        call_command("compile_catalogues", stdout=self.stdout)
        catalogues.write_status_counts(catalogues.check())
        call_command("check_catalogues", stdout=self.stdout, stderr=self.stderr, fail=False)
