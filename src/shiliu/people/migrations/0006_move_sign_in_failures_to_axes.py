"""Carry the failures still inside the lockout window over to django-axes, so that an account
locked when this is deployed stays locked until its stated time. Older failures are gone anyway
(the audit trail keeps the lasting record)."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Max
from django.utils import timezone


def carry_over(apps, schema_editor):
    SignInFailure = apps.get_model("people", "SignInFailure")
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    since = timezone.now() - timedelta(minutes=settings.SHILIU_LOCKOUT_MINUTES)
    groups = (SignInFailure.objects.filter(created_at__gt=since).values("username", "ip_address")
              .annotate(failures=Count("id"), last=Max("created_at")).order_by())
    for group in groups:
        # Residents' failures were stored without a name: they still count for their address.
        username = f"user:{group['username']}" if group["username"] else None
        attempt = AccessAttempt.objects.create(
            username=username, ip_address=group["ip_address"], user_agent="<unknown>",
            http_accept="<unknown>", path_info="<unknown>", get_data="", post_data="",
            failures_since_start=group["failures"],
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=group["last"])


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_preferred_language_choices_from_settings"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
    ]
