from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shiliu.knowledge import selectors
from shiliu.knowledge.models import Article
from shiliu.service_requests.models import Category


class ArticleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the answers"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}))
    category = forms.ModelChoiceField(label=_("Category"), required=False,
                                      queryset=Category.objects.filter(parent__isnull=True, is_active=True))


class CiteForm(forms.Form):
    """Answer a request by citing an article in force; the note comes before it in the reply."""

    article = forms.ModelChoiceField(label=_("Article to cite"), queryset=Article.objects.none())
    note = forms.CharField(label=_("Your words before the article (optional)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                           help_text=_("The resident sees this."))

    def __init__(self, *args: Any, category: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        found = selectors.article_search(category=category, limit=200)
        field = self.fields["article"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.articles_in_force().filter(pk__in=[f.article.pk for f in found])
