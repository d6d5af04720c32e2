"""Signing in and out: password with lockout, then the second factor for staff; changing one's
password; `start`, which sends a signed-in person to the first page their roles open."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shiliu.core import access
from shiliu.people import sign_in_locks, two_factor
from shiliu.people.forms import CodeForm, EnrolmentForm
from shiliu.people.models import User


class SignInView(auth_views.LoginView):
    """Django's sign-in view. A wrong password is a 400; while a lock holds, axes' middleware
    answers with the lockout page instead (429, people/sign_in_locks.py)."""

    template_name = "people/login.html"

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "people/password_change.html"
    success_url = reverse_lazy("people:start")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password was changed."))
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


def start(request: HttpRequest) -> HttpResponse:
    """The first staff page this person may open; residents and outsiders go to the portal."""
    links = access.navigation(request.user)
    return redirect(links[0][0] if links else "service_requests:portal-home")


def next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("people:start")


def _locked_out(request: HttpRequest, lock: sign_in_locks.Lock) -> HttpResponse:
    """Sign the person out. A failure that just locked the account gets axes' lockout page in
    place of this redirect; a lock found at the start of a step is said on the sign-in page."""
    request.signout_reason = "lockout"  # type: ignore[attr-defined]
    logout(request)
    if not getattr(request, "axes_locked_out", False):
        messages.error(request, sign_in_locks.lockout_message(lock))
    return redirect("people:login")


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm one code."""
    user: User = request.user  # type: ignore[assignment]
    if not access.is_staff(user):
        return redirect("people:start")
    if two_factor.is_enrolled(user):
        return redirect("people:two-factor-verify" if not user.is_verified() else "people:start")  # type: ignore[attr-defined]
    device = two_factor.enrolment_start(user)
    form = EnrolmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            codes = two_factor.enrolment_confirm(
                request, user=user, device=device, code=form.cleaned_data["code"]
            )
            if codes is not None:
                return render(
                    request,
                    "people/recovery_codes.html",
                    {"codes": codes, "next": next_url(request)},
                )
            lock = sign_in_locks.lock_for(
                request, account=sign_in_locks.user_account(user.get_username())
            )
            if lock is not None:
                return _locked_out(request, lock)
            form.add_error(
                "code",
                _(
                    "That code is not right. Check that your phone's clock is "
                    "set automatically, then enter the code shown now."
                ),
            )
    context = {
        "form": form,
        "qr": two_factor.qr_data_uri(device),
        "secret": two_factor.secret_of(device),
        "next": next_url(request),
    }
    return render(request, "people/two_factor_setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a staff sign-in: a code from the app, or a recovery code."""
    user: User = request.user  # type: ignore[assignment]
    if not access.is_staff(user) or user.is_verified():  # type: ignore[attr-defined]
        return redirect(next_url(request))
    if not two_factor.is_enrolled(user):
        return redirect(
            f"{resolve_url('people:two-factor-setup')}?{urlencode({'next': next_url(request)})}"
        )
    lock = sign_in_locks.lock_for(request, account=sign_in_locks.user_account(user.get_username()))
    if lock is not None:
        return _locked_out(request, lock)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = two_factor.second_factor_verify(
                request, user=user, code=form.cleaned_data["code"]
            )
            if result.ok:
                return redirect(next_url(request))
            if result.lock is not None:
                return _locked_out(request, result.lock)
            if result.wait_until is not None:
                when = formats.time_format(timezone.localtime(result.wait_until), "H:i:s")  # type: ignore[arg-type]
                form.add_error(
                    "code",
                    _(
                        "Too many wrong codes in a row. Wait until %(time)s, then "
                        "enter the code shown now."
                    )
                    % {"time": when},
                )
            else:
                form.add_error(
                    "code",
                    _(
                        "That code is not right. Enter the code your app shows "
                        "now, or one of your recovery codes."
                    ),
                )
    return render(
        request,
        "people/two_factor_verify.html",
        {"form": form, "next": next_url(request)},
        status=status,
    )
