"""Templates that apps above the spine add to its pages, so that it imports none of them: the
knowledge base's suggestions on the report form, and its "answer by citing an article" on the
detail page. Each entry is a template name, included with the page's context."""

from __future__ import annotations

PORTAL_SUBMIT: list[str] = []
WORKBENCH_DETAIL: list[str] = []


def register(where: list[str], template: str) -> None:
    if template not in where:
        where.append(template)
