"""Photos of requests, served only after the policy says yes: staff whose units the request is in,
whoever holds its private tracking link (the resident who reported it, or who owns it in their
account), or whoever holds a signed, expiring link (Open311's media_url for a keyed reader).
Everything else is 404. The bytes leave through `core.sendfile` (Django or the web server)."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from shiliu.core.sendfile import private_file_response
from shiliu.service_requests import selectors, services
from shiliu.service_requests.models import Attachment


def _send(attachment: Attachment) -> HttpResponse | FileResponse:
    extension = "png" if attachment.content_type == "image/png" else "jpg"
    return private_file_response(storage=attachment.image.storage, name=attachment.image.name,
                                 content_type=attachment.content_type, filename=f"photo-{attachment.pk}.{extension}")


@require_GET
def portal_photo(request: HttpRequest, token: str, pk: int) -> HttpResponse | FileResponse:
    return _send(selectors.attachment_by_token(token=token, pk=pk))


@require_GET
def workbench_photo(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    attachment = selectors.attachment_get(user=request.user, pk=pk)  # type: ignore[arg-type]
    services.service_request_read_record(actor=request.user, service_request=attachment.request,  # type: ignore[arg-type]
                                         channel="workbench", fields=[f"photo:{attachment.pk}"], http_request=request)
    return _send(attachment)


@require_GET
def shared_photo(request: HttpRequest, signed: str) -> HttpResponse | FileResponse:
    return _send(selectors.attachment_by_signature(signed=signed))


@require_GET
def pending_photo(request: HttpRequest, token: str) -> HttpResponse | FileResponse:
    """The thumbnail of a photo kept from a form's earlier try, for whoever holds its token."""
    pending = services.pending_photo_get(token=token)
    if pending is None:
        raise Http404
    content_type = "image/png" if pending.image.name.endswith(".png") else "image/jpeg"
    return private_file_response(storage=pending.image.storage, name=pending.image.name,
                                 content_type=content_type, filename=f"photo.{content_type[6:]}")
