"""Step 2 of 3: seal the existing plaintext into the encrypted columns (and index the phones).
Reversible: going back copies the decrypted values into the plaintext columns again."""

from django.db import migrations

PAIRS = (("address_plain", "address"), ("contact_name_plain", "contact_name"),
         ("contact_phone_plain", "contact_phone"))


def seal(apps, schema_editor):  # type: ignore[no-untyped-def]
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    rows = ServiceRequest.objects.exclude(address_plain="", contact_name_plain="", contact_phone_plain="")
    for row in rows.iterator(chunk_size=500):
        for plain, sealed in PAIRS:
            setattr(row, sealed, getattr(row, plain))
        # save() runs the fields' encryption and the blind index's pre_save.
        row.save(update_fields=[sealed for _plain, sealed in PAIRS] + ["contact_phone_index"])


def unseal(apps, schema_editor):  # type: ignore[no-untyped-def]
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    for row in ServiceRequest.objects.iterator(chunk_size=500):
        for plain, sealed in PAIRS:
            setattr(row, plain, getattr(row, sealed) or "")
        row.save(update_fields=[plain for plain, _sealed in PAIRS])


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0003_contact_encryption_add")]

    operations = [migrations.RunPython(seal, unseal)]
