"""Planning together on the desk: private editorial notes on an article, who a note
mentions, and each staff member's choice of editorial mail. None of it is ever public."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from outbox.models import MailDelivery

from .article import Article


class EditorialNote(models.Model):
    """A private note on an article that the editors and its authors read beside its form;
    a reply sits under the note it answers. Readers, feeds, the API and exports never see it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="editorial_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="editorial_notes",
    )
    # One level of threading, as comment threads: a reply to a reply joins the same thread.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "created_at"], name="editorial_note_article_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body=""), name="editorial_note_has_body")
        ]

    def __str__(self):
        return f"Note on “{self.article}” by {self.author or 'a former colleague'}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class NoteMention(models.Model):
    """That a note named a colleague with @name, so they were mailed once about it."""

    note = models.ForeignKey(EditorialNote, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="note_mentions"
    )
    # The outbox row of the mail; the mail is written from the note when it is sent, so the
    # note's words are kept in one place only (and leave with it).
    delivery = models.OneToOneField(
        MailDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="note_mention",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "user"], name="note_mention_once"),
        ]

    def __str__(self):
        return f"{self.user} in {self.note}"


class EditorialMailSettings(models.Model):
    """Which editorial mail a staff member gets; without a row they get all of it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="editorial_mail"
    )
    on_submitted = models.BooleanField(
        "a piece is submitted for review",
        default=True,
        help_text="Sent to editors (who may publish).",
    )
    on_returned = models.BooleanField(
        "my piece is sent back to draft",
        default=True,
        help_text="Sent to the article's byline.",
    )
    on_published = models.BooleanField(
        "my piece is published or scheduled",
        default=True,
        help_text="Sent to the article's byline.",
    )
    on_mentioned = models.BooleanField(
        "someone mentions me in a note",
        default=True,
        help_text="Sent when a colleague writes @your-username in an editorial note.",
    )

    class Meta:
        verbose_name = "editorial mail settings"
        verbose_name_plural = "editorial mail settings"

    def __str__(self):
        return f"Editorial mail for {self.user}"
