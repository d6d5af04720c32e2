"""What the knowledge base adds to the request spine through its registries: a panel on the
report form (articles suggested while a consultation is typed), one on the detail page (answer by
citing an article), and the words of the "cite_article" timeline event."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _cited(event: Any) -> str:
    from shiliu.core.fields import translated
    from shiliu.knowledge.models import Article

    article = Article.objects.filter(pk=event.params.get("article")).first()
    if article is None:
        return _("Answered by citing a knowledge base article")
    return _("Answered by citing the knowledge base: %(question)s") % {"question": translated(article, "question")}


def register() -> None:
    from shiliu.service_requests import panels, timeline

    panels.register(panels.PORTAL_SUBMIT, "knowledge/_submit_panel.html")
    panels.register(panels.WORKBENCH_DETAIL, "knowledge/_detail_panel.html")
    timeline.SENTENCES["cite_article"] = _cited
