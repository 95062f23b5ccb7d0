"""Who has an article's form open: the "Name is editing" notices in the admin."""

from django.conf import settings
from django.db import models

from .article import Article


class ArticlePresence(models.Model):
    """One staff member with an article's form open, as their page last said (every ~15 s).

    Kept in the database, so every web process sees the same notices with or without
    Redis; a row whose heartbeat is older than `presence.STALE_AFTER` no longer counts.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="article_presences"
    )
    opened_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    #: The one person the others see as "editing"; the rest are told they are.
    holds_lock = models.BooleanField(default=False)
    #: Who took the lock over from this person, told on their next heartbeat.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="article_presence_once"),
        ]
        indexes = [models.Index(fields=["article", "beat_at"], name="article_presence_beat_idx")]

    def __str__(self):
        return f"{self.user} on {self.article}"
