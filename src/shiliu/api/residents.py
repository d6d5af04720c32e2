"""Residents' accounts over REST, under /api/v1/residents/: sign in with a one-time code (the
same services as the portal's `/me/sign-in/code/`), then read one's own account page.

Signing in sets the same session as the portal (the API authenticates residents by their
session, `api.auth.ResidentSession`); there is no separate token to leak or revoke. Asking for a
code answers alike whether or not the address has an account; a wrong code counts as a failed
sign-in (lockout and audit as for a password).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status as Respond

from shiliu.api.auth import anonymous, resident_session
from shiliu.api.schemas import (
    ErrorOut,
    ResidentCodeSentOut,
    ResidentMeOut,
    ResidentSignedInOut,
    ResidentSignInCodeIn,
    ResidentSignInVerifyIn,
)
from shiliu.people.models import User
from shiliu.privacy import selectors, services

router = Router(tags=["resident accounts"])

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 413: ErrorOut, 429: ErrorOut}


@router.post(
    "/sign-in/code",
    response={202: ResidentCodeSentOut, **ERRORS, 503: ErrorOut},
    auth=[anonymous],
    operation_id="resident_sign_in_code",
    url_name="resident_sign_in_code",
    summary="Send a sign-in code to a mobile number (text message) or an e-mail address",
    description=(
        "The answer is the same whether or not the address has an account. Limited per client "
        "address and per mobile number or e-mail address (429 with Retry-After). 503 when the "
        "SMS provider cannot send just now (or limits the number); 400 when it says the number "
        "cannot receive text messages."
    ),
)
def sign_in_code(request: HttpRequest, payload: ResidentSignInCodeIn) -> Respond[dict[str, Any]]:
    services.resident_sign_in_code_send(identifier=payload.identifier, request=request)
    return Respond(202, {
        "sent": True,
        "expires_in": int(settings.SHILIU_CODE_MINUTES) * 60,
        "message": _("If this number or address has an account, we have sent it a six-digit code. "
                     "Enter it to sign in."),
    })


@router.post(
    "/sign-in/verify",
    response={200: ResidentSignedInOut, **ERRORS},
    auth=[anonymous],
    operation_id="resident_sign_in_verify",
    url_name="resident_sign_in_verify",
    summary="Sign in with the code: sets the session cookie",
    description=(
        "A right code signs the resident in: the response sets the session cookie the other "
        "resident calls use. A wrong code (and any code for an address without an account) is "
        "400 wrong_code; an expired or used code, or one out of tries, 400 code_spent; after too "
        "many failed sign-ins, 429 locked_out with Retry-After."
    ),
)
def sign_in_verify(request: HttpRequest, payload: ResidentSignInVerifyIn) -> dict[str, Any]:
    user = services.resident_sign_in_with_code(request=request, identifier=payload.identifier,
                                               code=payload.code)
    login(request, user, backend=services.CODE_BACKEND)
    return {"signed_in": True, "preferred_language": user.preferred_language}


@router.get(
    "/me",
    response={200: ResidentMeOut, 401: ErrorOut, 429: ErrorOut},
    auth=[resident_session],
    operation_id="resident_me",
    url_name="resident_me",
    summary="The signed-in resident's account: their requests and other records, and consents",
    description="Each section is registered by the module that holds its records (requests, …).",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user: User = request.auth.resident  # type: ignore[attr-defined]
    contacts = selectors.resident_contacts(user=user)
    return {
        "preferred_language": user.preferred_language,
        "phone": contacts["phone"],
        "email": contacts["email"],
        "sections": [
            {
                "key": entry.section.key,
                "title": str(entry.section.title),
                "empty": str(entry.section.empty),
                "items": [
                    {"title": item.title, "reference": item.reference, "status": item.status,
                     "url": item.url, "date": item.date}
                    for item in entry.items
                ],
            }
            for entry in selectors.resident_sections(user=user)
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "purpose_label": str(consent.get_purpose_display()),
                "notice_version": consent.notice.version,
                "request": consent.service_request.reference if consent.service_request else None,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in selectors.resident_consents(user=user)
        ],
    }
