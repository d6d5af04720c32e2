"""Domain objects turned into the REST API's output shapes (plain data the schemas validate).
Contact data leaves only masked."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from shiliu.api import questions
from shiliu.api.auth import Caller
from shiliu.api.models import CategoryQuestion, Scope
from shiliu.core.masking import mask_phones_in_text
from shiliu.knowledge.models import Article
from shiliu.org.models import OrgUnit, ServicePoint
from shiliu.reports.figures import FIGURES, Cell, FigureRow, FigureTable
from shiliu.residence.models import Declaration
from shiliu.service_requests import search, selectors, workflow
from shiliu.service_requests.models import Category, RequestEvent, ServiceRequest


def unit_ref(unit: OrgUnit | None) -> dict[str, str] | None:
    return None if unit is None else {"code": unit.code, "name": unit.name}


def _limit(category: Category, stage: str) -> dict[str, Any]:
    amount, unit = category.limit(stage)
    return {"amount": amount, "unit": str(unit)}


def category_out(category: Category, asked: list[CategoryQuestion] | None = None) -> dict[str, Any]:
    """`asked`: the category's questions when the caller loaded them for many categories at once
    (questions.questions_by_category); otherwise they are read here."""
    if asked is None:
        asked = list(questions.questions_for(category)) if category.parent_id else []
    return {
        "code": category.code,
        "name": category.name,
        "parent": category.parent.code if category.parent else None,
        "keywords": category.keywords.split(),
        "accept_within": _limit(category, "accept"),
        "sign_within": _limit(category, "sign"),
        "resolve_within": _limit(category, "resolve"),
        "questions": [
            {
                "code": q.code,
                "question": q.question,
                "datatype": q.datatype,
                "required": q.required,
                "order": q.order,
                "choices": [{"key": k, "name": n} for k, n in q.values()],
            }
            for q in (asked if category.parent_id else [])
        ],
    }


def org_unit_out(unit: OrgUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "kind_label": unit.get_kind_display(),
        "parent": unit.parent.code if unit.parent else None,
        "phone": unit.phone,
        "is_active": unit.is_active,
    }


def service_point_out(point: ServicePoint) -> dict[str, Any]:
    return {
        "id": point.pk,
        "name": point.name,
        "kind": point.kind,
        "kind_label": point.get_kind_display(),
        "unit": unit_ref(point.unit),
        "address": point.address,
        "latitude": point.latitude,
        "longitude": point.longitude,
        "opening_hours": point.opening_hours,
        "services": point.services,
        "languages": [code.strip() for code in point.languages.split(",") if code.strip()],
        "phone": point.phone,
    }


def request_out(sr: ServiceRequest, now: datetime | None = None, search_query: str = "") -> dict[str, Any]:
    found = {}
    if search_query:
        found = {"search_rank": getattr(sr, "search_rank", None),
                 "highlight": str(search.highlight(sr.description, search_query))}
    return {
        **found,
        "reference": sr.reference,
        "status": sr.status,
        "status_label": str(workflow.Status(sr.status).label),
        "request_type": sr.request_type,
        "category": {"code": sr.category.code, "name": str(sr.category)},
        # Phone numbers typed into free text leave only masked, like the contact phone.
        "description": mask_phones_in_text(sr.description),
        "address": sr.masked_address,  # exact addresses leave only through an audited reveal
        "latitude": sr.latitude,
        "longitude": sr.longitude,
        "place": unit_ref(sr.jurisdiction),
        "assigned_unit": unit_ref(sr.assigned_unit),
        "suggested_unit": unit_ref(sr.routed_unit),
        "channel": sr.channel,
        "language": sr.language,
        "is_anonymous": sr.is_anonymous,
        "contact_phone_masked": sr.masked_phone,
        "submitted_at": sr.submitted_at,
        "due_at": sr.due_at,
        "resolve_by": sr.resolve_by,
        "resolved_at": sr.resolved_at,
        "closed_at": sr.closed_at,
        "is_overdue": sr.status in workflow.OPEN_STATUSES and sr.is_overdue(now or timezone.now()),
        "reply": mask_phones_in_text(sr.reply),
        "rating": sr.rating,
    }


def event_out(event: RequestEvent) -> dict[str, Any]:
    return {
        "action": event.action,
        "action_label": event.action_label,
        "kind": event.kind,
        "params": event.params,
        "text": event.describe(),
        "note_is_public": event.note_is_public,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": event.actor_label,
        "unit": unit_ref(event.unit),
        "note": mask_phones_in_text(event.note),
        "is_public": event.is_public,
        "created_at": event.created_at,
    }


def request_detail_out(sr: ServiceRequest, caller: Caller) -> dict[str, Any]:
    may_act = caller.may(Scope.REQUESTS_ACT)
    return {
        **request_out(sr),
        "allowed_actions": [t.verb for t in workflow.allowed_verbs(caller.user, sr)]
        if may_act
        else [],
        "timeline": [
            event_out(e) for e in selectors.request_timeline(request=sr, public_only=False)
        ],
    }


def track_out(sr: ServiceRequest) -> dict[str, Any]:
    return {
        "reference": sr.reference,
        "status": sr.status,
        "status_label": str(workflow.Status(sr.status).label),
        "category": {"code": sr.category.code, "name": str(sr.category)},
        "description": sr.description,
        "submitted_at": sr.submitted_at,
        "resolve_by": sr.resolve_by,
        "reply": sr.reply,
        "rating": sr.rating,
        "can_rate": workflow.may(None, "rate", sr),
        "timeline": [
            {
                "action": e.action,
                "action_label": e.action_label,
                "kind": e.kind,
                "text": e.describe(),
                "to_status": e.to_status,
                "note": e.public_note,
                "created_at": e.created_at,
            }
            for e in selectors.request_timeline(request=sr, public_only=True)
        ],
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "value": cell.value,
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "display": cell.display,
    }


def _row(row: FigureRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "submitted": row.submitted,
        "cells": {cell.figure.key: _cell(cell) for cell in row.cells},
    }


def figures_out(table: FigureTable) -> dict[str, Any]:
    return {
        "group_by": table.group_by,
        "start": table.start,
        "end": table.end,
        "figures": [
            {"key": f.key, "name": str(f.name), "definition": str(f.definition), "unit": f.unit}
            for f in FIGURES
        ],
        "rows": [_row(r) for r in table.rows],
        "total": _row(table.total),
    }


# --- Residence declarations ----------------------------------------------------------------------


def declaration_out(declaration: Declaration) -> dict[str, Any]:
    members_count = getattr(declaration, "member_count", None)
    return {
        "reference": declaration.reference,
        "status": declaration.status,
        "status_label": declaration.get_status_display(),
        "community": {"code": declaration.community.code, "name": str(declaration.community)},
        "full_name": declaration.masked_name,
        "purpose": declaration.purpose,
        "moved_in_on": declaration.moved_in_on,
        "members_count": members_count if members_count is not None else len(declaration.members.all()),
        "submitted_at": declaration.submitted_at,
        "confirmed_at": declaration.confirmed_at,
        "moved_out_on": declaration.moved_out_on,
    }


def declaration_detail_out(declaration: Declaration) -> dict[str, Any]:
    return {
        **declaration_out(declaration),
        "return_reason": declaration.return_reason,
        "members": [{"name": m.masked_name, "relation": m.relation, "birth_year": m.birth_year,
                     "schooling": m.schooling} for m in declaration.members.all()],
        "history": [{"kind": e.kind, "text": e.describe(), "note": e.note, "created_at": e.created_at}
                    for e in declaration.events.all()],
    }


# --- Knowledge base ------------------------------------------------------------------------------


def knowledge_out(article: Article, language: str) -> dict[str, Any]:
    from django.conf import settings

    from shiliu.core.fields import translated

    shown = language if article.has_translation(language) else settings.LANGUAGE_CODE
    return {
        "id": article.pk,
        "question": translated(article, "question", shown),
        "answer": translated(article, "answer", shown),
        "language": shown,
        "translated": shown == language,
        "category": {"code": article.category.code, "name": str(article.category)} if article.category else None,
        "source": article.source,
        "source_url": article.source_url,
        "valid_from": article.valid_from,
        "valid_until": article.valid_until,
        "url": article.get_absolute_url(),
    }
