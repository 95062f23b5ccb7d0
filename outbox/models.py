"""The outbox's one table: a mail to one address, kept until it is sent."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.text import SingleLineEmailField

from . import kinds


class MailDelivery(models.Model):
    """One mail to one address (a new-comment notice, a confirmation, a sign-in code, a follow
    digest), kept until it is sent.

    An SMTP failure leaves it pending with the attempt counted; it is retried later and sent
    at most once, so a reader never loses a mail to an outage nor gets it twice. Its kind
    (`outbox.kinds`) says how it is written: when sent, by the app that asked for it, or when
    queued (`subject`, `body` and `headers` kept in the row).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up after every retry"
        CANCELLED = "cancelled", "No longer needed"

    kind = models.CharField(max_length=kinds.NAME_MAX_LENGTH)
    to = SingleLineEmailField(db_index=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Who asked for this mail: mail budgets per IP are counted from these rows.
    ip = models.GenericIPAddressField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Created by the discussion before the outbox had an app of its own: the rows stay.
        db_table = "discussion_maildelivery"
        verbose_name_plural = "mail deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="discussion__status_a5b3d7_idx")
        ]
        constraints = [models.CheckConstraint(condition=~Q(to=""), name="delivery_has_recipient")]

    def __str__(self):
        return f"{self.kind_label} → {self.to} ({self.status})"

    @property
    def kind_label(self):
        return kinds.label(self.kind)
