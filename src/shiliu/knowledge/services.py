"""Every write of the knowledge base: the search text of an article, a consultation answered by
an article (counted, nothing about the resident kept), and a staff answer citing one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shiliu.core import errors
from shiliu.core.fields import translated
from shiliu.knowledge.models import Article, SelfAnswer
from shiliu.service_requests import search, workflow
from shiliu.service_requests.models import RequestEvent, ServiceRequest

if TYPE_CHECKING:
    from django.http import HttpRequest

    from shiliu.people.models import User


def article_search_text(article: Article) -> str:
    texts = [article.question, article.answer, *(article.question_translations or {}).values(),
             *(article.answer_translations or {}).values()]
    if article.category is not None:
        texts.append(str(article.category.name))
    # A space before and after every token, so that a term is found as " term " (selectors).
    return " " + " ".join(search.tokens(" ".join(str(text) for text in texts), characters=True)) + " "


def article_index(*, article: Article) -> Article:
    """Write the article's search text (called whenever it is saved: admin, demo, imports)."""
    article.search_text = article_search_text(article)
    Article.objects.filter(pk=article.pk).update(search_text=article.search_text)
    return article


def article_save(*, article: Article) -> Article:
    """Check and save an article, with its search text."""
    article.full_clean()
    with transaction.atomic():
        article.search_text = article_search_text(article)
        article.save()
    return article


def self_answer_record(*, article: Article, language: str, now: datetime | None = None) -> SelfAnswer:
    """A resident's "yes, this answered my question": the consultation ends here, no request is
    created; counted in the figures (知识库自助解答数)."""
    today = timezone.localdate(now) if now else timezone.localdate()
    if not article.is_published or not article.is_valid_on(today):
        raise errors.InvalidInput(_("This answer is no longer in force."))
    languages = {code for code, _name in settings.LANGUAGES}
    return SelfAnswer.objects.create(
        article=article, category=article.category,
        language=language if language in languages else settings.LANGUAGE_CODE,
        created_at=now or timezone.now())


def consultation_answer(
    *, actor: User, service_request: ServiceRequest, article: Article, note: str = "",
    http_request: HttpRequest | None = None, now: datetime | None = None,
) -> ServiceRequest:
    """Answer a consultation (or any request being handled) by citing an article: the reply is
    the handler's note, then the article's answer in the resident's language and its link; the
    timeline records which article was cited."""
    from shiliu.core.links import site_url

    today = timezone.localdate(now) if now else timezone.localdate()
    if not article.is_published or not article.is_valid_on(today):
        raise errors.InvalidInput(_("This article is not in force; cite one that is."))
    language = service_request.language or settings.LANGUAGE_CODE
    with translation.override(language):
        link = site_url(http_request) + article.get_absolute_url()
        reply = "\n\n".join(part for part in [
            note.strip(), translated(article, "question", language),
            translated(article, "answer", language),
            _("Source: %(source)s") % {"source": article.source},
            _("More: %(link)s") % {"link": link},
        ] if part)
    with transaction.atomic():
        resolved = workflow.resolve(service_request, actor=actor, reply=reply, reply_language=language,
                                    now=now)
        RequestEvent.objects.create(
            request=resolved, action="cite_article", from_status=resolved.status,
            to_status=resolved.status, actor=actor, actor_label=str(actor), kind="cite_article",
            params={"article": article.pk}, is_public=True, created_at=now or timezone.now())
    return resolved
