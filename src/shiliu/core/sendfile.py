"""How a private file leaves the server once a view has decided who may have it.

`SHILIU_SENDFILE` chooses: "" streams it from Django (development, small deployments);
"x-accel-redirect" hands it to nginx, which serves `SHILIU_SENDFILE_PREFIX` + the storage name
from an `internal` location mapped to MEDIA_ROOT; "x-sendfile" hands the absolute path to Apache's
mod_xsendfile or lighttpd. The response is never stored by shared caches and never sniffed.
(django-sendfile2 does the same with a module per header; its development backend reads the
whole file into memory, where FileResponse streams it.)"""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse

MODES = ("", "x-accel-redirect", "x-sendfile")


def private_file_response(
    *, storage: Storage, name: str, content_type: str, filename: str
) -> HttpResponse | FileResponse:
    """The file `name` of `storage`, inline, or 404 when it is missing."""
    mode = settings.SHILIU_SENDFILE
    if not name or not storage.exists(name):
        raise Http404
    response: HttpResponse | FileResponse
    if mode == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(settings.SHILIU_SENDFILE_PREFIX.rstrip("/") + "/" + name)
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
