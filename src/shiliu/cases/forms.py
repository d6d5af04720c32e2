"""Forms of the casework pages. They validate input; the services and the workflow decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shiliu.cases.models import Level, Method, NeedItem, Outcome, Source
from shiliu.cases.workflow import CASEWORKERS, Status
from shiliu.core import dates
from shiliu.core.languages import resident_language_choices
from shiliu.org.models import OrgUnit
from shiliu.people.models import User


def casework_units(actor: User) -> QuerySet[OrgUnit]:
    """Grids and communities under the actor's casework units."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for path in actor.unit_paths(CASEWORKERS):
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition, is_active=True,
                                  kind__in=[OrgUnit.Kind.GRID, OrgUnit.Kind.COMMUNITY]).order_by("path")


def staff_in_units(actor: User, roles: frozenset[str] | None = None) -> QuerySet[User]:
    """Staff holding a role in or under the actor's casework units (or above them: the street's
    supervisor may own an action in a grid)."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for path in actor.unit_paths(CASEWORKERS):
        condition |= Q(staff_roles__unit__path__startswith=path)
        parts = [p for p in path.strip("/").split("/") if p]
        ancestors = ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]
        condition |= Q(staff_roles__unit__path__in=ancestors)
    queryset = User.objects.filter(condition, is_active=True)
    if roles is not None:
        queryset = queryset.filter(staff_roles__role__in=roles)
    return queryset.distinct().order_by("username")


class StaffChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class HouseholdForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Grid or community"), queryset=OrgUnit.objects.none())
    building = forms.CharField(label=_("Building"), max_length=40, required=False)
    unit_no = forms.CharField(label=_("Entrance"), max_length=20, required=False)
    room = forms.CharField(label=_("Room"), max_length=20, required=False)
    head_name = forms.CharField(label=_("Head of household"), max_length=60)
    head_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    members_count = forms.IntegerField(label=_("Members"), min_value=1, max_value=30, initial=1)
    language = forms.ChoiceField(label=_("Preferred language"), choices=resident_language_choices,
                                 initial="zh-hans")
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                            max_length=4000)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = casework_units(actor)  # type: ignore[attr-defined]


class CaseOpenForm(forms.Form):
    source = forms.ChoiceField(label=_("Found through"), choices=Source.choices)
    summary = forms.CharField(label=_("Summary of the difficulty"), widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=4000)
    caseworker = StaffChoiceField(label=_("Caseworker"), queryset=User.objects.none(), required=False,
                                  help_text=_("Left empty, you are the caseworker."))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = staff_in_units(actor, CASEWORKERS)  # type: ignore[attr-defined]


class AssessmentForm(forms.Form):
    """One level and one note per active checklist item, named level_<code> and note_<code>."""

    def __init__(self, *args: Any, current: dict[str, tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        self.items = list(NeedItem.objects.filter(active=True))
        for item in self.items:
            level, note = current.get(item.code, (Level.NONE, ""))
            self.fields[f"level_{item.code}"] = forms.ChoiceField(
                label=str(item), choices=Level.choices, initial=level, widget=forms.RadioSelect)
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note on %(need)s") % {"need": item}, required=False, max_length=500, initial=note)

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"level_{item.code}"], self[f"note_{item.code}"]) for item in self.items]

    def levels(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[f"level_{item.code}"] for item in self.items}

    def notes(self) -> dict[str, str]:
        return {item.code: self.cleaned_data[f"note_{item.code}"] for item in self.items}


class PlanActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=120)
    owner = StaffChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = dates.DateField(label=_("Due on"), required=False)
    due_in_working_days = forms.IntegerField(
        label=_("or due in (working days)"), min_value=1, max_value=250, required=False,
        help_text=_("Counted on the working-day calendar, holidays excluded."))
    note = forms.CharField(label=_("Note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_in_units(actor)  # type: ignore[attr-defined]
        self.fields["owner"].initial = actor.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("due_on") and not data.get("due_in_working_days") and not self.errors:
            raise forms.ValidationError(_("Give a due date or a number of working days."))
        return data


class ActionDoneForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class VisitForm(forms.Form):
    visited_on = dates.DateField(label=_("Visited on"))
    method = forms.ChoiceField(label=_("How"), choices=Method.choices, initial=Method.HOME)
    notes = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=500)
    next_visit_on = dates.DateField(label=_("Next visit on"), required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput, required=False)


class ReferralForm(forms.Form):
    category: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("What kind of help"), queryset=None)
    description = forms.CharField(label=_("What the other unit is asked to do"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from shiliu.service_requests.forms import category_queryset

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_queryset()  # type: ignore[attr-defined]


# --- Workflow verbs ---------------------------------------------------------------------------------

class VerbForm(forms.Form):
    verb = ""


class StartPlanForm(VerbForm):
    verb = "start_plan"


class NoteVerbForm(VerbForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class MonitorForm(NoteVerbForm):
    verb = "monitor"


class ResumeForm(NoteVerbForm):
    verb = "resume"


class CloseForm(VerbForm):
    verb = "close"
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    outcome_note = forms.CharField(label=_("Note on the outcome"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(VerbForm):
    verb = "reopen"
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class ReassignForm(VerbForm):
    verb = "reassign"
    caseworker = StaffChoiceField(label=_("Caseworker"), queryset=User.objects.none())

    def __init__(self, *args: Any, actor: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actor is not None:
            self.fields["caseworker"].queryset = staff_in_units(actor, CASEWORKERS)  # type: ignore[attr-defined]


VERB_FORMS: dict[str, type[VerbForm]] = {
    f.verb: f for f in (StartPlanForm, MonitorForm, ResumeForm, CloseForm, ReopenForm, ReassignForm)
}


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("open", _("Open")), ("", _("All")), *Status.choices])
    mine = forms.BooleanField(label=_("Mine only"), required=False)
    q = forms.CharField(label=_("Reference"), required=False, max_length=30)


class PairingForm(forms.Form):
    staff = StaffChoiceField(label=_("Staff"), queryset=User.objects.none())
    min_contacts = forms.IntegerField(label=_("Contacts at least"), min_value=1, max_value=31, initial=1)
    period_days = forms.IntegerField(label=_("Every (days)"), min_value=7, max_value=366, initial=30)
    started_on = dates.DateField(label=_("Since"), required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_in_units(actor)  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    contacted_on = dates.DateField(label=_("Contacted on"))
    method = forms.ChoiceField(label=_("How"), choices=Method.choices, initial=Method.HOME)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

