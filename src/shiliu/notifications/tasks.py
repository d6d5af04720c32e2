"""The outbox's sender, on Django's task framework (the django-tasks backport, database backend):
once a notification for the outside channels commits, `services.outbox_wake` queues one
`deliver_outbox` unless one is queued and not started yet; `manage.py db_worker` runs it.
`deliver_notification`, one task per notification, is what earlier versions queued: kept so that
such tasks still waiting at an upgrade are sent."""

from __future__ import annotations

from django_tasks import task

from shiliu.notifications.services import notification_deliver, outbox_deliver

# A queue of their own, with a worker of its own in `make serve`: a message to a resident must not
# wait behind a long refresh of the figures or a night's retention purge.
QUEUE = "notifications"


@task(queue_name=QUEUE)
def deliver_outbox() -> int:
    """Send every notification waiting in the outbox; how many were taken out."""
    return outbox_deliver()


@task(queue_name=QUEUE)
def deliver_notification(notification_id: int, channels: list[str] | None = None) -> int:
    """Send one notification through the channels that may reach the resident; the number of
    deliveries recorded (0 when it had gone out already)."""
    return len(notification_deliver(notification_id=notification_id, channels=channels))
