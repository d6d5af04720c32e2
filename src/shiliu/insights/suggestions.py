"""Category suggestion for a request's text, from the newest trained model version.

The model of a version is loaded once per process (a version never changes once stored); each
suggestion asks the database which version is newest, one indexed row, so a retrained model is
used by every process from its next request on.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

from shiliu.core import config
from shiliu.insights.classifier import TextClassifier, unpack
from shiliu.insights.models import ModelVersion
from shiliu.service_requests.models import RequestType
from shiliu.service_requests.selectors import intake_category

if TYPE_CHECKING:
    from shiliu.service_requests.models import Category

MAX_TEXT = 2_000  # what a suggestion reads of a description


def threshold() -> float:
    """Above it the form chooses the suggested category for the person (and says so)."""
    return float(settings.SHILIU_SUGGESTION_THRESHOLD)


@dataclass(frozen=True)
class Suggested:
    category: Category | None
    request_type: str
    confidence: float
    version: ModelVersion | None

    @property
    def prefill(self) -> bool:
        return self.category is not None and self.confidence >= threshold()


NOTHING = Suggested(category=None, request_type="", confidence=0.0, version=None)


@lru_cache(maxsize=2)
def _models(version_pk: int) -> dict[str, TextClassifier]:
    data = ModelVersion.objects.values_list("data", flat=True).get(pk=version_pk)
    return unpack(bytes(data))


def newest_version() -> ModelVersion | None:
    """The model in use: part of the cached configuration (`core.config`, a new version is a
    configuration change), so intake reads no model row."""
    return config.cached("insights.newest_version",
                         lambda: ModelVersion.objects.defer("data").order_by("-number").first())


def suggest(text: str) -> Suggested:
    """The category (an active sub-category) and type the newest model suggests for `text`, with
    its confidence; NOTHING when no model is trained yet or the text is empty."""
    text = (text or "").strip()[:MAX_TEXT]
    version = newest_version()
    if not text or version is None:
        return NOTHING
    models = _models(version.pk)
    best = models["category"].predict([text])[0]
    category = intake_category(best.label)
    request_type = ""
    if "request_type" in models:
        guessed = models["request_type"].predict([text])[0].label
        request_type = guessed if guessed in RequestType.values else ""
    if category is None:  # a category retired since training: suggest nothing
        return Suggested(category=None, request_type=request_type, confidence=0.0, version=version)
    return Suggested(category=category, request_type=request_type, confidence=best.confidence,
                     version=version)
