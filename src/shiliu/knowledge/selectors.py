"""Reads of the knowledge base. Articles are public: residents see those published and in force
today, staff also the rest (to correct them); search uses the request search's character pairs,
so two-character words are found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from shiliu.knowledge.models import Article, SelfAnswer
from shiliu.service_requests import search
from shiliu.service_requests.models import Category

MAX_RESULTS = 50
MIN_SHARED = 2


def articles_in_force(*, today: date | None = None) -> QuerySet[Article]:
    today = today or timezone.localdate()
    return Article.objects.filter(is_published=True, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)).select_related("category")


@dataclass(frozen=True)
class Found:
    article: Article
    score: int  # how many times the query's terms occur in its text


def article_search(
    *, query: str = "", category: Category | None = None, staff: bool = False, today: date | None = None,
    limit: int = MAX_RESULTS,
) -> list[Found]:
    """Articles holding every term of `query` (all of them without one), the best first. With a
    category: its own articles, its parent's or children's, and the general ones."""
    articles = (Article.objects.select_related("category") if staff else articles_in_force(today=today))
    if category is not None:
        articles = articles.filter(Q(category=category) | Q(category__parent=category)
                                   | Q(category__isnull=True)
                                   | Q(category_id=category.parent_id or -1))
    terms = search.query_terms(query)
    if query.strip() and not terms:
        return []
    for term in terms:  # the text is stored with a space before and after every token
        articles = articles.filter(search_text__contains=f" {term} ")
    found = [Found(article, sum(article.search_text.count(f" {term} ") for term in terms))
             for article in articles[:500]]
    found.sort(key=lambda each: (-each.score, str(each.article), each.article.pk))
    return found[:limit]


def article_suggest(*, text: str, category: Category | None = None, limit: int = 3) -> list[Found]:
    """Articles for a consultation being typed: those sharing the most words (character pairs)
    with it, at least MIN_SHARED; any of its words may match, unlike a search."""
    terms = list(dict.fromkeys(token for token in search.tokens(text[:300]) if len(token) >= 2))
    if not terms:
        return []
    articles = articles_in_force()
    if category is not None:
        articles = articles.filter(Q(category=category) | Q(category__parent=category)
                                   | Q(category__isnull=True) | Q(category_id=category.parent_id or -1))
    found = []
    for article in articles[:500]:
        shared = sum(1 for term in terms if f" {term} " in article.search_text)
        if shared >= MIN_SHARED:
            found.append(Found(article, shared))
    found.sort(key=lambda each: (-each.score, each.article.pk))
    return found[:limit]


def article_get(*, pk: int, staff: bool = False) -> Article:
    """An article by id: residents only those in force (else 404), staff any."""
    articles = Article.objects.select_related("category") if staff else articles_in_force()
    try:
        return articles.get(pk=pk)
    except Article.DoesNotExist:
        raise Http404 from None


def self_answer_count(*, start: date, end: date) -> int:
    """Consultations answered by the knowledge base from `start` to `end` (local dates, both in)."""
    from datetime import datetime, time, timedelta

    zone = timezone.get_default_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    return SelfAnswer.objects.filter(created_at__gte=since, created_at__lt=until).count()
