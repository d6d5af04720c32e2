from django.urls import path

from shiliu.service_requests.views import attachments, portal, workbench

app_name = "service_requests"

urlpatterns = [
    path("", portal.home, name="portal-home"),
    path("report/", portal.submit, name="portal-submit"),
    path("report/follow/<str:signed>/", portal.follow, name="portal-follow"),
    path("track/<str:token>/", portal.track, name="portal-track"),
    path("track/<str:token>/receipt.pdf", portal.receipt, name="portal-receipt"),
    path("track/<str:token>/consents/<str:purpose>/withdraw/", portal.consent_withdraw,
         name="portal-consent-withdraw"),
    path("track/<str:token>/claim/", portal.claim, name="portal-claim"),
    path("track/<str:token>/claim/confirm/", portal.claim_confirm, name="portal-claim-confirm"),
    path("track/<str:token>/photos/<int:pk>/", attachments.portal_photo, name="portal-photo"),
    path("photos/shared/<str:signed>/", attachments.shared_photo, name="photo-shared"),
    path("photos/pending/<str:token>/", attachments.pending_photo, name="photo-pending"),
    path("workbench/photos/<int:pk>/", attachments.workbench_photo, name="workbench-photo"),
    path("workbench/", workbench.queue, name="workbench"),
    path("workbench/new/", workbench.enter_on_behalf, name="workbench-enter"),
    path("workbench/new/<str:reference>/", workbench.entered, name="workbench-entered"),
    path("workbench/new/<str:reference>/send-link/", workbench.send_link, name="workbench-send-link"),
    path("workbench/bulk-dispatch/", workbench.bulk_dispatch, name="workbench-bulk-dispatch"),
    path("workbench/to-accept/", workbench.to_accept, name="workbench-to-accept"),
    path("workbench/supervision/", workbench.supervision, name="workbench-supervision"),
    path("workbench/find-by-phone/", workbench.find_by_phone, name="workbench-find-by-phone"),
    path("workbench/requests/<str:reference>/", workbench.detail, name="workbench-detail"),
    path("workbench/requests/<str:reference>/reveal/", workbench.reveal, name="workbench-reveal"),
    path("workbench/requests/<str:reference>/claims/<int:claim>/confirm/", workbench.claim_confirm,
         name="workbench-claim-confirm"),
    path("workbench/requests/<str:reference>/accept-and-dispatch/", workbench.accept_dispatch,
         name="workbench-accept-dispatch"),
    path("workbench/requests/<str:reference>/<str:verb>/", workbench.act, name="workbench-act"),
]
