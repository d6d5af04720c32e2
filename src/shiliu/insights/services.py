"""Every write of insights: model versions trained from the city's requests, the suggestion
recorded for each new request, and what dispatchers do with a cluster of similar requests."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from shiliu.core import errors, permissions
from shiliu.core.permissions import DISPATCH_ROLES
from shiliu.insights import suggestions
from shiliu.insights.classifier import TextClassifier, macro_f1, pack
from shiliu.insights.models import CategorySuggestion, HotIssue, ModelVersion
from shiliu.service_requests import workflow
from shiliu.service_requests.forms import category_queryset
from shiliu.service_requests.models import RequestEvent, ServiceRequest

if TYPE_CHECKING:
    from shiliu.people.models import User

logger = logging.getLogger("shiliu.insights")

MAX_TRAINING_REQUESTS = 50_000  # the newest; a city's habits drift
MIN_PER_LABEL = 3
MAX_MODEL_BYTES = 50 * 1024 * 1024
HOLDOUT_FROM = 100  # with fewer requests every one is needed for training


def _labelled(pairs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    counts = Counter(label for _text, label in pairs)
    kept = [(text, label) for text, label in pairs if counts[label] >= MIN_PER_LABEL]
    return [text for text, _label in kept], [label for _text, label in kept]


def _holdout_f1(texts: list[str], labels: list[str]) -> float | None:
    if len(texts) < HOLDOUT_FROM:
        return None
    from sklearn.model_selection import train_test_split

    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=0.2, stratify=labels, random_state=0)
    predicted = [s.label for s in TextClassifier().fit(train_x, train_y).predict(test_x)]
    return round(macro_f1(test_y, predicted)[0], 4)


def suggestion_model_train(*, actor: User | None = None) -> ModelVersion:
    """Train a new version on the city's own requests (their final category and type, so staff
    corrections teach it) and store it; it is used from the next suggestion on."""
    active = category_queryset().values_list("pk", flat=True)
    rows = list(
        ServiceRequest.objects.filter(category__in=active)
        .exclude(status=workflow.Status.MERGED)  # a duplicate says nothing new
        .order_by("-submitted_at")
        .values_list("description", "category__code", "request_type")[:MAX_TRAINING_REQUESTS]
    )
    texts, labels = _labelled([(text, code) for text, code, _type in rows])
    if len(set(labels)) < 2:
        raise errors.Unprocessable(
            _("Too few requests to learn from: at least %(count)s in each of two categories are needed.")
            % {"count": MIN_PER_LABEL})
    held_out = _holdout_f1(texts, labels)
    models = {"category": TextClassifier().fit(texts, labels)}
    type_texts, types = _labelled([(text, kind) for text, _code, kind in rows])
    if len(set(types)) >= 2:
        models["request_type"] = TextClassifier().fit(type_texts, types)
    data = pack(models)
    if len(data) > MAX_MODEL_BYTES:
        raise errors.Unprocessable(_("The trained model is larger than 50 MB; it was not stored."))
    try:
        with transaction.atomic():
            number = (ModelVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
            version = ModelVersion.objects.create(
                number=number, sample_count=len(texts), labels=sorted(set(labels)),
                holdout_macro_f1=held_out, size_bytes=len(data), data=data, trained_by=actor)
    except IntegrityError:
        raise errors.Conflict(_("Another training finished at the same moment. Try again.")) from None
    logger.info("suggestion model v%s trained on %s requests", version.number, len(texts))
    return version


def suggestion_record(*, service_request: ServiceRequest) -> CategorySuggestion | None:
    """What the newest model suggests for a new request, kept beside what was chosen; nothing
    while no model has been trained."""
    suggested = suggestions.suggest(service_request.description)
    if suggested.version is None:
        return None
    with transaction.atomic():
        return CategorySuggestion.objects.create(
            request=service_request, model_version=suggested.version,
            suggested_category=suggested.category, suggested_type=suggested.request_type,
            confidence=round(suggested.confidence, 4), prefilled=suggested.prefill,
            final_category=service_request.category, final_type=service_request.request_type,
        )


def _requests_for(actor: User, request_ids: Collection[int]) -> list[ServiceRequest]:
    """The requests named, every one of them visible to the actor; else 404 for all."""
    wanted = set(request_ids)
    if not wanted:
        raise errors.InvalidInput(_("Choose at least one request."))
    found = list(permissions.visible_to(actor, ServiceRequest).filter(pk__in=wanted)
                 .select_related("jurisdiction", "handling_jurisdiction", "assigned_unit"))
    if len(found) != len(wanted):
        raise errors.NotFound(_("One of these requests is not in your units."))
    return sorted(found, key=lambda sr: (sr.submitted_at, sr.pk))


def hot_issue_link(actor: User, *, request_ids: Collection[int], title: str, action: str) -> HotIssue:
    """Take up similar requests as one hot issue: the issue, its action, and an entry on each
    request's timeline (for staff; the resident hears when their own request is answered)."""
    title, action = title.strip(), action.strip()
    if not title or len(title) > 120:
        raise errors.InvalidInput(_("Give the hot issue a title of at most 120 characters."))
    if not action:
        raise errors.InvalidInput(_("Say what will be done about these requests."))
    units = [role.unit for role in actor.staff_roles.select_related("unit") if role.role in DISPATCH_ROLES]
    if not units:
        raise errors.NotAllowed(_("Only dispatchers and supervisors take up hot issues."))
    requests = _requests_for(actor, request_ids)
    now = timezone.now()
    with transaction.atomic():
        issue = HotIssue(title=title, action=action, unit=min(units, key=lambda u: len(u.path)),
                         created_by=actor)
        issue.full_clean(exclude=["unit", "created_by"])
        issue.save()
        issue.requests.set(requests)
        RequestEvent.objects.bulk_create([
            RequestEvent(request=sr, action="hot_issue", from_status=sr.status, to_status=sr.status,
                         actor=actor, actor_label=str(actor), kind="hot_issue",
                         params={"hot_issue": issue.pk}, note=action, is_public=False, created_at=now)
            for sr in requests
        ])
    return issue


@dataclass(frozen=True)
class MergeResult:
    into: ServiceRequest
    merged: list[ServiceRequest]
    left: list[ServiceRequest]  # not mergeable now (already dispatched, closed, …)


def hot_issue_merge(actor: User, *, request_ids: Collection[int], into_id: int) -> MergeResult:
    """Merge the cluster's requests into one of them, each through the workflow's merge (its
    table, scope and event); requests past acceptance are left as they are, and said so."""
    requests = _requests_for(actor, set(request_ids) | {into_id})
    into = next(sr for sr in requests if sr.pk == into_id)
    if into.status not in workflow.OPEN_STATUSES:
        raise errors.InvalidInput(workflow.merge_target_refused(into.reference).message)
    merged, left = [], []
    with transaction.atomic():
        for sr in requests:
            if sr.pk == into.pk:
                continue
            if workflow.may(actor, "merge", sr) and workflow.may_merge_into(actor, sr, into):
                merged.append(workflow.merge(sr, actor=actor, into=into))
            else:
                left.append(sr)
    if not merged:
        raise errors.InvalidInput(_("None of these requests can be merged: only new and accepted "
                                    "requests in your jurisdiction can."))
    return MergeResult(into=into, merged=merged, left=left)
