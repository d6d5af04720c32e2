"""Per-language counts of the content residents read that is entered as data, not as catalogue
messages: categories, request types, communities, service points, privacy notices and standard
replies. The catalogues' own counts are `check_catalogues`'; this is the other half."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Model, QuerySet
from django.utils import translation


def _translated(rows: QuerySet[Model], field: str, language: str) -> int:
    if language == settings.LANGUAGE_CODE:
        return rows.exclude(**{field: ""}).count()
    return sum(1 for value in rows.values_list(f"{field}_translations", flat=True)
               if str((value or {}).get(language, "")).strip())


def content_counts() -> list[tuple[str, dict[str, tuple[int, int]]]]:
    """[(language, {kind: (translated, total)})] for every interface language."""
    category = apps.get_model("service_requests", "Category").objects.filter(is_active=True)
    communities = apps.get_model("org", "OrgUnit").objects.filter(kind="community", is_active=True)
    points = apps.get_model("org", "ServicePoint").objects.all()
    replies = apps.get_model("service_requests", "ReplyTemplate").objects.filter(is_active=True)
    notices = apps.get_model("privacy", "Notice").objects.filter(published_at__isnull=False)
    request_types = apps.get_model("service_requests", "ServiceRequest").request_type.field.choices
    current: dict[str, Any] = {}
    for notice in notices.order_by("purpose", "-version").prefetch_related("texts"):
        current.setdefault(notice.purpose, notice)
    with translation.override("en"):  # the source text of every label
        english = [str(label) for _value, label in request_types]
    counts = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # A request type is translated when its label differs from the English source (or
            # the language is English, the source itself).
            types = sum(1 for (_value, label), source in zip(request_types, english, strict=True)
                        if language == "en" or str(label) != source)
        counts.append((language, {
            "categories": (_translated(category, "name", language), category.count()),
            "request types": (types, len(request_types)),
            "communities": (_translated(communities, "name", language), communities.count()),
            "service points": (_translated(points, "name", language), points.count()),
            "notices": (sum(1 for n in current.values() if any(t.language == language for t in n.texts.all())),
                        len(current)),
            "standard replies": (_translated(replies, "body", language), replies.count()),
        }))
    return counts


class Command(BaseCommand):
    help = "Per-language counts of translated content (categories, notices, standard replies …)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = content_counts()
        kinds = list(counts[0][1]) if counts else []
        self.stdout.write("| language | " + " | ".join(kinds) + " |")
        self.stdout.write("| --- " * (len(kinds) + 1) + "|")
        for language, by_kind in counts:
            cells = [f"{done}/{total}" for done, total in by_kind.values()]
            self.stdout.write(f"| {language} | " + " | ".join(cells) + " |")
