"""The staff workbench: a queue scoped to the user's units, a detail page with every allowed
action, bulk dispatch, entry on a resident's behalf, and the supervisors' list.

Who may open each page is the permission map (`core.access`); which requests they see is the
request policy, through the selectors.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shiliu.core import access, errors, limits, permissions
from shiliu.core.masking import mask_phone
from shiliu.core.pagination import BadCursor, Key, KeysetPage, keyset_page
from shiliu.org.models import OrgUnit
from shiliu.privacy import crypto
from shiliu.privacy import selectors as privacy_selectors
from shiliu.privacy.models import Purpose
from shiliu.privacy.services import consent_active
from shiliu.service_requests import duplicates, panels, receipts, search, selectors, services, workflow
from shiliu.service_requests.forms import (
    ACTION_FORMS,
    AcceptAndDispatchForm,
    BulkDispatchForm,
    KeepsPhoto,
    PhoneSearchForm,
    QueueFilterForm,
    RevealForm,
    StaffRequestForm,
)
from shiliu.service_requests.models import Attachment, ServiceRequest
from shiliu.service_requests.permissions import REVEAL
from shiliu.service_requests.views import rows
from shiliu.service_requests.views.portal import map_context

PAGE_SIZE = 50


def _page(request: HttpRequest, requests: QuerySet[ServiceRequest],
          order: tuple[Key, ...]) -> KeysetPage[ServiceRequest]:
    """A keyset page (`?after=`): no COUNT, no OFFSET, whatever the size of the table. A cursor
    that is not ours shows the first page."""
    try:
        return keyset_page(requests, order, cursor=request.GET.get("after"), size=PAGE_SIZE)
    except BadCursor:
        return keyset_page(requests, order, cursor=None, size=PAGE_SIZE)


def queue(request: HttpRequest) -> HttpResponse:
    # With no status chosen the queue shows what still needs work, on every page ("All" is an
    # explicit empty status).
    chosen = request.GET.copy()
    chosen.setdefault("status", "open")
    filter_form = QueueFilterForm(chosen)
    filters = selectors.QueueFilters(status="open")
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = selectors.QueueFilters(
            status=data["status"], category=data["category"].pk if data["category"] else None,
            channel=data["channel"], overdue=data["overdue"], due_soon=data["due_soon"], query=data["q"],
            language=data["language"],
        )
    found = None
    if filters.query:
        # A search is ranked by relevance: its best PAGE_SIZE matches, highlighted.
        found = selectors.request_search(user=request.user, filters=filters, size=PAGE_SIZE)  # type: ignore[arg-type]
        page = KeysetPage(object_list=found.rows, next_cursor=None, is_first=True)
        for sr in page:
            sr.search_snippet = search.highlight(sr.description, filters.query)  # type: ignore[attr-defined]
    else:
        requests = selectors.request_queue(user=request.user, filters=filters)  # type: ignore[arg-type]
        page = _page(request, selectors.listed(requests),
                     selectors.QUEUE_ORDER)
    can_dispatch = access.may_open(request.user, "service_requests:workbench-bulk-dispatch")
    context = {"filter_form": filter_form, "page": page, "rows": rows.queue_rows(page), "found": found,
               "bulk_form": BulkDispatchForm(actor=request.user),  # type: ignore[arg-type]
               "can_dispatch": can_dispatch}
    template = "service_requests/workbench_queue.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#queue-table"
    return render(request, template, context)


def to_accept(request: HttpRequest) -> HttpResponse:
    """The dispatcher's list of new requests to accept, the nearest accept deadline first."""
    requests = selectors.to_accept_list(user=request.user)  # type: ignore[arg-type]
    page = _page(request, selectors.listed(requests),
                 selectors.TO_ACCEPT_ORDER)
    return render(request, "service_requests/workbench_to_accept.html",
                  {"page": page, "rows": rows.to_accept_rows(page)})


@require_POST
def accept_dispatch(request: HttpRequest, reference: str) -> HttpResponse:
    """Accept and dispatch in one step; the form's unit defaults to the suggested one."""
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    form = AcceptAndDispatchForm(request.POST, request=service_request, actor=request.user,
                                 prefix=AcceptAndDispatchForm.verb)
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _render_detail(request, service_request, bound=form, status=400)
    try:
        form.perform(request.user)  # type: ignore[arg-type]
    except workflow.WorkflowError as error:
        return _refused(request, service_request, form, "accept", error)
    messages.success(request, _("%(reference)s accepted and dispatched to %(unit)s.")
                     % {"reference": service_request.reference, "unit": form.cleaned_data["unit"]})
    if request.POST.get("next") == "to-accept":
        return redirect("service_requests:workbench-to-accept")
    return redirect("service_requests:workbench-detail", reference=service_request.reference)


def supervision(request: HttpRequest) -> HttpResponse:
    requests = selectors.supervision_list(user=request.user)  # type: ignore[arg-type]
    page = _page(request, selectors.listed(requests), selectors.SUPERVISION_ORDER)
    return render(request, "service_requests/workbench_supervision.html",
                  {"page": page, "rows": rows.supervision_rows(page)})


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    services.service_request_read_record(actor=request.user, service_request=service_request,  # type: ignore[arg-type]
                                         channel="workbench", http_request=request)
    return _render_detail(request, service_request)


def _render_detail(
    request: HttpRequest, service_request: ServiceRequest, bound: Any = None, status: int = 200,
    reveal_form: RevealForm | None = None, revealed: dict[str, Any] | None = None,
) -> HttpResponse:
    actions = []
    for transition in workflow.allowed_verbs(request.user, service_request):  # type: ignore[arg-type]
        form_class = ACTION_FORMS.get(transition.verb)
        if form_class is None:
            continue
        form = bound if bound is not None and bound.verb == transition.verb else form_class(
            request=service_request, actor=request.user, prefix=transition.verb  # type: ignore[arg-type]
        )
        actions.append({"verb": transition.verb, "label": transition.label, "form": form})
    photos = selectors.request_photos(request=service_request)
    accept_dispatch_form = None
    if workflow.may(request.user, "accept", service_request):  # type: ignore[arg-type]
        verb = AcceptAndDispatchForm.verb
        accept_dispatch_form = bound if bound is not None and bound.verb == verb else AcceptAndDispatchForm(
            request=service_request, actor=request.user, prefix=verb)
    context = {
        "accept_dispatch_form": accept_dispatch_form,
        "sr": service_request,
        "timeline": selectors.request_timeline(request=service_request, public_only=False),
        "actions": actions,
        "attachments": [a for a in photos if a.kind == Attachment.Kind.REQUEST],
        "reply_photos": [a for a in photos if a.kind == Attachment.Kind.REPLY],
        "pending_extension": service_request.extensions.filter(decision="pending").first(),
        "pending_claims": privacy_selectors.request_claims_pending(service_request=service_request),
        "can_reveal": permissions.policy_for(ServiceRequest).allows(request.user, REVEAL, service_request),
        "reveal_form": reveal_form or RevealForm(),
        "revealed": revealed,
        "standard_replies": selectors.standard_replies(
            request=service_request, language=service_request.language or settings.LANGUAGE_CODE)
        if any(action["verb"] == "resolve" for action in actions) else [],
        "panels": panels.WORKBENCH_DETAIL,
        "may_resolve": any(action["verb"] == "resolve" for action in actions),
        "merge_suggestions": [
            {"request": like.request, "reason": duplicates.reason(like),
             "excerpt": search.highlight(like.request.description, " ".join(like.words), width=80)}
            for like in selectors.merge_suggestions(user=request.user, request=service_request)  # type: ignore[arg-type]
        ] if any(action["verb"] == "merge" for action in actions) else [],
        "no_speaker_in_grid": (
            service_request.is_open and service_request.assigned_to_id is None
            and service_request.assigned_unit is not None
            and service_request.assigned_unit.kind == OrgUnit.Kind.GRID
        ),
    }
    return render(request, "service_requests/workbench_detail.html", context, status=status)


@require_POST
@never_cache
def reveal(request: HttpRequest, reference: str) -> HttpResponse:
    """Show one personal field in full, once, in this response only (never cached, not kept in
    the page: reloading the detail page shows it masked again)."""
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    form = RevealForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, service_request, reveal_form=form, status=400)
    field = form.cleaned_data["field"]
    try:
        value = services.service_request_reveal(
            actor=request.user, service_request=service_request, field=field,  # type: ignore[arg-type]
            reason=form.cleaned_data["reason"], http_request=request,
        )
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return _render_detail(request, service_request, reveal_form=form,
                              status=errors.status_for(error))
    label = services.REVEALABLE_FIELDS[field][1]
    return _render_detail(request, service_request, revealed={"label": label, "value": value})


@require_http_methods(["GET", "POST"])
@never_cache
def find_by_phone(request: HttpRequest) -> HttpResponse:
    """Find requests by a resident's exact phone number (blind index; audited). POST keeps the
    number out of addresses, browser history and access logs."""
    form = PhoneSearchForm(request.POST or None)
    results, searched = None, ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                results = services.service_request_find_by_phone(
                    actor=request.user, phone=phone, http_request=request,  # type: ignore[arg-type]
                )
            except workflow.WorkflowError as error:
                form.add_error("phone", error.message)
                status = 400
            else:
                # The number is not echoed back into the page: a fresh form, the number masked.
                form, searched = PhoneSearchForm(), mask_phone(crypto.normalise_phone(phone))
        else:
            status = 400
    return render(request, "service_requests/workbench_find_by_phone.html",
                  {"form": form, "results": results, "searched": searched}, status=status)


@require_POST
def act(request: HttpRequest, reference: str, verb: str) -> HttpResponse:
    """Perform one workflow verb; a refusal re-renders the page with the reason, never a 500."""
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    form_class = ACTION_FORMS.get(verb)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES, request=service_request, actor=request.user,  # type: ignore[arg-type]
                      prefix=verb)
    if not form.is_valid():
        if isinstance(form, KeepsPhoto):
            form.keep_photo()
        messages.error(request, _("Please correct the errors below."))
        return _render_detail(request, service_request, bound=form, status=400)
    try:
        form.perform(request.user)  # type: ignore[arg-type]
    except workflow.WorkflowError as error:
        return _refused(request, service_request, form, verb, error)
    if isinstance(form, KeepsPhoto):
        form.discard_kept_photo()
    messages.success(request, _("Done: %(action)s.") % {"action": workflow.TRANSITIONS[verb].label})
    if not permissions.visible_to(request.user, ServiceRequest).filter(pk=service_request.pk).exists():
        return redirect("service_requests:workbench")  # handed out of sight (a transfer sent back)
    return redirect("service_requests:workbench-detail", reference=service_request.reference)


def _refused(
    request: HttpRequest, service_request: ServiceRequest, form: Any, verb: str, error: workflow.WorkflowError
) -> HttpResponse:
    """A refused action: the reason inside its own form, opened, when the action is still on offer;
    at the top of the page when it is not any more (another writer won, the state moved on)."""
    service_request.refresh_from_db()
    form.add_error(None, error.message)
    if not workflow.may(request.user, verb, service_request):  # type: ignore[arg-type]
        messages.error(request, error.message)
    return _render_detail(request, service_request, bound=form, status=errors.status_for(error))


@require_POST
def bulk_dispatch(request: HttpRequest) -> HttpResponse:
    form = BulkDispatchForm(request.POST, actor=request.user)  # type: ignore[arg-type]
    references = request.POST.getlist("references")
    if not form.is_valid() or not references:
        messages.error(request, _("Choose at least one request to dispatch."))
        return redirect("service_requests:workbench")
    chosen = list(permissions.visible_to(request.user, ServiceRequest).filter(reference__in=references)
                  .select_related("category", "jurisdiction", "assigned_unit", "routed_unit"))
    done, failed = services.service_request_bulk_dispatch(
        actor=request.user, requests=chosen, unit=form.cleaned_data["unit"]  # type: ignore[arg-type]
    )
    if done:
        messages.success(request, _("%(count)d request(s) dispatched.") % {"count": len(done)})
    for failed_request, reason in failed:
        messages.error(request, f"{failed_request.reference}: {reason}")
    return redirect("service_requests:workbench")


@require_http_methods(["GET", "POST"])
def enter_on_behalf(request: HttpRequest) -> HttpResponse:
    """A grid worker or counter clerk records a request for a resident (visit, phone, counter)."""
    form = StaffRequestForm(request.POST or None, request.FILES or None,
                            initial={"language": settings.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.service_request_submit(
                actor=request.user, channel=form.cleaned_data["channel"],  # type: ignore[arg-type]
                language=form.cleaned_data["language"], **form.submit_kwargs(),
            )
        except errors.DomainError as error:
            form.add_error(None, error.message)
            status = errors.status_for(error)
        else:
            form.discard_kept_photo()
            entered = request.session.get(ENTERED_KEY, [])[-(ENTERED_KEPT - 1):]
            request.session[ENTERED_KEY] = [*entered, created.reference]
            messages.success(request, _("Request %(reference)s recorded.") % {"reference": created.reference})
            return redirect("service_requests:workbench-entered", reference=created.reference)
    else:
        status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        form.keep_photo()
    return render(request, "service_requests/workbench_enter.html", {"form": form, **map_context(request.user)},
                  status=status)


@require_POST
def claim_confirm(request: HttpRequest, reference: str, claim: int) -> HttpResponse:
    """A staff member in scope confirms, from the request's detail page, that a resident's claim
    is right (they checked who the resident is); anyone else gets 404."""
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    pending = privacy_selectors.request_claims_pending(service_request=service_request).filter(pk=claim).first()
    if pending is None:
        raise Http404
    try:
        services.service_request_claim_staff_confirm(actor=request.user, claim=pending,  # type: ignore[arg-type]
                                                     request=request)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The request was added to the resident's account."))
    return redirect("service_requests:workbench-detail", reference=reference)


# The references a staff member entered in this session: the page after entry (private link,
# QR code, text message) opens only for them, and only in the session that entered them.
ENTERED_KEY = "shiliu_entered"
ENTERED_KEPT = 20


def _just_entered(request: HttpRequest, reference: str) -> ServiceRequest:
    return selectors.request_just_entered(
        user=request.user, reference=reference, entered=request.session.get(ENTERED_KEY, []),  # type: ignore[arg-type]
    )


@never_cache
def entered(request: HttpRequest, reference: str, status: int = 200) -> HttpResponse:
    """The page after entry on a resident's behalf: the reference, the private tracking link as
    a QR code to show the resident, and a button that texts the link to them."""
    service_request = _just_entered(request, reference)
    link = service_request.tracking_url(service_request.language, request)
    context = {
        "sr": service_request,
        "link": link,
        "qr": receipts.qr_data_uri(link),
        "can_open": permissions.visible_to(request.user, ServiceRequest).filter(pk=service_request.pk).exists(),
        "can_text": bool(service_request.contact_phone) and consent_active(
            Purpose.FOLLOW_UP_CONTACT, service_request=service_request),
    }
    return render(request, "service_requests/workbench_entered.html", context, status=status)


@require_POST
@limits.rate_limited("send_link", account_bucket="send_link")
def send_link(request: HttpRequest, reference: str) -> HttpResponse:
    service_request = _just_entered(request, reference)
    try:
        services.service_request_send_tracking_link(
            actor=request.user, service_request=service_request, http_request=request,  # type: ignore[arg-type]
        )
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return entered(request, reference, status=errors.status_for(error))
    messages.success(request, _("The link was sent by text message to %(phone)s.")
                     % {"phone": service_request.masked_phone})
    return redirect("service_requests:workbench-entered", reference=reference)
