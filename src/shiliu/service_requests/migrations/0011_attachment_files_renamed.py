"""Existing photo files get random names (requests/YYYY/MM/<32 hex>.jpg), like new ones: until now
the uploaded name, which may hold a person's name or phone number, was kept in the path. The row
is updated after the copy is written and the old file removed after that, so a run cut short
leaves every row pointing at a file; running it again finishes the rest. Reverse: nothing (the
old names are not worth restoring)."""

import re
import secrets

from django.db import migrations

RANDOM_NAME = re.compile(r"^requests/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png)$")


def rename_files(apps, schema_editor):
    Attachment = apps.get_model("service_requests", "Attachment")
    storage = Attachment._meta.get_field("image").storage
    for attachment in Attachment.objects.using(schema_editor.connection.alias).iterator():
        old = attachment.image.name
        if not old or RANDOM_NAME.match(old) or not storage.exists(old):
            continue
        extension = "png" if old.lower().endswith(".png") else "jpg"
        when = attachment.created_at
        new = f"requests/{when:%Y/%m}/{secrets.token_hex(16)}.{extension}"
        with storage.open(old, "rb") as content:
            new = storage.save(new, content)
        Attachment.objects.using(schema_editor.connection.alias).filter(pk=attachment.pk).update(image=new)
        storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0010_attachment_random_names")]

    operations = [migrations.RunPython(rename_files, migrations.RunPython.noop, elidable=True)]
