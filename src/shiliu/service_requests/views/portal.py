"""The resident portal: report a problem, follow it through its private link, rate the answer.

No account is needed: the private link is the resident's key to their request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from shiliu.notifications.services import tracking_url
from shiliu.org.models import OrgUnit
from shiliu.privacy import selectors as privacy_selectors
from shiliu.privacy import services as privacy_services
from shiliu.service_requests import receipts, selectors, services, workflow
from shiliu.service_requests.forms import RatingForm, RequestForm
from shiliu.service_requests.models import Channel

logger = logging.getLogger("shiliu.service_requests")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "service_requests/portal_home.html")


def map_context(user: object = None) -> dict[str, object]:
    """The map picker's data: every grid's boundary, and where the map opens: the grids of a
    staff member's units (`map_home`, south-west and north-east corners), else the whole city."""
    from shapely.geometry import shape

    from shiliu.core.permissions import INTAKE_ROLES

    active = OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, is_active=True).only("name", "boundary", "path")
    grids = [{"name": g.name, "boundary": g.boundary, "path": g.path} for g in active]
    paths = user.unit_paths(INTAKE_ROLES) if getattr(user, "is_authenticated", False) else []  # type: ignore[attr-defined]
    mine = [shape(g["boundary"]).bounds for g in grids
            if g["boundary"] and any(str(g["path"]).startswith(p) for p in paths)]
    home = None
    if mine:
        home = [[min(b[1] for b in mine), min(b[0] for b in mine)], [max(b[3] for b in mine), max(b[2] for b in mine)]]
    return {"map_grids": [{"name": g["name"], "boundary": g["boundary"]} for g in grids],
            "map_tiles": settings.SHILIU_MAP_TILES, "map_center": list(settings.SHILIU_MAP_CENTER),
            "map_home": home}


@require_http_methods(["GET", "POST"])
@never_cache
def submit(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.service_request_submit(
                actor=request.user if request.user.is_authenticated else None,
                channel=Channel.PORTAL, language=get_language() or settings.LANGUAGE_CODE,
                **form.submit_kwargs(),
            )
        except workflow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your request %(reference)s was received. Keep this page's address to follow it.")
                % {"reference": created.reference},
            )
            return redirect(created.tracking_path())
    status = 400 if request.method == "POST" else 200
    return render(request, "service_requests/portal_submit.html", {"form": form, **map_context()}, status=status)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    service_request = selectors.request_by_token(token=token)
    can_rate = workflow.may(None, "rate", service_request)
    form = RatingForm(request.POST or None) if can_rate else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This request cannot be rated now."))
            return redirect(service_request.tracking_path())
        if form.is_valid():
            try:
                form.perform(None, service_request)
            except workflow.WorkflowError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you for your rating."))
            return redirect(service_request.tracking_path())
        status = 400
    timeline = selectors.request_timeline(request=service_request, public_only=True)
    consents = privacy_services.consents_of(service_request=service_request)
    return render(
        request, "service_requests/portal_track.html",
        {"sr": service_request, "timeline": timeline, "form": form, "consents": consents,
         "can_claim": service_request.submitted_by_id is None and service_request.entered_by_id is None
         and privacy_selectors.is_resident(request.user),
         "notifications": selectors.request_notifications(request=service_request)},
        status=status,
    )


@require_GET
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF receipt in the resident's language; a clear page, not a 500, when the server
    cannot draw PDFs (fonts or WeasyPrint missing)."""
    service_request = selectors.request_by_token(token=token)
    try:
        pdf = receipts.render_receipt(
            service_request, tracking_url=tracking_url(service_request, service_request.language))
    except receipts.ReceiptUnavailable as error:
        logger.warning("PDF receipt unavailable: %s", error)
        return render(request, "service_requests/portal_receipt_unavailable.html",
                      {"sr": service_request}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{service_request.reference}.pdf"'
    return response
