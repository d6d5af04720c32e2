"""Step 1 of 3 of encrypting contact data at rest: the plaintext columns step aside (renamed
*_plain) and encrypted columns take their names, with the blind index of the phone."""

from django.db import migrations

import shiliu.privacy.fields


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0002_extension_withdrawn")]

    operations = [
        migrations.RenameField("servicerequest", "address", "address_plain"),
        migrations.RenameField("servicerequest", "contact_name", "contact_name_plain"),
        migrations.RenameField("servicerequest", "contact_phone", "contact_phone_plain"),
        migrations.AddField(
            model_name="servicerequest",
            name="address",
            field=shiliu.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="address"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="contact_name",
            field=shiliu.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="contact name"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="contact_phone",
            field=shiliu.privacy.fields.EncryptedTextField(blank=True, default="", verbose_name="contact phone"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="servicerequest",
            name="contact_phone_index",
            field=shiliu.privacy.fields.BlindIndexField(kind="phone", source="contact_phone"),
        ),
    ]
