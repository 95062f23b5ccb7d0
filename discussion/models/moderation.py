"""Moderators' tools: bans, the moderation log and automatic flags."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.text import SingleLineCharField, SingleLineEmailField

from .comments import Comment


class Ban(models.Model):
    """An email address or IP address that may no longer comment, vote or rate."""

    email = SingleLineEmailField(blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    reason = SingleLineCharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | Q(ip__isnull=False),
                name="ban_needs_email_or_ip",
                violation_error_message="Give an email address or an IP address to ban.",
            )
        ]

    def __str__(self):
        return " / ".join(part for part in [self.email, self.ip or ""] if part)


class ModerationLog(models.Model):
    """Who did what to which comment, rating or vote, and when: the moderators' audit trail."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        SPAM = "spam", "Marked as spam"
        REMOVE = "remove", "Removed"
        BAN = "ban", "Banned"
        RATING_REMOVE = "rating_remove", "Removed a rating"
        VOTES_REMOVE = "votes_remove", "Removed votes"
        FLAG_RESOLVE = "flag_resolve", "Resolved a flag"

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="moderation_log"
    )
    target = SingleLineCharField(max_length=300)
    note = SingleLineCharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"


class ModerationFlag(models.Model):
    """A burst of votes or ratings from one IP, raised for a moderator to review."""

    class Kind(models.TextChoices):
        VOTES = "votes", "Many votes from one IP"
        RATINGS = "ratings", "Many ratings from one IP"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    ip = models.GenericIPAddressField()
    count = models.PositiveIntegerField()
    window_minutes = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["resolved_at", "-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.ip} ({self.count} in {self.window_minutes} min)"
