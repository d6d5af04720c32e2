"""What the API adapters keep for themselves: the keys other systems call with, the idempotency
records that make creation safe to retry, and the extra questions a category asks (the attributes
of an Open311 service definition). No request data lives here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shiliu.core.models import TimeStampedModel


class Scope(models.TextChoices):
    """What an API key may do. Staff signed in with a session are limited by their roles only."""

    REQUESTS_READ = "requests.read", _("Read requests in its unit")
    REQUESTS_CREATE = "requests.create", _("Create requests")
    REQUESTS_ACT = "requests.act", _("Act on requests (accept, dispatch, …)")
    FIGURES_READ = "figures.read", _("Read figures")
    CASES_READ = "cases.read", _("Read casework in its unit (names masked)")
    CASES_WRITE = "cases.write", _("Record casework: households, cases, visits, pairings")


class ApiKey(TimeStampedModel):
    """A key another system calls with. The key itself is shown once, when issued; only its
    SHA-256 is stored, with a short visible prefix to find it. It acts through `user`, a service
    account that holds staff roles at `unit`, so the workflow's own checks apply unchanged."""

    name = models.CharField(_("client name"), max_length=80, db_index=True)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="api_keys"
    )
    scopes = models.JSONField(_("permissions"), default=list)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service account"),
        on_delete=models.PROTECT,
        related_name="api_key",
        editable=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.is_active and scope in self.scopes


class IdempotencyRecord(models.Model):
    """One creation a client may retry: the same (client, key) never creates a second request
    or declaration.
    The unique constraint, not Python, is what holds when two retries arrive at once."""

    client = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    body_hash = models.CharField(max_length=64)
    # What the creation made: a request, or a residence declaration (one of the two).
    request = models.ForeignKey(
        "service_requests.ServiceRequest", on_delete=models.CASCADE, related_name="+", null=True
    )
    declaration = models.ForeignKey(
        "residence.Declaration", on_delete=models.CASCADE, related_name="+", null=True
    )
    # What else a key created (a household, a case, a visit, a pairing): "cases.household" and pk.
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "key"], name="one_request_per_idempotency_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"


class CategoryQuestion(TimeStampedModel):
    """An extra question a category asks (an attribute of its Open311 service definition). The
    answers are added to the request's description, labelled, so staff read them in place."""

    class Datatype(models.TextChoices):
        STRING = "string", _("Short text")
        NUMBER = "number", _("Number")
        DATETIME = "datetime", _("Date and time")
        TEXT = "text", _("Long text")
        SINGLEVALUELIST = "singlevaluelist", _("One choice from a list")
        MULTIVALUELIST = "multivaluelist", _("Several choices from a list")

    category = models.ForeignKey(
        "service_requests.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.SlugField(_("code"), max_length=64)
    question = models.CharField(_("question"), max_length=300)
    datatype = models.CharField(
        _("answer type"), max_length=16, choices=Datatype.choices, default=Datatype.STRING
    )
    required = models.BooleanField(_("required"), default=False)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For lists: one choice a line, as “key|label”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["category", "order", "code"]
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="unique_question_code"),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def is_list(self) -> bool:
        return self.datatype in {self.Datatype.SINGLEVALUELIST, self.Datatype.MULTIVALUELIST}

    def values(self) -> list[tuple[str, str]]:
        """(key, label) of each choice."""
        pairs = []
        for line in self.choices.splitlines():
            if not line.strip():
                continue
            key, _sep, label = line.partition("|")
            pairs.append((key.strip(), (label or key).strip()))
        return pairs
