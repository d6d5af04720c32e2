from django.urls import path

from shiliu.cases import views, views_field, views_ledgers
from shiliu.core import views as core_views

app_name = "cases"

urlpatterns = [
    # Before the patterns that take a reference: these paths are not case references.
    path("ledgers/export/", views_ledgers.ledger_export, name="ledger-export"),
    path("ledgers/import/", views_ledgers.ledger_import, name="ledger-import"),
    path("ledgers/import/confirm/", views_ledgers.ledger_import_confirm, name="ledger-import-confirm"),
    path("field/visit/", views_field.field_visit, name="field-visit"),
    # The worker that lets the field pages open with no connection: served from their folder.
    path("field/offline-worker.js", core_views.offline_worker, name="field-offline-worker"),
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<str:reference>/", views.household_detail, name="household-detail"),
    path("households/<str:reference>/cases/new/", views.case_open, name="case-open"),
    path("households/<str:reference>/visits/new/", views.visit_record, name="visit-record"),
    path("households/<str:reference>/pairings/new/", views.pairing_create, name="pairing-create"),
    path("", views.case_list, name="case-list"),
    path("overdue/", views.overdue, name="overdue"),
    path("pairings/", views.pairing_list, name="pairing-list"),
    path("pairings/short-of-contact/", views.pairing_short, name="pairing-short"),
    path("pairings/<int:pk>/contact/", views.pairing_contact, name="pairing-contact"),
    path("pairings/<int:pk>/end/", views.pairing_end, name="pairing-end"),
    path("actions/<int:pk>/done/", views.plan_action_done, name="action-done"),
    path("<str:reference>/", views.case_detail, name="case-detail"),
    path("<str:reference>/assess/", views.case_assess, name="case-assess"),
    path("<str:reference>/actions/new/", views.plan_action_add, name="action-add"),
    path("<str:reference>/refer/", views.case_refer, name="case-refer"),
    path("<str:reference>/<str:verb>/", views.case_act, name="case-act"),
]
