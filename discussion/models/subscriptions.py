"""Subscriptions to an article's comments, and the mail kept until it is sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.text import SingleLineEmailField

from .comments import Comment


class Subscription(models.Model):
    """An address that gets mail about new comments (or replies to its own) under one article."""

    class Kind(models.TextChoices):
        ALL = "all", "New follow-up comments"
        REPLIES = "replies", "New replies to my comments"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = SingleLineEmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ALL)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Signed into every confirm and unsubscribe link and moved on by each use, so a link that
    # was used, or sent before the reader last confirmed or left, can never act again.
    token_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "email", "kind"], name="subscription_one_per_address"
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.article_id} ({self.kind})"

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class MailDelivery(models.Model):
    """One mail to one address (a notification, a confirmation, a sign-in code, a follow
    digest), kept until it is sent.

    An SMTP failure leaves it pending with the attempt counted; it is retried later and sent
    at most once, so a subscriber never loses a mail to an outage nor gets it twice. Mail about
    a subscription is written when it is sent; other mail (`PREPARED`, asked for by apps above
    this one, such as reader accounts) is written when queued and kept in the row.
    """

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", "New comment"
        CONFIRMATION = "confirmation", "Confirm subscription"
        LOGIN_CODE = "login_code", "Sign-in code"
        FOLLOW_CONFIRMATION = "follow_confirmation", "Confirm follow"
        FOLLOW_DIGEST = "follow_digest", "New explainers about what you follow"

    #: Kinds whose subject, body and headers are written when queued (`to`, `subject`, `body`).
    PREPARED = frozenset({Kind.LOGIN_CODE, Kind.FOLLOW_CONFIRMATION, Kind.FOLLOW_DIGEST})

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up after every retry"
        CANCELLED = "cancelled", "No longer needed"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # A prepared mail (see `PREPARED`): to whom, and what it says.
    to = SingleLineEmailField(blank=True, db_index=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Who asked for this mail: the mail budget per IP is counted from these rows.
    ip = models.GenericIPAddressField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "comment"],
                condition=Q(kind="notification"),
                name="delivery_one_notification_per_comment",
            ),
            # A guest who asks twice before the first mail left gets one confirmation mail.
            models.UniqueConstraint(
                fields=["subscription"],
                condition=Q(kind="confirmation", status="pending"),
                name="delivery_one_pending_confirmation",
            ),
            models.CheckConstraint(
                condition=~Q(kind="notification") | Q(comment__isnull=False),
                name="delivery_notification_has_comment",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["notification", "confirmation"], subscription__isnull=False)
                | (~Q(kind__in=["notification", "confirmation"]) & ~Q(to="")),
                name="delivery_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to or self.subscription_id} ({self.status})"

    @property
    def recipient(self):
        return self.to or (self.subscription.email if self.subscription_id else "")
