"""Partial indexes in the open lists' orders (selectors.QUEUE_ORDER for the open queue,
TO_ACCEPT_ORDER, SUPERVISION_ORDER), over the open statuses only."""

from django.db import migrations, models

OPEN = ["accepted", "dispatched", "escalated", "in_progress", "returned", "submitted", "transferred"]


class Migration(migrations.Migration):

    dependencies = [
        ("service_requests", "0023_servicerequest_request_queue_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(condition=models.Q(("status__in", OPEN)),
                               fields=["due_at", "-submitted_at", "id"], name="request_open_queue"),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(condition=models.Q(("status__in", ["submitted", "transferred"])),
                               fields=["due_at", "submitted_at", "id"], name="request_to_accept"),
        ),
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(condition=models.Q(("status__in", OPEN)),
                               fields=["overdue_at", "submitted_at", "id"], name="request_supervision"),
        ),
    ]
