from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shiliu.core import errors
from shiliu.insights.services import suggestion_model_train


class Command(BaseCommand):
    help = "Train a new category-suggestion model version on the city's own requests."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            version = suggestion_model_train()
        except errors.DomainError as error:
            raise CommandError(error.message) from None
        score = "—" if version.holdout_macro_f1 is None else f"{version.holdout_macro_f1:.4f}"
        self.stdout.write(f"model v{version.number}: {version.sample_count} requests, "
                          f"{len(version.labels)} categories, held-out macro-F1 {score}, "
                          f"{version.size_bytes / 1e6:.1f} MB")
