"""`manage.py rotate_field_keys`: re-seal every encrypted value under the first key of
SHILIU_FIELD_KEYS, in batches, while the site keeps running.

Rotation: put the new key first in SHILIU_FIELD_KEYS and keep the old ones after it, restart,
run this command, then remove the old keys. Old keys keep decrypting meanwhile, so nothing stops.
Each value is replaced only if it still holds the ciphertext that was read (a conditional update),
so a concurrent edit is never overwritten; such a value was written under the new key anyway.
`--reindex` also recomputes the blind indexes, after SHILIU_BLIND_INDEX_KEY changed.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db.models import TextField
from django.db.models.functions import Cast
from tqdm import tqdm

from shiliu.privacy import crypto
from shiliu.privacy.fields import Ciphertext, blind_index_fields, encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current (first) field key, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--reindex", action="store_true",
                            help="Also recompute blind indexes (after SHILIU_BLIND_INDEX_KEY changed).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args: Any, **options: Any) -> None:
        batch, reindex, quiet = options["batch_size"], options["reindex"], options["no_progress"]
        for model in apps.get_models():
            for field in encrypted_fields(model):
                rotated, skipped = self.rotate_field(model, field.name, batch, quiet)
                self.stdout.write(f"{model._meta.label}.{field.name}: {rotated} re-encrypted, "
                                  f"{skipped} changed meanwhile")
            if reindex:
                for index in blind_index_fields(model):
                    count = self.reindex(model, index.name, index.source, index.kind, batch, quiet)
                    self.stdout.write(f"{model._meta.label}.{index.name}: {count} reindexed")

    def rotate_field(self, model: Any, name: str, batch: int, quiet: bool) -> tuple[int, int]:
        # Cast to plain text reads the stored ciphertext without decrypting it.
        rows = model._default_manager.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True})
        total = rows.count()
        rotated = skipped = 0
        last_pk: Any = None
        with tqdm(total=total, desc=f"{model._meta.label}.{name}", disable=quiet or not total,
                  file=self.stderr) as progress:
            while True:
                page = rows.order_by("pk")
                if last_pk is not None:
                    page = page.filter(pk__gt=last_pk)
                chunk = list(page.annotate(raw=Cast(name, TextField())).values_list("pk", "raw")[:batch])
                if not chunk:
                    break
                for pk, raw in chunk:
                    if not crypto.is_current(raw):
                        fresh = crypto.rotate(raw)
                        if model._default_manager.filter(pk=pk, **{name: Ciphertext(raw)}).update(
                            **{name: Ciphertext(fresh)}
                        ):
                            rotated += 1
                        else:
                            skipped += 1
                last_pk = chunk[-1][0]
                progress.update(len(chunk))
        return rotated, skipped

    def reindex(self, model: Any, name: str, source: str, kind: str, batch: int, quiet: bool) -> int:
        rows = model._default_manager.exclude(**{source: ""}).order_by("pk")
        count = 0
        with tqdm(total=rows.count(), desc=f"{model._meta.label}.{name}", disable=quiet,
                  file=self.stderr) as progress:
            for pk, value in rows.values_list("pk", source).iterator(chunk_size=batch):
                model._default_manager.filter(pk=pk).update(**{name: crypto.blind_index(value or "", kind=kind)})
                count += 1
                progress.update(1)
        return count
