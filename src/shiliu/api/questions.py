"""A category's extra questions (Open311 service-definition attributes) and their answers.

Answers are checked against each question's type and choices, then written as labelled lines
after the resident's own words, so the request stays one description that staff read in place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.utils.translation import gettext as _

from shiliu.api.models import CategoryQuestion
from shiliu.core import config, dates
from shiliu.service_requests import workflow
from shiliu.service_requests.models import Category

Answer = str | list[str]
MAX_ANSWER_LENGTH = 1000


def _all_questions() -> dict[int, list[CategoryQuestion]]:
    """Every category's own questions, by category id: cached configuration (`core.config`)."""
    def load() -> dict[int, list[CategoryQuestion]]:
        own: dict[int, list[CategoryQuestion]] = {}
        for question in CategoryQuestion.objects.order_by("order", "code"):
            own.setdefault(question.category_id, []).append(question)
        return own

    return config.cached("api.category_questions", load)


def questions_for(category: Category) -> list[CategoryQuestion]:
    """The category's questions and those of its parent, in order."""
    own = _all_questions()
    asked = own.get(category.pk, []) + (own.get(category.parent_id, []) if category.parent_id else [])
    return sorted(asked, key=lambda q: (q.order, q.code))


def questions_by_category(categories: Iterable[Category]) -> dict[int, list[CategoryQuestion]]:
    """`questions_for` of each category at once, in one query: category id → its questions and
    its parent's, in order."""
    chosen = list(categories)
    ids = {c.pk for c in chosen} | {c.parent_id for c in chosen if c.parent_id}
    own: dict[int, list[CategoryQuestion]] = {}
    for question in CategoryQuestion.objects.filter(category_id__in=ids).order_by("order", "code"):
        own.setdefault(question.category_id, []).append(question)
    found = {}
    for category in chosen:
        asked = own.get(category.pk, []) + own.get(category.parent_id or 0, [])
        found[category.pk] = sorted(asked, key=lambda q: (q.order, q.code))
    return found


def _one(question: CategoryQuestion, value: str) -> str:
    value = value.strip()
    if len(value) > MAX_ANSWER_LENGTH:
        raise workflow.InvalidInput(
            _("The answer to “%(question)s” is too long.") % {"question": question.question}
        )
    kind = CategoryQuestion.Datatype
    if question.datatype == kind.NUMBER:
        try:
            float(value)
        except ValueError:
            raise workflow.InvalidInput(
                _("The answer to “%(question)s” must be a number.")
                % {"question": question.question}
            ) from None
    elif question.datatype == kind.DATETIME:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise workflow.InvalidInput(
                _(
                    "The answer to “%(question)s” must be a date and time "
                    "such as 2026-03-04T10:00+08:00."
                )
                % {"question": question.question}
            ) from None
        if not dates.in_range(moment):
            raise workflow.InvalidInput(dates.out_of_range_message())
    elif question.is_list:
        labels = dict(question.values())
        if value not in labels:
            raise workflow.InvalidInput(
                _("“%(value)s” is not one of the choices for “%(question)s”.")
                % {"value": value[:50], "question": question.question}
            )
        return labels[value]
    return value


def answered_description(
    category: Category, description: str, answers: Mapping[str, Answer]
) -> str:
    """`description` followed by one “question: answer” line per answered question; InvalidInput
    when a required question is unanswered, an answer does not fit, or a code is unknown."""
    questions = list(questions_for(category))
    known = {q.code for q in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise workflow.InvalidInput(
            _("This category asks no question “%(code)s”.") % {"code": unknown[0][:64]}
        )
    lines = []
    for question in questions:
        raw = answers.get(question.code)
        values = [raw] if isinstance(raw, str) else list(raw or [])
        values = [v for v in values if str(v).strip()]
        if not values:
            if question.required:
                raise workflow.InvalidInput(
                    _("Please answer “%(question)s”.") % {"question": question.question}
                )
            continue
        if len(values) > 1 and question.datatype != CategoryQuestion.Datatype.MULTIVALUELIST:
            raise workflow.InvalidInput(
                _("“%(question)s” takes one answer.") % {"question": question.question}
            )
        shown = ", ".join(_one(question, str(v)) for v in values)
        lines.append(f"{question.question}: {shown}")
    if not lines:
        return description
    return description.rstrip() + "\n\n" + "\n".join(lines)
