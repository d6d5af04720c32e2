from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from bench.views import bare_insert, bare_page
from shiliu.urls import urlpatterns as shiliu_urlpatterns

urlpatterns = [
    path("bench/bare-insert", bare_insert, name="bench-bare-insert"),
    # Under the language prefix, as the staff pages are.
    *i18n_patterns(path("bench/bare-page/", bare_page, name="bench-bare-page")),
    *shiliu_urlpatterns,
]
