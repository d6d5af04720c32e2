"""`manage.py search_reindex`: write every request's search text and index again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from shiliu.service_requests.services import service_request_search_reindex


class Command(BaseCommand):
    help = "Rebuild the search text and index of every request."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"search: {service_request_search_reindex()} request(s) indexed")
