from __future__ import annotations

from datetime import date

from django import template

from shiliu.core.fields import translated
from shiliu.knowledge.models import Article

register = template.Library()


@register.simple_tag
def in_language(article: Article, field: str, language: str) -> str:
    """The article's `field` in `language`, else in the default language."""
    return translated(article, field, language)


@register.filter
def has_translation(article: Article, language: str) -> bool:
    return article.has_translation(language)


@register.filter
def valid_on(article: Article, day: date) -> bool:
    return article.is_valid_on(day)
