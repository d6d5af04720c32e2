"""Forms of the portal and the workbench. They validate input; the services and the workflow
decide. Each action form knows which workflow function it feeds (`perform`)."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shiliu.core.languages import resident_language_choices
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.privacy.models import Purpose
from shiliu.service_requests import workflow
from shiliu.service_requests.models import (
    Category,
    Channel,
    Extension,
    Rating,
    RequestType,
    ServiceRequest,
)

PHONE_PATTERN = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
MAX_PHOTO_BYTES = 5 * 1024 * 1024


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Category) -> str:
        return str(obj)


def category_queryset() -> Any:
    return Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent").order_by(
        "parent__position", "parent__code", "position", "code"
    )


class RequestForm(forms.Form):
    """What a resident tells us; the staff form adds the channel."""

    category = CategoryChoiceField(label=_("What is it about?"), queryset=Category.objects.none(),
                                   empty_label=_("Choose a category"))
    request_type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices, initial=RequestType.HELP)
    description = forms.CharField(
        label=_("Describe the problem"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("What happened, where exactly, since when."),
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    address = forms.CharField(label=_("Address"), max_length=200, required=False,
                              help_text=_("Or pick the place on the map."),
                              widget=forms.TextInput(attrs={"dir": "auto"}))
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=OrgUnit.objects.none(), required=False,
        empty_label=_("I don't know"),
    )
    photo = forms.ImageField(label=_("Photo"), required=False)
    is_anonymous = forms.BooleanField(label=_("Submit without my name"), required=False)
    contact_name = forms.CharField(label=_("Your name"), max_length=60, required=False,
                                   widget=forms.TextInput(attrs={"dir": "auto"}))
    contact_phone = forms.CharField(
        label=_("Phone for follow-up"), max_length=32, required=False,
        help_text=_("Optional. Shown to staff masked, like 138****1234."),
        # Digits read left to right in every language, Uyghur included.
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
    )
    consent_follow_up = forms.BooleanField(
        label=_("You may contact me about this request (keeps my name and phone)"), required=False,
    )
    consent_handling = forms.BooleanField(
        label=_("I agree to how my information is used to handle this request"),
        error_messages={"required": _("Please agree to the notice on request handling: we cannot "
                                      "handle the request otherwise.")},
    )
    follow_up_needed = _("We keep your name and phone only if you agree to be contacted about this request. "
                         "Tick the box, or leave them out.")
    consent_notice_labels = {
        "consent_handling": _("Read the notice on request handling"),
        "consent_follow_up": _("Read the notice on follow-up contact"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_queryset()  # type: ignore[attr-defined]
        self.fields["community"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            kind=OrgUnit.Kind.COMMUNITY, is_active=True
        ).order_by("path")
        for name, purpose in (("consent_handling", Purpose.REQUEST_HANDLING),
                              ("consent_follow_up", Purpose.FOLLOW_UP_CONTACT)):
            url = reverse("privacy:notice-detail", args=[purpose.value])
            self.fields[name].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>', url, self.consent_notice_labels[name]
            )

    def clean_contact_phone(self) -> str:
        phone = re.sub(r"[\s()]", "", self.cleaned_data.get("contact_phone", ""))
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(_("Enter an 11-digit mobile number or a landline such as 028-12345678."))
        return phone

    def clean_photo(self) -> Any:
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("The photo is larger than 5 MB."))
        return photo

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if not has_point and not data.get("address") and not data.get("community"):
            raise ValidationError(_("Please pick the place on the map or type its address."))
        name = "" if data.get("is_anonymous") else (data.get("contact_name") or "").strip()
        if (name or data.get("contact_phone")) and not data.get("consent_follow_up"):
            self.add_error("consent_follow_up", self.follow_up_needed)
        return data

    def submit_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "request_type": data["request_type"],
            "description": data["description"],
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "address": data.get("address", ""),
            "unit": data.get("community"),
            "is_anonymous": data.get("is_anonymous", False),
            "contact_name": data.get("contact_name", ""),
            "contact_phone": data.get("contact_phone", ""),
            "consents": self.consents(),
            "photos": [data["photo"]] if data.get("photo") else [],
        }

    def consents(self) -> set[str]:
        data = self.cleaned_data
        given = {Purpose.REQUEST_HANDLING} if data.get("consent_handling") else set()
        if data.get("consent_follow_up"):
            given.add(Purpose.FOLLOW_UP_CONTACT)
        return {str(p) for p in given}


class StaffRequestForm(RequestForm):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in (Channel.VISIT, Channel.PHONE, Channel.COUNTER)],
    )
    language = forms.ChoiceField(label=_("Resident's preferred language"),
                                 choices=resident_language_choices)
    consent_follow_up = forms.BooleanField(
        label=_("The resident agreed to be contacted about this request (keeps name and phone)"),
        required=False,
    )
    consent_handling = forms.BooleanField(
        label=_("The resident agreed to the notice on request handling (read out or shown to them)"),
        error_messages={"required": _("Read the notice on request handling to the resident and record "
                                      "their agreement: the request cannot be kept otherwise.")},
    )
    follow_up_needed = _("A name or phone number is kept only if the resident agrees to be contacted about "
                         "this request. Record their agreement, or leave them out.")

    field_order = ["channel", "language"]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How satisfied are you?"), choices=Rating.choices, coerce=int,
                                    widget=forms.RadioSelect)
    solved = forms.TypedChoiceField(
        label=_("Was your problem solved?"), required=False, coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, empty_value=None,
    )
    comment = forms.CharField(label=_("Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    def perform(self, actor: User | None, request: ServiceRequest) -> Any:
        data = self.cleaned_data
        return workflow.rate(request, actor=actor, rating=data["rating"], solved=data.get("solved"),
                             comment=data.get("comment", ""))


# --- Workbench actions: one small form per verb --------------------------------------------------

class ActionForm(forms.Form):
    verb = ""

    def __init__(self, *args: Any, request: ServiceRequest, actor: User | None = None, **kwargs: Any) -> None:
        self.service_request = request
        self.actor = actor
        super().__init__(*args, **kwargs)

    def perform(self, actor: User) -> Any:
        return workflow.VERB_FUNCTIONS[self.verb](self.service_request, actor=actor, **self.cleaned_data)


STAFF_ONLY = _("Only staff see this.")
RESIDENT_SEES = _("The resident sees this.")


def _note(required: bool = False, label: Any = None, public: bool = False) -> forms.CharField:
    """A text the actor types; the help text says who will read it (workflow decides, per verb,
    whether the note is shown to the resident)."""
    return forms.CharField(label=label or _("Note"), required=required, max_length=2000,
                           help_text=RESIDENT_SEES if public else STAFF_ONLY,
                           widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))


class AcceptForm(ActionForm):
    verb = "accept"
    note = _note()


class DeclineForm(ActionForm):
    verb = "decline"
    reason = _note(required=True, label=_("Reason for not accepting"), public=True)


class MergeForm(ActionForm):
    verb = "merge"
    into = forms.CharField(label=_("Reference of the duplicate it repeats"), max_length=20)

    def clean_into(self) -> ServiceRequest:
        """The target, looked up only among the requests the actor may merge into: a missing,
        unseen or finished one gets the same answer."""
        reference = self.cleaned_data["into"].strip().upper()
        target = ServiceRequest.objects.filter(reference=reference).select_related(
            "jurisdiction", "assigned_unit").first()
        if target is None or not workflow.may_merge_into(self.actor, self.service_request, target):
            raise ValidationError(workflow.merge_target_refused(reference).message)
        return target


class DispatchForm(ActionForm):
    verb = "dispatch"
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=OrgUnit.objects.none())
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = workflow.dispatch_targets(self.actor)  # type: ignore[attr-defined]
        self.fields["unit"].initial = self.service_request.routed_unit_id


class TransferForm(ActionForm):
    verb = "transfer"
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=OrgUnit.objects.none(),
                                help_text=_("Its dispatchers accept it or send it back."))
    reason = _note(required=True, label=_("Why it belongs there"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = workflow.transfer_targets(self.actor)  # type: ignore[attr-defined]


class AcceptTransferForm(ActionForm):
    verb = "accept_transfer"
    note = _note()


class RefuseTransferForm(ActionForm):
    verb = "refuse_transfer"
    reason = _note(required=True, label=_("Why it is not yours"))


class SignForm(ActionForm):
    verb = "sign"


class ReturnForm(ActionForm):
    verb = "return"
    reason = _note(required=True, label=_("Why it is not yours to handle"))
    policy_basis = forms.CharField(label=_("Policy basis"), max_length=300,
                                   help_text=_("The rule or document that assigns it elsewhere. Only staff "
                                               "see this."))


class ResolveForm(ActionForm):
    verb = "resolve"
    reply = _note(required=True, label=_("Reply to the resident"), public=True)


class StaffRatingForm(ActionForm, RatingForm):
    """A dispatcher recording the follow-up call (回访) on the resident's behalf."""

    verb = "rate"

    def perform(self, actor: User) -> Any:  # type: ignore[override]
        return RatingForm.perform(self, actor, self.service_request)


class CloseForm(ActionForm):
    verb = "close"
    note = _note(required=True, label=_("Closing note"), public=True)


class ExtensionForm(ActionForm):
    verb = "request_extension"
    reason = _note(required=True, label=_("Reason for the extension"))
    new_date = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def perform(self, actor: User) -> Any:
        zone = ZoneInfo(settings.TIME_ZONE)
        day = self.cleaned_data["new_date"]
        new_resolve_by = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
        return workflow.request_extension(self.service_request, actor=actor, reason=self.cleaned_data["reason"],
                                          new_resolve_by=new_resolve_by)


class ExtensionDecisionForm(ActionForm):
    note = _note()

    def perform(self, actor: User) -> Any:
        pending = self.service_request.extensions.filter(decision=Extension.Decision.PENDING).first()
        if pending is None:
            raise workflow.InvalidTransition(str(_("No extension is waiting for a decision.")))
        return workflow.decide_extension(pending, actor=actor, approve=self.verb == "approve_extension",
                                         note=self.cleaned_data.get("note", ""))


class ApproveExtensionForm(ExtensionDecisionForm):
    verb = "approve_extension"


class RefuseExtensionForm(ExtensionDecisionForm):
    verb = "refuse_extension"


class RemindForm(ActionForm):
    verb = "remind"
    note = _note()


class SuperviseForm(ActionForm):
    verb = "supervise"
    note = _note()


_ACTION_FORM_CLASSES: list[type[ActionForm]] = [
    AcceptForm, DeclineForm, MergeForm, DispatchForm, TransferForm, AcceptTransferForm, RefuseTransferForm,
    SignForm, ReturnForm, ResolveForm, StaffRatingForm,
    CloseForm, ExtensionForm, ApproveExtensionForm, RefuseExtensionForm, RemindForm, SuperviseForm,
]
ACTION_FORMS: dict[str, type[ActionForm]] = {form.verb: form for form in _ACTION_FORM_CLASSES}


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All")), ("open", _("Open")), *workflow.Status.choices])
    category = forms.ModelChoiceField(label=_("Category"), required=False,
                                      queryset=Category.objects.filter(parent__isnull=True),
                                      empty_label=_("All"))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=lambda: [("", _("All")), *resident_language_choices()])
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    due_soon = forms.BooleanField(label=_("Due soon"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)


class BulkDispatchForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Dispatch to"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Each to its suggested unit"))

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = workflow.dispatch_targets(actor)  # type: ignore[attr-defined]


class RevealForm(forms.Form):
    """Ask to see one personal field in full, saying why (recorded in the audit trail)."""

    field = forms.ChoiceField(label=_("Show in full"), choices=[
        ("contact_phone", _("Contact phone")), ("contact_name", _("Contact name")),
        ("address", _("Exact address")),
    ])
    reason = forms.CharField(label=_("Why do you need it?"), min_length=4, max_length=200,
                             help_text=_("Recorded in the audit trail, e.g. “回访: call to confirm the repair”."))


class PhoneSearchForm(forms.Form):
    phone = forms.CharField(label=_("Resident's phone number"), max_length=32,
                            help_text=_("The whole number: only exact matches are found. Every search is recorded."))
