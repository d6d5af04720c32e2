"""Train the suggestion pipeline on one CSV and measure it on another (columns title, body,
label): accuracy, macro-F1, F1 per label and messages per second, one at a time as intake asks.
The last line is `macro_f1=<value>`."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shiliu.insights.classifier import TextClassifier, macro_f1, text_of


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"body", "label"} <= set(reader.fieldnames):
                raise CommandError(f"{path}: the columns title, body and label are needed")
            rows = [r for r in reader if (r.get("body") or r.get("title") or "").strip() and r.get("label")]
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None
    if not rows:
        raise CommandError(f"{path}: no labelled rows")
    return [text_of(r.get("title") or "", r.get("body") or "") for r in rows], [r["label"].strip() for r in rows]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--train", type=Path, required=True)
        parser.add_argument("--test", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        train_texts, train_labels = read_labelled(options["train"])
        test_texts, test_labels = read_labelled(options["test"])
        if len(set(train_labels)) < 2:
            raise CommandError("the training file needs at least two labels")
        started = time.perf_counter()
        model = TextClassifier().fit(train_texts, train_labels)
        trained = time.perf_counter() - started
        started = time.perf_counter()
        guessed = [model.predict([text])[0].label for text in test_texts]
        per_second = len(test_texts) / max(time.perf_counter() - started, 1e-9)
        score, per_label = macro_f1(test_labels, guessed)
        accuracy = sum(t == g for t, g in zip(test_labels, guessed, strict=True)) / len(test_labels)
        self.stdout.write(f"trained on {len(train_texts)} messages in {trained:.1f} s; "
                          f"tested on {len(test_texts)}")
        self.stdout.write(f"accuracy={accuracy:.4f}")
        for label, f1 in per_label.items():
            self.stdout.write(f"f1[{label}]={f1:.4f}")
        self.stdout.write(f"messages_per_second={per_second:.1f}")
        self.stdout.write(f"macro_f1={score:.4f}")
