"""The outbox's sender, on Django's task framework (the django-tasks backport, database backend):
`notify_resident` queues one `deliver_notification` per notification, in the transaction that
writes it; `manage.py db_worker` runs them once that commits."""

from __future__ import annotations

from django_tasks import task

from shiliu.notifications.services import notification_deliver


@task()
def deliver_notification(notification_id: int, channels: list[str] | None = None) -> int:
    """Send one notification through the channels that may reach the resident; the number of
    deliveries recorded (0 when it had gone out already)."""
    return len(notification_deliver(notification_id=notification_id, channels=channels))
