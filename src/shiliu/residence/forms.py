"""The resident's declaration form (with its household members) and the staff's action forms.
They validate input in the reader's language; the services decide (the same checks run there for
the REST API)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shiliu.core import dates, errors
from shiliu.org.models import OrgUnit
from shiliu.privacy.models import Purpose
from shiliu.residence import selectors, services
from shiliu.residence.models import Declaration, Relation, Schooling, StayPurpose


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit named with its parent ("团结街道 · 同心社区"), so two communities of the same name
    in different streets are told apart."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        if obj.kind == OrgUnit.Kind.DISTRICT or obj.parent is None:
            return obj.localized_name
        return f"{obj.parent.localized_name} · {obj.localized_name}"


class DeclarationForm(forms.Form):
    district = UnitChoiceField(label=_("District"), queryset=OrgUnit.objects.none(),
                               empty_label=_("Choose…"))
    street = UnitChoiceField(label=_("Street or town"), queryset=OrgUnit.objects.none(),
                             empty_label=_("Choose…"))
    community = UnitChoiceField(label=_("Community"), queryset=OrgUnit.objects.none(),
                                empty_label=_("Choose…"))
    building = forms.CharField(label=_("Building"), max_length=60,
                               widget=forms.TextInput(attrs={"dir": "auto"}),
                               help_text=_("e.g. 3栋 or 幸福里 12号"))
    unit_no = forms.CharField(label=_("Entrance / unit"), max_length=30, required=False,
                              widget=forms.TextInput(attrs={"dir": "auto"}))
    room = forms.CharField(label=_("Room"), max_length=30, widget=forms.TextInput(attrs={"dir": "auto"}))
    full_name = forms.CharField(label=_("Your name"), max_length=60,
                                widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "name"}))
    moved_in_on = dates.DateField(label=_("Moved in on"))
    purpose = forms.ChoiceField(label=_("Purpose of your stay"), choices=StayPurpose.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, kind in (("district", OrgUnit.Kind.DISTRICT), ("street", OrgUnit.Kind.STREET),
                           ("community", OrgUnit.Kind.COMMUNITY)):
            self.fields[name].queryset = selectors.address_units(kind)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if all(data.get(level) for level in ("district", "street", "community")):
            try:  # the service's rule, shown beside the level that is wrong
                services.address_checked(district=data["district"], street=data["street"],
                                         community=data["community"])
            except services.AddressError as error:
                self.add_error(error.field, error.message)
        return data

    def declaration_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in (
            "district", "street", "community", "building", "unit_no", "room", "full_name",
            "moved_in_on", "purpose")}

    @classmethod
    def initial_for(cls, declaration: Declaration) -> dict[str, Any]:
        street = declaration.community.parent
        return {"district": street.parent_id if street else None, "street": street.pk if street else None,
                "community": declaration.community_id, "building": declaration.building,
                "unit_no": declaration.unit_no, "room": declaration.room, "full_name": declaration.full_name,
                "moved_in_on": declaration.moved_in_on, "purpose": declaration.purpose}


class NewDeclarationForm(DeclarationForm):
    consent_declaration = forms.BooleanField(
        label=_("I agree to how my community uses this declaration to serve my household"),
        error_messages={"required": _("Please agree to the notice on residence declarations: the "
                                      "community cannot keep your declaration otherwise.")},
    )
    consent_follow_up = forms.BooleanField(
        label=_("Text me when my declaration is confirmed or returned"), required=False)

    def __init__(self, *args: Any, already_agreed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if already_agreed:
            self.fields["consent_declaration"].required = False
            self.fields["consent_declaration"].initial = True
        for name, purpose, label in (
                ("consent_declaration", Purpose.RESIDENCE_DECLARATION, _("Read the notice on residence declarations")),
                ("consent_follow_up", Purpose.FOLLOW_UP_CONTACT, _("Read the notice on follow-up contact"))):
            url = reverse("privacy:notice-detail", args=[purpose.value])
            self.fields[name].help_text = format_html('<a href="{}" target="_blank" rel="noopener">{}</a>',
                                                      url, label)

    def consents(self) -> set[str]:
        given = set()
        if self.cleaned_data.get("consent_declaration"):
            given.add(str(Purpose.RESIDENCE_DECLARATION))
        if self.cleaned_data.get("consent_follow_up"):
            given.add(str(Purpose.FOLLOW_UP_CONTACT))
        return given


class MemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, widget=forms.TextInput(attrs={"dir": "auto"}))
    relation = forms.ChoiceField(label=_("Relation to you"), choices=[("", "—"), *Relation.choices])
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=services.EARLIEST_BIRTH_YEAR,
                                    max_value=2099)
    schooling = forms.ChoiceField(label=_("School place needed"), choices=Schooling.choices, required=False)


MemberFormSet = forms.formset_factory(MemberForm, extra=3, max_num=services.MAX_MEMBERS,
                                      validate_max=True)


def members_of(formset: Any) -> list[services.Member]:
    return [services.Member(f.cleaned_data["name"], f.cleaned_data["relation"], f.cleaned_data["birth_year"],
                            f.cleaned_data.get("schooling") or "")
            for f in formset.forms if f.has_changed() and f.cleaned_data]


def member_initial(declaration: Declaration) -> list[dict[str, Any]]:
    return [{"name": m.name, "relation": m.relation, "birth_year": m.birth_year, "schooling": m.schooling}
            for m in declaration.members.all()]


def show_error(form: forms.Form, formset: Any, error: errors.DomainError) -> None:
    """A service's refusal beside the field it concerns (the address level, the member's row)."""
    if isinstance(error, services.AddressError) and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif isinstance(error, services.MemberError) and error.index < len(formset.forms):
        formset.forms[error.index].add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("What should the resident correct?"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))


class MoveOutForm(forms.Form):
    moved_out_on = dates.DateField(label=_("Moved out on"))

    def clean_moved_out_on(self) -> Any:
        value = self.cleaned_data["moved_out_on"]
        if value is None:
            raise ValidationError(_("Please give the date."))
        return value
