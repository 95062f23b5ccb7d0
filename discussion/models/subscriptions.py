"""Subscriptions to an article's comments, and which outbox mail is about which."""

from django.conf import settings
from django.db import models
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


class SubscriptionMail(models.Model):
    """Which subscription an outbox mail is for, and for a new-comment mail which comment.

    The mail itself (address, status, retries) is the outbox's `MailDelivery`; the discussion
    reads this row when the mail is written, so a mail about a comment that was removed, or to
    a reader who left, is cancelled instead of sent.
    """

    delivery = models.OneToOneField(
        "outbox.MailDelivery",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="subscription_mail",
    )
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="mails")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mails"
    )

    class Meta:
        constraints = [
            # One mail per subscriber about each comment (a confirmation has no comment).
            models.UniqueConstraint(
                fields=["subscription", "comment"], name="subscription_mail_one_per_comment"
            )
        ]

    def __str__(self):
        return f"mail {self.delivery_id}: subscription {self.subscription_id}"
