"""Requests created through REST or Open311 with an API key were owned by the key's service
account, so the resident could never claim them and notifications went to the account. They now
belong to no account; the submit event keeps the service account as the client that carried them.
"""

from django.db import migrations


def free_requests(apps, schema_editor):
    ServiceRequest = apps.get_model("service_requests", "ServiceRequest")
    Notification = apps.get_model("notifications", "Notification")
    ServiceRequest.objects.filter(submitted_by__api_key__isnull=False).update(submitted_by=None)
    Notification.objects.filter(recipient__api_key__isnull=False).update(recipient=None)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_category_questions"),
        ("notifications", "0001_initial"),
        ("service_requests", "0014_request_contact_email"),
    ]

    operations = [
        # The owner cannot be told back from the service account: the reverse keeps them free.
        migrations.RunPython(free_requests, migrations.RunPython.noop),
    ]
