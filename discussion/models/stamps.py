"""Form stamps already used: each comment form's anti-bot stamp is good for one post."""

from django.db import models
from django.utils import timezone


class UsedStamp(models.Model):
    """The nonce of a comment form stamp that was posted: a replayed form is dropped as a bot.

    Rows older than the stamp's lifetime are useless (the signature expires first) and are
    deleted by `manage.py send_pending_mail`, the discussion's periodic job.
    """

    nonce = models.CharField(max_length=40, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.nonce
