from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from shiliu.core import errors
from shiliu.insights.services import suggestion_model_train


class Command(BaseCommand):
    help = "Train a new category-suggestion model version on the city's own requests."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-none", action="store_true",
                            help="Only when no model is trained yet (make run: the demo city's first model).")

    def handle(self, *args: Any, **options: Any) -> None:
        from shiliu.insights.models import ModelVersion

        if options["if_none"] and ModelVersion.objects.exists():
            self.stdout.write("A suggestion model is already trained: nothing to do.")
            return
        try:
            version = suggestion_model_train()
        except errors.DomainError as error:
            raise CommandError(error.message) from None
        score = "—" if version.holdout_macro_f1 is None else f"{version.holdout_macro_f1:.4f}"
        self.stdout.write(f"model v{version.number}: {version.sample_count} requests, "
                          f"{len(version.labels)} categories, held-out macro-F1 {score}, "
                          f"{version.size_bytes / 1e6:.1f} MB")
