"""The resident portal: report a problem, follow it through its private link, rate the answer.

No account is needed: the private link is the resident's key to their request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shiliu.core import errors, limits
from shiliu.core.masking import mask_phone
from shiliu.org.models import OrgUnit
from shiliu.privacy import selectors as privacy_selectors
from shiliu.privacy import services as privacy_services
from shiliu.privacy.forms import CodeForm
from shiliu.privacy.models import Purpose
from shiliu.service_requests import duplicates, panels, receipts, search, selectors, services, workflow
from shiliu.service_requests.forms import RatingForm, RequestForm
from shiliu.service_requests.models import Attachment, Channel

logger = logging.getLogger("shiliu.service_requests")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "service_requests/portal_home.html")


def map_context(user: object = None) -> dict[str, object]:
    """The map picker's data: every grid's boundary and name (in the reader's language), and where
    the map opens: the grids of a staff member's units (`map_home`, south-west and north-east
    corners), else the whole city."""
    from shapely.geometry import shape

    from shiliu.core.permissions import INTAKE_ROLES

    active = OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, is_active=True).only(
        "name", "name_translations", "boundary", "path")
    grids = [{"name": str(g), "boundary": g.boundary, "path": g.path} for g in active]
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
@limits.rate_limited("portal_intake", account_bucket="portal_intake_account")
def submit(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, request.FILES or None)
    alike: list[dict[str, object]] = []
    if request.method == "POST" and form.is_valid() and not request.POST.get("not_a_duplicate"):
        # Is it a problem already reported? Shown once, with only the public part of each.
        alike = [{"reference": like.request.reference, "category": like.request.category,
                  "status": like.request.get_status_display(),
                  "excerpt": search.highlight(duplicates.public_text(like.request), " ".join(like.words),
                                              width=80),
                  "follow": signing.dumps(like.request.pk, salt=FOLLOW_SALT)}
                 for like in services.service_request_draft_duplicates(**form.submit_kwargs())]
    if alike:
        status = 200
    elif request.method == "POST" and form.is_valid():
        try:
            created = services.service_request_submit(
                actor=request.user if request.user.is_authenticated else None,
                channel=Channel.PORTAL, language=get_language() or settings.LANGUAGE_CODE,
                **form.submit_kwargs(),
            )
        except errors.DomainError as error:
            form.add_error(None, error.message)
            status = errors.status_for(error)
        else:
            form.discard_kept_photo()
            messages.success(
                request,
                _("Your request %(reference)s was received. Keep this page's address to follow it.")
                % {"reference": created.reference},
            )
            return redirect(created.tracking_path())
    else:
        status = 400 if request.method == "POST" else 200
    if request.method == "POST":
        form.keep_photo()
    return render(request, "service_requests/portal_submit.html",
                  {"form": form, "alike": alike, "panels": panels.PORTAL_SUBMIT, **map_context()},
                  status=status)


FOLLOW_SALT = "shiliu.service_requests.follow"


@require_POST
@limits.rate_limited("portal_intake")
def follow(request: HttpRequest, signed: str) -> HttpResponse:
    """Follow an open request shown as the same problem, instead of sending a new one. The link is
    signed by the page that showed it, so no reference can be probed from here."""
    try:
        pk = signing.loads(signed, salt=FOLLOW_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        raise Http404 from None
    followed = selectors.request_public(pk=pk)
    try:
        services.service_request_follow(actor=request.user if request.user.is_authenticated else None,
                                        service_request=followed,
                                        language=get_language() or settings.LANGUAGE_CODE)
    except errors.DomainError as error:
        messages.error(request, error.message)
        return redirect("service_requests:portal-submit")
    return render(request, "service_requests/portal_followed.html", {"followed": followed})


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
    link = service_request.tracking_url(get_language() or service_request.language, request)
    consents = privacy_services.consents_of(service_request=service_request)
    photos = selectors.request_photos(request=service_request)
    return render(
        request, "service_requests/portal_track.html",
        {"sr": service_request, "timeline": timeline, "form": form, "consents": consents,
         "photos": [a for a in photos if a.kind == Attachment.Kind.REQUEST],
         "reply_photos": [a for a in photos if a.kind == Attachment.Kind.REPLY],
         "private_link": link, "private_link_qr": receipts.qr_data_uri(link),
         "can_claim": service_request.submitted_by_id is None and service_request.entered_by_id is None
         and privacy_selectors.is_resident(request.user),
         "notifications": selectors.request_notifications(request=service_request)},
        status=status,
    )


@require_POST
def consent_withdraw(request: HttpRequest, token: str, purpose: str) -> HttpResponse:
    """The holder of a request's private link withdraws one of its consents."""
    service_request = selectors.request_by_token(token=token)
    try:
        chosen = Purpose(purpose)
    except ValueError:
        raise Http404 from None
    actor = request.user if request.user.is_authenticated else None
    try:
        privacy_services.consent_withdraw(actor=actor, purpose=chosen, service_request=service_request,
                                          request=request)
    except privacy_services.PrivacyError as error:
        messages.error(request, error.message)
        return redirect(service_request.tracking_path())
    if chosen == Purpose.FOLLOW_UP_CONTACT:
        messages.success(request, _("Consent withdrawn. The name and phone number kept with this "
                                    "request were deleted."))
    else:
        messages.success(request, _("Consent withdrawn. The personal data of this request was deleted; "
                                    "the problem you reported stays on record without it."))
    return redirect(service_request.tracking_path())


CLAIM_LIMIT = "claim_code"


@require_POST
@limits.rate_limited(CLAIM_LIMIT, account_bucket=CLAIM_LIMIT)
def claim(request: HttpRequest, token: str) -> HttpResponse:
    """A signed-in resident holding the private link asks to add the request to their account: a
    code goes to its contact phone, or, without one, the claim waits for staff to confirm it."""
    if not privacy_selectors.is_resident(request.user):
        raise Http404
    service_request = selectors.request_by_token(token=token)
    try:
        claim = services.service_request_claim_start(actor=request.user,  # type: ignore[arg-type]
                                                     service_request=service_request, request=request)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect(service_request.tracking_path())
    if claim is None:
        return redirect(service_request.tracking_path())
    if claim.code_hash:
        return redirect("service_requests:portal-claim-confirm", token=token)
    messages.info(request, _("This request has no phone number to send a code to. Ask the staff who "
                             "handle it (at a service station, or when they call you) to confirm that "
                             "it is yours; it is then added to your account."))
    return redirect(service_request.tracking_path())


@require_http_methods(["GET", "POST"])
def claim_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Enter the code sent to the request's contact phone."""
    if not privacy_selectors.is_resident(request.user):
        raise Http404
    service_request = selectors.request_by_token(token=token)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_request_claim_confirm(actor=request.user,  # type: ignore[arg-type]
                                                   service_request=service_request,
                                                   code=form.cleaned_data["code"], request=request)
        except workflow.WorkflowError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("The request %(reference)s is now in your account.")
                             % {"reference": service_request.reference})
            return redirect(service_request.tracking_path())
    elif privacy_selectors.request_claim_for(service_request=service_request, resident=request.user) is None:
        return redirect(service_request.tracking_path())
    status = 400 if request.method == "POST" else 200
    return render(request, "service_requests/portal_claim_confirm.html", {
        "sr": service_request, "form": form, "phone": mask_phone(service_request.contact_phone),
    }, status=status)


@require_GET
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF receipt in the resident's language; a clear page, not a 500, when the server
    cannot draw PDFs (fonts or WeasyPrint missing)."""
    service_request = selectors.request_by_token(token=token)
    try:
        pdf = receipts.render_receipt(
            service_request,
            tracking_url=service_request.tracking_url(service_request.language, request))
    except receipts.ReceiptUnavailable as error:
        logger.warning("PDF receipt unavailable: %s", error)
        return render(request, "service_requests/portal_receipt_unavailable.html",
                      {"sr": service_request}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{service_request.reference}.pdf"'
    return response
