"""Public privacy pages: the notices residents agree to, and residents' accounts (sign-up and
sign-in, consents, export, deletion). A request's own consents are withdrawn from its tracking
page (`service_requests`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shiliu.core import errors, languages, limits
from shiliu.people.models import User
from shiliu.privacy import crypto, services
from shiliu.privacy import selectors as privacy_selectors
from shiliu.privacy.forms import (
    CodeForm,
    CodeSignInForm,
    ContactForm,
    DeleteAccountForm,
    LanguageForm,
    SignInForm,
    SignUpForm,
)
from shiliu.privacy.models import REQUEST_PURPOSES, Notice, Purpose

RESIDENT_BACKEND = "shiliu.privacy.backends.ResidentBackend"
ACCOUNT_PURPOSES = [p for p in Purpose if p not in REQUEST_PURPOSES]


def _purpose(value: str) -> Purpose:
    try:
        return Purpose(value)
    except ValueError:
        raise Http404 from None


def notice_detail(request: HttpRequest, purpose: str, version: int | None = None) -> HttpResponse:
    """A notice in the reader's language (or the fallback, said so), the current version unless
    an older one is asked for by number."""
    chosen = _purpose(purpose)
    notice: Notice | None
    if version is None:
        try:
            notice = services.notice_current(chosen)
        except services.NoNotice:
            raise Http404 from None
    else:
        notice = (Notice.objects.filter(purpose=chosen, version=version, published_at__isnull=False)
                  .prefetch_related("texts").first())
        if notice is None:
            raise Http404
    language = get_language() or "zh-hans"
    text = notice.text_for(language)
    if text is None:
        raise Http404
    return render(request, "privacy/notice_detail.html",
                  {"notice": notice, "text": text, "is_fallback": text.language != language})


# --- Resident accounts -------------------------------------------------------------------------

def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in residents only: others are sent to the residents' sign-in, staff get 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("privacy:resident-sign-in"))
        if not privacy_selectors.is_resident(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


SIGN_UP_SESSION = "privacy_sign_up"


@require_http_methods(["GET", "POST"])
@limits.rate_limited("sign_up")
def resident_sign_up(request: HttpRequest) -> HttpResponse:
    """The first step: the same answer whether or not the number has an account (a code, or a
    message to the account's owner, goes to the number; the confirmation page follows)."""
    form = SignUpForm(request.POST or None, initial={"preferred_language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pending = services.resident_sign_up_start(
                identifier=data["identifier"], password=data["password"],
                language=data["preferred_language"])
        except services.PrivacyError as error:
            form.add_error(None, error.message)
        else:
            request.session[SIGN_UP_SESSION] = pending
            return redirect("privacy:resident-sign-up-confirm")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_sign_up.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def resident_sign_up_confirm(request: HttpRequest) -> HttpResponse:
    """The second step: the code sent to the phone or e-mail creates the account."""
    pending = request.session.get(SIGN_UP_SESSION)
    if not pending:
        return redirect("privacy:resident-sign-up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.resident_sign_up_confirm(pending=pending, code=form.cleaned_data["code"],
                                                     request=request)
        except services.PrivacyError as error:
            request.session[SIGN_UP_SESSION] = pending  # the try is counted
            form.add_error("code", error.message)
        else:
            del request.session[SIGN_UP_SESSION]
            login(request, user, backend=RESIDENT_BACKEND)
            messages.success(request, _("Your account is ready."))
            return redirect("privacy:resident-home")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_sign_up_confirm.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def resident_sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, resident_key=form.cleaned_data["identifier"],
                            password=form.cleaned_data["password"])
        if user is not None:
            login(request, user, backend=RESIDENT_BACKEND)
            return redirect(_next_or_home(request, request.POST.get("next") or ""))
        form.add_error(None, _("The phone number, e-mail address or password is not right."))
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_sign_in.html",
                  {"form": form, "next": request.GET.get("next", "")}, status=status)


def _next_or_home(request: HttpRequest, target: str) -> str:
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return reverse("privacy:resident-home")
    return target


CODE_SIGN_IN_SESSION = "privacy_code_sign_in"


@require_http_methods(["GET", "POST"])
def resident_sign_in_code(request: HttpRequest) -> HttpResponse:
    """Sign in with a code: the phone number or e-mail address first. The same answer whether
    or not it has an account (services.resident_sign_in_code_send)."""
    form = CodeSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            services.resident_sign_in_code_send(identifier=identifier, request=request)
        except limits.RateLimited as error:
            return limits.too_many(request, error)
        except errors.DomainError as error:  # a bad address, or the SMS provider refused
            form.add_error("identifier", error.message)
            return render(request, "privacy/resident_sign_in_code.html",
                          {"form": form, "next": request.POST.get("next", "")}, status=errors.status_for(error))
        request.session[CODE_SIGN_IN_SESSION] = {"identifier": crypto.encrypt(identifier),
                                                 "next": request.POST.get("next", "")}
        return redirect("privacy:resident-sign-in-code-enter")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_sign_in_code.html",
                  {"form": form, "next": request.GET.get("next", "")}, status=status)


@require_http_methods(["GET", "POST"])
def resident_sign_in_code_enter(request: HttpRequest) -> HttpResponse:
    """The code: right, it signs in; wrong, it counts as a failed sign-in (lockout, audit)."""
    pending = request.session.get(CODE_SIGN_IN_SESSION)
    if not pending:
        return redirect("privacy:resident-sign-in-code")
    form = CodeForm(request.POST or None)
    status = 400 if request.method == "POST" else 200
    response_headers = {}
    if request.method == "POST" and form.is_valid():
        try:
            user = services.resident_sign_in_with_code(
                request=request, identifier=crypto.decrypt(pending["identifier"]), code=form.cleaned_data["code"])
        except errors.TooMany as error:
            form.add_error("code", error.message)
            status, response_headers = 429, {"Retry-After": str(error.retry_after)}
        except services.PrivacyError as error:
            form.add_error("code", error.message)
        else:
            request.session.pop(CODE_SIGN_IN_SESSION, None)
            login(request, user, backend=services.CODE_BACKEND)
            return redirect(_next_or_home(request, pending.get("next") or ""))
    response = render(request, "privacy/resident_sign_in_code_enter.html", {"form": form}, status=status)
    for name, value in response_headers.items():
        response[name] = value
    return response


@resident_required
def resident_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    consents = privacy_selectors.resident_consents(user=user)  # type: ignore[arg-type]
    active = {c.purpose for c in consents if c.user_id == user.pk and c.withdrawn_at is None}
    return render(request, "privacy/resident_home.html", {
        "sections": privacy_selectors.resident_sections(user=user),  # type: ignore[arg-type]
        "consents": consents,
        "account_purposes": [{"purpose": p, "active": p in active} for p in ACCOUNT_PURPOSES],
    })


@resident_required
@require_http_methods(["GET", "POST"])
def resident_profile(request: HttpRequest) -> HttpResponse:
    """The preferred language (the page comes back in it) and the contact addresses, masked."""
    user: User = request.user  # type: ignore[assignment]
    form = LanguageForm(request.POST or None, initial={"preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["preferred_language"]
        services.resident_language_set(actor=user, language=code, request=request)
        languages.remember(request, code)
        with translation.override(code):
            messages.success(request, _("Your preferred language was saved."))
        return redirect(languages.in_language(reverse("privacy:resident-profile"), code))
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_profile.html", {
        "form": form, "contacts": privacy_selectors.resident_contacts(user=user),
    }, status=status)


@resident_required
@require_http_methods(["GET", "POST"])
def resident_contact(request: HttpRequest) -> HttpResponse:
    """A new phone number or e-mail address: a code goes to it."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_contact_change_start(actor=request.user,  # type: ignore[arg-type]
                                                   identifier=form.cleaned_data["identifier"], request=request)
        except limits.RateLimited as error:
            return limits.too_many(request, error)
        except errors.DomainError as error:
            form.add_error("identifier", error.message)
            return render(request, "privacy/resident_contact.html", {"form": form},
                          status=errors.status_for(error))
        return redirect("privacy:resident-contact-confirm")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_contact.html", {"form": form}, status=status)


@resident_required
@require_http_methods(["GET", "POST"])
def resident_contact_confirm(request: HttpRequest) -> HttpResponse:
    if not services.resident_contact_pending(actor=request.user):  # type: ignore[arg-type]
        return redirect("privacy:resident-contact")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_contact_change_confirm(actor=request.user,  # type: ignore[arg-type]
                                                     code=form.cleaned_data["code"], request=request)
        except services.PrivacyError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Your new contact address is saved. Sign in with it from now on."))
            return redirect("privacy:resident-profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_contact_confirm.html", {"form": form}, status=status)


@resident_required
@require_POST
def resident_consent(request: HttpRequest, purpose: str, verb: str) -> HttpResponse:
    """Give or withdraw an account-level consent (residence, courses, equality statistics)."""
    chosen = _purpose(purpose)
    if chosen in REQUEST_PURPOSES or verb not in {"give", "withdraw"}:
        raise Http404
    try:
        if verb == "give":
            services.consent_give(actor=request.user, purpose=chosen, user=request.user,  # type: ignore[arg-type]
                                  language=get_language() or settings.LANGUAGE_CODE, request=request)
        else:
            services.consent_withdraw(actor=request.user, purpose=chosen, user=request.user,  # type: ignore[arg-type]
                                      request=request)
    except services.PrivacyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your choice was recorded."))
    return redirect("privacy:resident-home")


@resident_required
@never_cache
def resident_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"json", "xlsx"}:
        raise Http404
    content = services.resident_export(actor=request.user, fmt=fmt, request=request)  # type: ignore[arg-type]
    content_type = ("application/json" if fmt == "json"
                    else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="shiliu-my-data-{stamp}.{fmt}"'
    return response


@resident_required
@require_http_methods(["GET", "POST"])
def resident_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resident_delete(actor=request.user, password=form.cleaned_data["password"],  # type: ignore[arg-type]
                                     request=request)
        except services.PrivacyError as error:
            form.add_error("password", error.message)
        else:
            logout(request)
            messages.success(request, _("Your account was deleted. The problems you reported stay on "
                                        "record without your personal data."))
            return redirect("service_requests:portal-home")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/resident_delete.html", {"form": form}, status=status)
