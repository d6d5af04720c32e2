"""Telling the resident that their declaration was confirmed or returned.

The in-app notice is the declaration's own page (and the resident's account page), which shows
the latest event in the resident's language. A text message goes out as well when the account
signs in with a phone and the resident agreed to be contacted for follow-up (their account's
consent); it is sent once the workflow's transaction has committed, through `core.sms`.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from shiliu.core import links
from shiliu.core.sms import send_sms
from shiliu.privacy.models import Purpose, ResidentProfile
from shiliu.privacy.services import consent_active

logger = logging.getLogger("shiliu.residence")


def compose(*, reference: str, kind: str, link: str) -> str:
    if kind == "confirm":
        return _("Your residence declaration %(reference)s was confirmed. See your community's "
                 "services: %(link)s") % {"reference": reference, "link": link}
    return _("Your residence declaration %(reference)s was returned for correction. Read why and "
             "send it again: %(link)s") % {"reference": reference, "link": link}


def tell_resident(*, declaration_id: int, kind: str) -> bool:
    """Send the text message for `kind` (confirm, return); True when one went out."""
    from shiliu.residence.models import Declaration

    declaration = Declaration.objects.select_related("resident").filter(pk=declaration_id).first()
    if declaration is None or declaration.resident is None:
        return False
    user = declaration.resident
    profile = ResidentProfile.objects.filter(user=user).first()
    if profile is None or not profile.phone or not consent_active(Purpose.FOLLOW_UP_CONTACT, user=user):
        return False
    language = declaration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        link = links.site_url() + reverse("residence:declaration-detail", args=[declaration.reference])
        text = compose(reference=str(declaration.reference), kind=kind, link=link)
    try:
        send_sms(profile.phone, text)
    except Exception:  # a gateway failure must not undo a confirmation already committed
        logger.exception("residence notice for %s not sent", declaration.reference)
        return False
    return True
