"""The staff workbench: a queue scoped to the user's units, a detail page with every allowed
action, bulk dispatch, entry on a resident's behalf, and the supervisors' list.

Who may open each page is the permission map (`core.access`); which requests they see is the
request policy, through the selectors.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shiliu.core import access, permissions
from shiliu.org.models import OrgUnit
from shiliu.privacy import crypto
from shiliu.privacy.masking import mask_phone
from shiliu.service_requests import selectors, services, workflow
from shiliu.service_requests.forms import (
    ACTION_FORMS,
    BulkDispatchForm,
    PhoneSearchForm,
    QueueFilterForm,
    RevealForm,
    StaffRequestForm,
)
from shiliu.service_requests.models import ServiceRequest
from shiliu.service_requests.permissions import REVEAL
from shiliu.service_requests.views.portal import map_context

ERROR_STATUS = {
    workflow.InvalidInput: 400,
    workflow.NotAllowed: 403,
    workflow.InvalidTransition: 409,
    workflow.Conflict: 409,
}


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
    page = Paginator(selectors.request_queue(user=request.user, filters=filters), 50).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    can_dispatch = access.may_open(request.user, "service_requests:workbench-bulk-dispatch")
    context = {"filter_form": filter_form, "page": page,
               "bulk_form": BulkDispatchForm(actor=request.user),  # type: ignore[arg-type]
               "can_dispatch": can_dispatch}
    template = "service_requests/workbench_queue.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#queue-table"
    return render(request, template, context)


def supervision(request: HttpRequest) -> HttpResponse:
    requests = selectors.supervision_list(user=request.user)  # type: ignore[arg-type]
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(request, "service_requests/workbench_supervision.html", {"page": page})


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    service_request = selectors.request_get(user=request.user, reference=reference)  # type: ignore[arg-type]
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
    context = {
        "sr": service_request,
        "timeline": selectors.request_timeline(request=service_request, public_only=False),
        "actions": actions,
        "attachments": service_request.attachments.all(),
        "pending_extension": service_request.extensions.filter(decision="pending").first(),
        "can_reveal": permissions.policy_for(ServiceRequest).allows(request.user, REVEAL, service_request),
        "reveal_form": reveal_form or RevealForm(),
        "revealed": revealed,
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
                              status=ERROR_STATUS.get(type(error), 400))
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
    form = form_class(request.POST, request=service_request, actor=request.user, prefix=verb)  # type: ignore[arg-type]
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _render_detail(request, service_request, bound=form, status=400)
    try:
        form.perform(request.user)  # type: ignore[arg-type]
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        service_request.refresh_from_db()
        return _render_detail(request, service_request, status=ERROR_STATUS.get(type(error), 400))
    messages.success(request, _("Done: %(action)s.") % {"action": workflow.TRANSITIONS[verb].label})
    if not permissions.visible_to(request.user, ServiceRequest).filter(pk=service_request.pk).exists():
        return redirect("service_requests:workbench")  # handed out of sight (a transfer sent back)
    return redirect("service_requests:workbench-detail", reference=service_request.reference)


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
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Request %(reference)s recorded.") % {"reference": created.reference})
            return redirect("service_requests:workbench-detail", reference=created.reference)
    status = 400 if request.method == "POST" else 200
    return render(request, "service_requests/workbench_enter.html", {"form": form, **map_context()},
                  status=status)
