from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shiliu.insights.selectors import WINDOWS


class WindowForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Window"), coerce=int, required=False, empty_value=7,  # type: ignore[arg-type]
        choices=[(d, _("Last %(days)s days") % {"days": d}) for d in WINDOWS],
    )


class HotIssueLinkForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    action = forms.CharField(label=_("Action for all of them"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class HotIssueMergeForm(forms.Form):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int, choices=[])

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["into"].choices = choices  # type: ignore[attr-defined]
