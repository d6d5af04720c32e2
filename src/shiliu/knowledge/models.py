"""The knowledge base (知识库): policy answers per category, in every language, valid for a period
and citing their source; and the consultations they answered without a request."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shiliu.core.dates import validate_in_range
from shiliu.core.fields import TranslationsField, translated
from shiliu.core.languages import resident_language_choices
from shiliu.core.models import TimeStampedModel


class Article(TimeStampedModel):
    """One question and its answer (a policy answer, 政策解答), written in the default language with
    translations per language; a language without one shows the default text, marked."""

    category = models.ForeignKey(
        "service_requests.Category", verbose_name=_("category"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="articles",
        help_text=_("Empty: it answers questions of every category."),
    )
    question = models.CharField(_("question"), max_length=200)
    question_translations = TranslationsField(_("question in other languages"), max_length=200)
    answer = models.TextField(_("answer"))
    answer_translations = TranslationsField(_("answer in other languages"), textarea=True)
    source = models.CharField(
        _("source"), max_length=300,
        help_text=_("The policy, rule or office this answer rests on, e.g. the title and article "
                    "of a regulation."),
    )
    source_url = models.URLField(_("link to the source"), blank=True)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate, validators=[validate_in_range])
    valid_until = models.DateField(_("valid until"), null=True, blank=True, validators=[validate_in_range],
                            help_text=_("Empty: until it is replaced. Expired answers are not shown."))
    is_published = models.BooleanField(_("published"), default=False)
    # Character pairs of the question and answer in every language (service_requests.search),
    # written by services.article_index whenever the article is saved.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["category__name", "question", "pk"]
        verbose_name = _("knowledge base article")
        verbose_name_plural = _("knowledge base articles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="article_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "question")

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.pk])

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def has_translation(self, language: str) -> bool:
        """Whether the answer is written in `language` (else the default text is shown, marked)."""
        return language == settings.LANGUAGE_CODE or bool(
            (self.answer_translations or {}).get(language, "").strip())


class SelfAnswer(models.Model):
    """A consultation the knowledge base answered: the resident said "yes, this answered it" and
    sent no request. Nothing about the resident is kept."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="self_answers")
    category = models.ForeignKey("service_requests.Category", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+")
    language = models.CharField(max_length=16, choices=resident_language_choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation answered by the knowledge base")
        verbose_name_plural = _("consultations answered by the knowledge base")

    def __str__(self) -> str:
        return f"{self.article_id} {self.created_at:%Y-%m-%d}"
