"""The knowledge base on the portal (search, an article, "did this answer it?", suggestions while
a consultation is typed) and on the workbench (search, answer a request by citing an article)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shiliu.core import errors, limits
from shiliu.knowledge import selectors, services
from shiliu.knowledge.forms import ArticleSearchForm, CiteForm
from shiliu.service_requests import selectors as request_selectors
from shiliu.service_requests.models import Category, RequestType


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _search(request: HttpRequest, *, staff: bool) -> tuple[ArticleSearchForm, list[selectors.Found]]:
    form = ArticleSearchForm(request.GET or None)
    found: list[selectors.Found] = []
    if form.is_valid():
        found = selectors.article_search(query=form.cleaned_data["q"] or "",
                                         category=form.cleaned_data["category"], staff=staff)
    elif not request.GET:
        found = selectors.article_search(staff=staff)
    return form, found


@require_GET
def portal_list(request: HttpRequest) -> HttpResponse:
    form, found = _search(request, staff=False)
    return render(request, "knowledge/portal_list.html",
                  {"form": form, "found": found, "language": _language()})


@require_GET
def article(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = selectors.article_get(pk=pk)
    return render(request, "knowledge/portal_article.html", {"article": chosen, "language": _language(),
                  "translated": chosen.has_translation(_language())})


@require_POST
@limits.rate_limited("portal_intake")
def answered(request: HttpRequest, pk: int) -> HttpResponse:
    """"Did this answer it?" Yes: the consultation ends without a request, and is counted."""
    chosen = selectors.article_get(pk=pk)
    try:
        services.self_answer_record(article=chosen, language=_language())
    except errors.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you. We are glad the answer helped; nothing more needs sending."))
    return redirect("knowledge:portal-list")


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """The report form's htmx fragment: articles for the consultation being typed."""
    found: list[selectors.Found] = []
    if request.GET.get("request_type") == RequestType.CONSULT:
        category = Category.objects.filter(pk=request.GET.get("category") or 0).first() if (
            (request.GET.get("category") or "").isdigit()) else None
        found = selectors.article_suggest(text=request.GET.get("description", "")[:2000], category=category)
    return render(request, "knowledge/_suggestions.html", {"found": found, "language": _language()})


@require_GET
def workbench_list(request: HttpRequest) -> HttpResponse:
    form, found = _search(request, staff=True)
    return render(request, "knowledge/workbench_list.html",
                  {"form": form, "found": found, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
def cite(request: HttpRequest, reference: str) -> HttpResponse:
    """Answer a request being handled by citing an article: its answer and link go in the reply."""
    service_request = request_selectors.request_get(user=request.user, reference=reference,  # type: ignore[arg-type]
                                                    action="view")
    form = CiteForm(request.POST or None, category=service_request.category)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.consultation_answer(
                    actor=request.user, service_request=service_request,  # type: ignore[arg-type]
                    article=form.cleaned_data["article"], note=form.cleaned_data["note"],
                    http_request=request)
            except errors.DomainError as error:
                form.add_error(None, error.message)
                status = errors.status_for(error)
            else:
                messages.success(request, _("Answered by citing the article."))
                return redirect("service_requests:workbench-detail", reference=service_request.reference)
        else:
            status = 400
    return render(request, "knowledge/workbench_cite.html", {"form": form, "sr": service_request},
                  status=status)
