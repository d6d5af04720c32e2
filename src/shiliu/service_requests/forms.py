"""Forms of the portal and the workbench. They validate input; the services and the workflow
decide. Each action form knows which workflow function it feeds (`perform`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shiliu.core import dates
from shiliu.core.languages import resident_language_choices
from shiliu.org.models import OrgUnit
from shiliu.people.models import User
from shiliu.privacy import images
from shiliu.privacy.models import Purpose
from shiliu.service_requests import services, workflow
from shiliu.service_requests.models import (
    Category,
    Channel,
    Extension,
    Rating,
    RequestType,
    ServiceRequest,
)

PHOTO_TYPES = "image/jpeg,image/png,image/webp"


def clean_photo_field(upload: Any) -> images.CleanPhoto | None:
    """The one image check (privacy/images.py), its refusal shown beside the field."""
    if not upload:
        return None
    try:
        return images.clean_photo(upload)
    except images.NotAnImage as error:
        raise ValidationError(str(error)) from None


class CategoryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Category) -> str:
        return str(obj)


def category_queryset() -> Any:
    return Category.objects.filter(is_active=True, parent__isnull=False).select_related("parent").order_by(
        "parent__position", "parent__code", "position", "code"
    )


class KeepsPhoto(forms.Form):
    """A form with a `photo` field whose checked photo survives a refusal: after any error it is
    kept as a pending photo, its signed token carried in the hidden `pending_photo` field and
    its thumbnail shown beside the field (`_photo_field.html`) with a `remove_photo` box; the
    next try attaches it unless a new photo replaces it. The form declares the three fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.photo_from_pending = False
        self.kept_photo_url = ""

    def clean_photo(self) -> images.CleanPhoto | None:
        return clean_photo_field(self.cleaned_data.get("photo"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._take_pending_photo(data)
        return data

    def photos(self) -> list[images.CleanPhoto]:
        data = self.cleaned_data
        return [data["photo"]] if data.get("photo") and not data.get("remove_photo") else []

    def _take_pending_photo(self, data: dict[str, Any]) -> None:
        """Without a new photo, the one kept from the last try is attached, unless removed."""
        from shiliu.service_requests import services

        self.photo_from_pending = False
        token = data.get("pending_photo") or ""
        if not token or data.get("photo") or data.get("remove_photo") or self.has_error("photo"):
            return
        kept = services.pending_photo_take(token=token)
        if kept is None:
            self.add_error("photo", _("The photo you attached earlier is no longer kept: please attach it again."))
            return
        data["photo"] = kept
        self.photo_from_pending = True

    def keep_photo(self) -> None:
        """After a refusal, keep the checked photo for the next try: stored as a pending photo,
        its signed token put in the hidden field, its thumbnail shown (`kept_photo_url`)."""
        from shiliu.service_requests import services

        data = getattr(self, "cleaned_data", {})
        token = data.get("pending_photo") or ""
        photo = data.get("photo")
        if not self.photo_from_pending:  # replaced by a new photo, removed, or no longer valid
            services.pending_photo_discard(token=token)
            keep = photo is not None and not data.get("remove_photo")
            token = services.pending_photo_keep(photo=photo) if photo is not None and keep else ""
        posted = dict(self.data.items())  # the last value of each field, the files aside
        posted[self.add_prefix("pending_photo")] = token
        posted.pop(self.add_prefix("remove_photo"), None)
        self.data = posted
        self.kept_photo_url = reverse("service_requests:photo-pending", args=[token]) if token else ""

    def discard_kept_photo(self) -> None:
        """The submission that used the kept photo is committed: the pending copy goes."""
        from shiliu.service_requests import services

        services.pending_photo_discard(token=self.cleaned_data.get("pending_photo") or "")



def pending_photo_field() -> forms.CharField:
    return forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


def remove_photo_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("Remove this photo"), required=False)


class RequestForm(KeepsPhoto):
    """What a resident tells us; the staff form adds the channel."""

    category = CategoryChoiceField(label=_("What is it about?"), queryset=Category.objects.none(),
                                   empty_label=_("Choose a category"))
    request_type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices, initial=RequestType.HELP)
    description = forms.CharField(
        label=_("Describe the problem"), max_length=2000,
        # As it is typed, the description is sent for a category suggestion (insights: a URL
        # name, not an import), shown in #category-suggestion below the field.
        widget=forms.Textarea(attrs={
            "rows": 5, "dir": "auto", "hx-post": reverse_lazy("insights:suggest"),
            "hx-trigger": "input changed delay:700ms", "hx-target": "#category-suggestion",
            "hx-params": "description,csrfmiddlewaretoken", "hx-sync": "this:replace",
        }),
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
    photo = forms.FileField(label=_("Photo"), required=False, widget=forms.FileInput(attrs={"accept": PHOTO_TYPES}))
    pending_photo = pending_photo_field()
    remove_photo = remove_photo_field()
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
        try:  # the intake service's rule, shown next to the field
            return services.normalised_phone(self.cleaned_data.get("contact_phone", ""))
        except workflow.InvalidInput as error:
            raise ValidationError(error.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._take_pending_photo(data)
        has_point = data.get("latitude") is not None and data.get("longitude") is not None
        if not has_point and not data.get("address") and not data.get("community"):
            # Shown with the place's fields (map, address, community), not at the top of the form
            self.add_error("address", _("Please pick the place on the map or type its address."))
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
            "photos": self.photos(),
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


class CachedChoices(forms.models.ModelChoiceIterator):
    """A select's choices from rows kept by the configuration cache (`CachedModelChoiceField.rows`)
    instead of a query on every page that shows it; without rows, the field's queryset."""

    def _rows(self) -> list[Any] | None:
        rows = getattr(self.field, "rows", None)
        return None if rows is None else rows()

    def __iter__(self) -> Any:
        rows = self._rows()
        if rows is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in rows:
            yield self.choice(row)

    def __len__(self) -> int:
        rows = self._rows()
        if rows is None:
            return super().__len__()
        return len(rows) + (self.field.empty_label is not None)

    def __bool__(self) -> bool:
        rows = self._rows()
        if rows is None:
            return super().__bool__()
        return self.field.empty_label is not None or bool(rows)


class CachedModelChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A model choice offered from cached rows (`rows`: a callable returning them, the same rows
    as `queryset` gives); what is submitted is still looked up in `queryset`."""

    iterator = CachedChoices

    def __init__(self, *args: Any, rows: Any = None, **kwargs: Any) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)


def offer_units(form: forms.Form, actor: User | None) -> None:
    """The form's `unit` offers the actor's dispatch targets from the cache; only a submitted form
    builds the targets' query, to look its unit up in (building it reads the actor's roles)."""
    field = form.fields["unit"]
    kept: list[list[OrgUnit]] = []  # looked up once per form: each lookup reads the actor's roles

    def rows() -> list[OrgUnit]:
        if not kept:
            kept.append(workflow.dispatch_target_rows(actor))
        return kept[0]

    field.rows = rows  # type: ignore[attr-defined]
    if form.is_bound:
        field.queryset = workflow.dispatch_targets(actor)  # type: ignore[attr-defined]


def top_category_rows() -> list[Category]:
    """The top-level categories (the queue's filter), from the configuration cache."""
    from shiliu.core import config

    return config.cached("service_requests.top_categories",
                         lambda: list(Category.objects.filter(parent__isnull=True)))


def unit_choices(units: Any) -> Any:
    """Units offered in a select: without their GeoJSON boundaries, which a grid's choice would
    otherwise decode on every page that offers it (the queue's bulk dispatch: every grid)."""
    return units.defer("boundary")


class UnitSelect(forms.Select):
    """The units of a ModelChoiceField grouped by level (street, community, grid, department), with
    a search box added by core/static/core/select-search.js. The choices are the field's own."""

    GROUP_ORDER = [OrgUnit.Kind.CITY, OrgUnit.Kind.DISTRICT, OrgUnit.Kind.STREET, OrgUnit.Kind.COMMUNITY,
                   OrgUnit.Kind.GRID, OrgUnit.Kind.DEPARTMENT]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-searchable": "", **(attrs or {})})

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        self.attrs["data-search-label"] = str(_("Search units by name"))
        return super().get_context(name, value, attrs)

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> list[Any]:
        groups: dict[str, list[Any]] = {}
        ungrouped: list[Any] = []
        for index, (option_value, option_label) in enumerate(self.choices):
            unit = getattr(option_value, "instance", None)
            option = self.create_option(name, option_value, str(option_label), str(option_value) in value,
                                        index, attrs=attrs)
            if unit is None:
                ungrouped.append((None, [option], index))
            else:
                groups.setdefault(unit.kind, []).append(option)
        order: dict[str, int] = {str(kind): position for position, kind in enumerate(self.GROUP_ORDER)}
        ranked = sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))
        return ungrouped + [(OrgUnit.Kind(kind).label, options, len(ungrouped) + position)
                            for position, (kind, options) in enumerate(ranked)]


class DispatchForm(ActionForm):
    verb = "dispatch"
    unit = CachedModelChoiceField(label=_("Handling unit"), queryset=OrgUnit.objects.none(), widget=UnitSelect)
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_units(self, self.actor)
        self.fields["unit"].initial = self.service_request.routed_unit_id


class TransferForm(ActionForm):
    verb = "transfer"
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=OrgUnit.objects.none(),
                                help_text=_("Its dispatchers accept it or send it back."))
    reason = _note(required=True, label=_("Why it belongs there"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = unit_choices(workflow.transfer_targets(self.actor))  # type: ignore[attr-defined]


class AcceptTransferForm(ActionForm):
    verb = "accept_transfer"
    note = _note()


class RefuseTransferForm(ActionForm):
    verb = "refuse_transfer"
    reason = _note(required=True, label=_("Why it is not yours"))


class AcceptAndDispatchForm(DispatchForm):
    """Accept and dispatch in one step, to the dispatch form's units (the suggestion preselected)."""

    verb = "accept_dispatch"

    def perform(self, actor: User) -> Any:
        from shiliu.service_requests.services import service_request_accept_and_dispatch

        return service_request_accept_and_dispatch(
            actor=actor, service_request=self.service_request, unit=self.cleaned_data["unit"],
            note=self.cleaned_data.get("note", ""),
        )


class SignForm(ActionForm):
    verb = "sign"


class ReturnForm(ActionForm):
    verb = "return"
    reason = _note(required=True, label=_("Why it is not yours to handle"))
    policy_basis = forms.CharField(label=_("Policy basis"), max_length=300,
                                   help_text=_("The rule or document that assigns it elsewhere. Only staff "
                                               "see this."))


class ResolveForm(KeepsPhoto, ActionForm):
    """The reply, in the language the resident reads unless the handler says otherwise (the
    workbench offers the category's standard replies already written in that language), and
    optionally a photo of the result."""

    verb = "resolve"
    reply = _note(required=True, label=_("Reply to the resident"), public=True)
    reply_language = forms.ChoiceField(label=_("Language of the reply"), required=False,
                                       choices=resident_language_choices)
    photo = forms.FileField(label=_("Photo of the result"), required=False,
                            help_text=_("Optional: the resident sees it with the reply."),
                            widget=forms.FileInput(attrs={"accept": PHOTO_TYPES}))
    pending_photo = pending_photo_field()
    remove_photo = remove_photo_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply"].widget.attrs["rows"] = 6
        self.fields["reply_language"].initial = self.service_request.language

    def perform(self, actor: User) -> Any:
        return workflow.resolve(self.service_request, actor=actor, reply=self.cleaned_data["reply"],
                                reply_language=self.cleaned_data.get("reply_language") or "",
                                photos=self.photos())


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
    new_date = dates.DateField(label=_("New deadline"))

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
    category = CachedModelChoiceField(label=_("Category"), required=False,
                                      queryset=Category.objects.filter(parent__isnull=True),
                                      empty_label=_("All"), rows=top_category_rows)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All")), *Channel.choices])
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=lambda: [("", _("All")), *resident_language_choices()])
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    due_soon = forms.BooleanField(label=_("Due soon"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"type": "search", "placeholder": _("Words, place or reference")}))


class BulkDispatchForm(forms.Form):
    unit = CachedModelChoiceField(label=_("Dispatch to"), queryset=OrgUnit.objects.none(), required=False,
                                  empty_label=_("Each to its suggested unit"), widget=UnitSelect)

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_units(self, actor)


class RevealForm(forms.Form):
    """Ask to see one personal field in full, saying why (recorded in the audit trail)."""

    field = forms.ChoiceField(label=_("Show in full"), choices=[
        ("contact_phone", _("Contact phone")), ("contact_name", _("Contact name")),
        ("address", _("Exact address")), ("description", _("Description with its phone numbers")),
    ])
    reason = forms.CharField(label=_("Why do you need it?"), min_length=4, max_length=200,
                             help_text=_("Recorded in the audit trail, e.g. “回访: call to confirm the repair”."))


class PhoneSearchForm(forms.Form):
    phone = forms.CharField(label=_("Resident's phone number"), max_length=32,
                            help_text=_("The whole number: only exact matches are found. Every search is recorded."))
