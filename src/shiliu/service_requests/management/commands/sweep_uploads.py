"""`manage.py sweep_uploads`: remove expired pending photos and photo files no row points to."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shiliu.service_requests.services import uploads_sweep


class Command(BaseCommand):
    help = "Remove expired pending photos and unreferenced photo files."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = uploads_sweep()
        self.stdout.write(f"uploads: {counts['pending']} expired pending photo(s), "
                          f"{counts['unreferenced']} unreferenced file(s) removed")
