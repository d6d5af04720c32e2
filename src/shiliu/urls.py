from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from shiliu.core.views import healthz, set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    # The APIs have no language prefix: Accept-Language picks the language of their messages.
    path("", include("shiliu.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("shiliu.people.urls")),
    path("figures/", include("shiliu.reports.urls")),
    path("insights/", include("shiliu.insights.urls")),
    path("", include("shiliu.privacy.urls")),
    path("audit/", include("shiliu.audit.urls")),
    path("places/", include("shiliu.org.urls")),
    path("cases/", include("shiliu.cases.urls")),
    path("", include("shiliu.residence.urls")),
    path("", include("shiliu.knowledge.urls")),
    path("", include("shiliu.service_requests.urls")),
)
# No /media/ URL, not even with DEBUG: photos are served through the policy views only.
