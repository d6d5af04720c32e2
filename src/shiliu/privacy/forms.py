"""Forms of the residents' account pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SignUpForm(forms.Form):
    identifier = forms.CharField(label=_("Mobile number or e-mail address"), max_length=120,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label=_("Password again"), strip=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=settings.RESIDENT_LANGUAGES)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class SignInForm(forms.Form):
    identifier = forms.CharField(label=_("Mobile number or e-mail address"), max_length=120,
                                 widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("The code we sent you"), max_length=12, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "autofocus": True}))


class CodeSignInForm(forms.Form):
    identifier = forms.CharField(label=_("Mobile number or e-mail address"), max_length=120,
                                 widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))


class LanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.RESIDENT_LANGUAGES,
        help_text=_("Your pages, codes and news about your requests come in this language."))


class ContactForm(forms.Form):
    identifier = forms.CharField(
        label=_("New mobile number or e-mail address"), max_length=120,
        help_text=_("We send a code to it. Once you enter the code, it replaces the number or address "
                    "of the same kind on your account, and you sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}))
