"""Residence declarations on the web: the resident's pages (declare, follow, correct, move out,
the PDF receipt) and the community staff's queue and detail. Thin views: fetch through the
selectors (404 outside one's reach), bind a form, call one service, render or redirect."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shiliu.core import errors, links
from shiliu.core.pdf import qr_data_uri
from shiliu.privacy import services as privacy_services
from shiliu.privacy.models import Purpose
from shiliu.privacy.views import resident_required
from shiliu.residence import receipts, selectors, services, workflow
from shiliu.residence.forms import (
    DeclarationForm,
    MemberFormSet,
    MoveOutForm,
    NewDeclarationForm,
    ReturnForm,
    member_initial,
    members_of,
    show_error,
)
from shiliu.residence.models import Declaration
from shiliu.residence.workflow import Status

logger = logging.getLogger("shiliu.residence")


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _page_url(request: HttpRequest, declaration: Declaration) -> str:
    return links.site_url(request) + reverse("residence:declaration-detail", args=[declaration.reference])


# --- The resident ----------------------------------------------------------------------------------

@resident_required
@require_http_methods(["GET", "POST"])
@never_cache
def declare(request: HttpRequest) -> HttpResponse:
    agreed = privacy_services.consent_active(Purpose.RESIDENCE_DECLARATION, user=request.user)  # type: ignore[arg-type]
    form = NewDeclarationForm(request.POST or None, already_agreed=agreed)
    members = MemberFormSet(request.POST or None, prefix="members")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and members.is_valid():
            try:
                declaration = services.declaration_submit(
                    request.user,  # type: ignore[arg-type]
                    **form.declaration_kwargs(), members=members_of(members), consents=form.consents(),
                    language=_language(), http_request=request)
            except errors.DomainError as error:
                show_error(form, members, error)
                status = errors.status_for(error)
            else:
                messages.success(request, _("Your declaration %(reference)s was sent to your community.")
                                 % {"reference": declaration.reference})
                return redirect(declaration.get_absolute_url())
    return render(request, "residence/declare.html",
                  {"form": form, "members": members, "agreed": agreed}, status=status)


@resident_required
@require_GET
@never_cache
def declaration_list(request: HttpRequest) -> HttpResponse:
    return render(request, "residence/declaration_list.html",
                  {"declarations": selectors.declarations_for_resident(request.user)})


@resident_required
@require_GET
@never_cache
def declaration_detail(request: HttpRequest, reference: str) -> HttpResponse:
    declaration = selectors.resident_declaration_get(user=request.user, reference=reference)
    events = list(declaration.events.all())
    return render(request, "residence/declaration_detail.html", {
        **receipts.receipt_context(declaration),
        "events": events, "latest": events[-1] if events else None,
        "can_correct": workflow.may(request.user, "resubmit", declaration),
        "can_move_out": workflow.may(request.user, "move_out", declaration),
        "move_out_form": MoveOutForm(initial={"moved_out_on": timezone.localdate()}),
        "qr": qr_data_uri(_page_url(request, declaration)),
    })


@resident_required
@require_http_methods(["GET", "POST"])
@never_cache
def declaration_correct(request: HttpRequest, reference: str) -> HttpResponse:
    declaration = selectors.resident_declaration_get(user=request.user, reference=reference)
    if not workflow.may(request.user, "resubmit", declaration):
        messages.error(request, _("This declaration cannot be changed now."))
        return redirect(declaration.get_absolute_url())
    form = DeclarationForm(request.POST or None, initial=DeclarationForm.initial_for(declaration))
    members = MemberFormSet(request.POST or None, prefix="members", initial=member_initial(declaration))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and members.is_valid():
            try:
                services.declaration_resubmit(
                    request.user, declaration=declaration,  # type: ignore[arg-type]
                    **form.declaration_kwargs(), members=members_of(members), http_request=request)
            except errors.DomainError as error:
                show_error(form, members, error)
                status = errors.status_for(error)
            else:
                messages.success(request, _("Your corrected declaration was sent again."))
                return redirect(declaration.get_absolute_url())
    return render(request, "residence/declare.html",
                  {"form": form, "members": members, "declaration": declaration}, status=status)


@resident_required
@require_POST
def declaration_move_out(request: HttpRequest, reference: str) -> HttpResponse:
    declaration = selectors.resident_declaration_get(user=request.user, reference=reference)
    form = MoveOutForm(request.POST)
    if not form.is_valid():
        for error_list in form.errors.values():
            for message in error_list:
                messages.error(request, str(message))
        return redirect(declaration.get_absolute_url())
    try:
        services.declaration_move_out(request.user, declaration=declaration,  # type: ignore[arg-type]
                                      moved_out_on=form.cleaned_data["moved_out_on"])
    except errors.DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("We recorded that you moved out. Thank you for telling us."))
    return redirect(declaration.get_absolute_url())


@resident_required
@require_GET
def declaration_receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The PDF receipt in the language of the page; a clear page, not a 500, when the server
    cannot draw PDFs."""
    declaration = selectors.resident_declaration_get(user=request.user, reference=reference)
    try:
        content = receipts.render_receipt(declaration, page_url=_page_url(request, declaration),
                                          language=_language())
    except receipts.ReceiptUnavailable as error:
        logger.warning("residence receipt unavailable: %s", error)
        return render(request, "residence/receipt_unavailable.html", {"declaration": declaration}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{declaration.reference}.pdf"'
    return response


# --- Community staff -----------------------------------------------------------------------------------

@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("status", Status.SUBMITTED)
    if chosen not in {"", *Status.values}:
        chosen = Status.SUBMITTED
    declarations = selectors.declaration_queue(user=request.user, status=chosen)  # type: ignore[arg-type]
    page = Paginator(declarations, 25).get_page(request.GET.get("page"))
    counts = selectors.declaration_counts(user=request.user)  # type: ignore[arg-type]
    return render(request, "residence/staff_queue.html", {
        "page": page, "chosen": chosen,
        "statuses": [(value, label, counts[value]) for value, label in Status.choices],
    })


@require_GET
@never_cache
def staff_detail(request: HttpRequest, reference: str) -> HttpResponse:
    declaration = selectors.declaration_get(user=request.user, reference=reference,  # type: ignore[arg-type]
                                            http_request=request)
    return _staff_page(request, declaration)


def _staff_page(request: HttpRequest, declaration: Declaration, *, status: int = 200,
                return_form: ReturnForm | None = None, move_out_form: MoveOutForm | None = None) -> HttpResponse:
    verbs = {t.verb for t in workflow.allowed_verbs(request.user, declaration)}
    response = render(request, "residence/staff_detail.html", {
        "declaration": declaration, "events": declaration.events.all(), "verbs": verbs,
        "return_form": return_form or ReturnForm(),
        "move_out_form": move_out_form or MoveOutForm(initial={"moved_out_on": timezone.localdate()}),
    }, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def staff_act(request: HttpRequest, reference: str, verb: str) -> HttpResponse:
    if verb not in {"confirm", "return", "move_out"}:
        raise Http404
    declaration = selectors.declaration_get(user=request.user, reference=reference,  # type: ignore[arg-type]
                                            http_request=request)
    forms: dict[str, Any] = {}
    try:
        if verb == "confirm":
            services.declaration_confirm(request.user, declaration=declaration)  # type: ignore[arg-type]
            messages.success(request, _("Declaration confirmed. The resident is told."))
        elif verb == "return":
            form = ReturnForm(request.POST)
            forms["return_form"] = form
            if not form.is_valid():
                return _staff_page(request, declaration, status=400, **forms)
            services.declaration_return(request.user, declaration=declaration,  # type: ignore[arg-type]
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("Declaration returned. The resident is told what to correct."))
        else:
            move_form = MoveOutForm(request.POST)
            forms["move_out_form"] = move_form
            if not move_form.is_valid():
                return _staff_page(request, declaration, status=400, **forms)
            services.declaration_move_out(request.user, declaration=declaration,  # type: ignore[arg-type]
                                          moved_out_on=move_form.cleaned_data["moved_out_on"])
            messages.success(request, _("Moving out recorded."))
    except errors.DomainError as error:
        messages.error(request, error.message)
        return _staff_page(request, declaration, status=errors.status_for(error), **forms)
    return redirect("residence:staff-detail", reference=declaration.reference)
