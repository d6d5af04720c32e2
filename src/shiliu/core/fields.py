"""Per-language content entered by staff, and lists of languages.

`TranslationsField` holds {language code: text} for every interface language but the default one,
whose text stays in the plain field beside it (`name`, `services`, …), so a value is never missing:
`translated(obj, "name")` answers in the active language and falls back to the default language.
A JSON column (portable to SQLite and PostgreSQL) rather than one column per language means adding
a language needs no migration. In the admin it is one labelled input per language, each with its
own `lang` and `dir`, shown beside the default-language field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from shiliu.core.languages import resident_language_choices


def other_languages() -> list[tuple[str, str]]:
    """(code, local name) of every interface language except the default one."""
    return [
        (code, str(get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]


def translated(obj: Any, field: str, language: str | None = None) -> str:
    """`obj.<field>` in `language` (default: the active one), else in the default language."""
    language = language or get_language() or settings.LANGUAGE_CODE
    base = getattr(obj, field)
    if language != settings.LANGUAGE_CODE:
        value = (getattr(obj, f"{field}_translations", None) or {}).get(language, "")
        if value and str(value).strip():
            return str(value)
    return str(base)


class TranslationsWidget(forms.MultiWidget):
    template_name = "core/widgets/translations.html"

    def __init__(self, textarea: bool = False, attrs: dict[str, Any] | None = None) -> None:
        self.languages = other_languages()
        widgets = []
        for code, _local in self.languages:
            bidi = bool(get_language_info(code).get("bidi"))
            widget_attrs = {"lang": code, "dir": "rtl" if bidi else "ltr"}
            widgets.append(forms.Textarea(attrs={**widget_attrs, "rows": 3}) if textarea
                           else forms.TextInput(attrs=widget_attrs))
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        value = value or {}
        return [value.get(code, "") for code, _local in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        for subwidget, (code, local) in zip(subwidgets, self.languages, strict=True):
            subwidget["language_code"] = code
            subwidget["language_name"] = local
        return context

    class Media:
        css = {"all": ["core/translations-widget.css"]}


class TranslationsFormField(forms.MultiValueField):
    def __init__(
        self, *, max_length: int | None = None, textarea: bool = False, **kwargs: Any
    ) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        fields = [forms.CharField(required=False, max_length=max_length)
                  for _lang in other_languages()]
        super().__init__(fields=fields, widget=TranslationsWidget(textarea=textarea),
                         require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[str]) -> dict[str, str]:
        codes = [code for code, _local in other_languages()]
        return {code: text.strip() for code, text in zip(codes, data_list or [], strict=False)
                if text and text.strip()}


def validate_translations(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Translations must map language codes to text."))
    unknown = sorted(set(value) - {code for code, _local in other_languages()})
    if unknown:
        raise ValidationError(_("Unknown language: %(codes)s."),
                              params={"codes": ", ".join(unknown)})


class TranslationsField(models.JSONField):
    """{language code: text} for the languages other than the default one."""

    def __init__(self, *args: Any, max_length: int | None = None, textarea: bool = False,
                 **kwargs: Any) -> None:
        self.text_max_length = max_length
        self.textarea = textarea
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [validate_translations])
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        if self.textarea:
            kwargs["textarea"] = True
        kwargs.pop("validators", None)
        if kwargs.get("default") is dict:
            kwargs.pop("default")
        if kwargs.get("blank") is True:
            kwargs.pop("blank")
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return TranslationsFormField(
            max_length=self.text_max_length, textarea=self.textarea,
            label=kwargs.get("label", self.verbose_name), help_text=self.help_text,
        )


class LanguageListField(models.JSONField):
    """A list of language codes (from settings.RESIDENT_LANGUAGES), ticked in forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            kwargs.pop("default")
        if kwargs.get("blank") is True:
            kwargs.pop("blank")
        return name, path, args, kwargs

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        known = {code for code, _name in settings.RESIDENT_LANGUAGES}
        if not isinstance(value, list) or any(code not in known for code in value):
            raise ValidationError(_("Choose languages from the list."))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return forms.MultipleChoiceField(
            choices=resident_language_choices, widget=forms.CheckboxSelectMultiple,
            required=False,
            label=kwargs.get("label", self.verbose_name), help_text=self.help_text,
        )
