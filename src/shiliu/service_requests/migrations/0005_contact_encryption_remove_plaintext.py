"""Step 3 of 3: drop the plaintext contact columns."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0004_contact_encryption_backfill")]

    operations = [
        migrations.RemoveField("servicerequest", "address_plain"),
        migrations.RemoveField("servicerequest", "contact_name_plain"),
        migrations.RemoveField("servicerequest", "contact_phone_plain"),
    ]
