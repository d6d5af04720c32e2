"""Sign-in forms: the password step with its lockout, and the second-factor code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shiliu.audit.models import AuditAction
from shiliu.audit.services import audit_record, client_address
from shiliu.people import lockout


def lockout_message(lock: lockout.Lock) -> str:
    when = formats.time_format(timezone.localtime(lock.until), "H:i")
    return _(
        "Too many failed sign-ins. Signing in is paused until %(time)s; please try again then."
    ) % {"time": when}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing without checking the password while a lock holds."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            address = client_address(self.request)
            lock = lockout.lock_for(username=username, address=address)
            if lock is not None:
                audit_record(
                    actor=None,
                    action=AuditAction.SIGN_IN_FAILED,
                    actor_label=username[:150],
                    request=self.request,
                    detail={"factor": "password", "refused": "locked"},
                )
                raise ValidationError(lockout_message(lock), code="locked_out")
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:  # the failure is recorded by people.signals
                lock = lockout.lock_for(username=username, address=address)
                if lock is not None:
                    raise ValidationError(lockout_message(lock), code="locked_out")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The six-digit code your app shows now"),
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("Enter the six digits your authenticator app shows."))
        return code
