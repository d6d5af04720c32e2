from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from shiliu.knowledge import services
from shiliu.knowledge.models import Article, SelfAnswer


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    """Policy answers, entered per language side by side (the system administrator's duty)."""

    list_display = ["question", "category", "valid_from", "valid_until", "is_published", "updated_at"]
    list_filter = ["is_published", "category__parent", "valid_until"]
    search_fields = ["question", "answer", "source"]
    autocomplete_fields = ["category"]
    fields = ["question", "question_translations", "category", "answer", "answer_translations",
              "source", "source_url", "valid_from", "valid_until", "is_published"]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.article_index(article=obj)


@admin.register(SelfAnswer)
class SelfAnswerAdmin(admin.ModelAdmin[SelfAnswer]):
    list_display = ["created_at", "article", "category", "language"]
    list_filter = ["language", "category__parent"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
