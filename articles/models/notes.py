"""Public notes on an article: corrections and updates, and the slugs it used to have."""

from django.db import models
from django.utils import timezone

from core.pagecache import key
from core.text import SingleLineSlugField

from .article import Article

#: The site-wide corrections log (/corrections/ and its feeds).
CORRECTIONS = "list:corrections"


class Correction(models.Model):
    """A dated public note on a published article: a correction or an update."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    note = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.published_at:%d %b %Y}"

    def cache_keys(self):
        """The note shows on its article's page (and moves its "Updated" date), and on the
        site's corrections log."""
        return [key(Article, self.article_id), CORRECTIONS]


class SlugRedirect(models.Model):
    """An article's former slug, so old links keep working with a permanent redirect."""

    old_slug = SingleLineSlugField(max_length=220, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"/{self.old_slug}/ → {self.article}"


class ReviewReminder(models.Model):
    """That an article's authors were mailed about one passed "review by" date: once per date.

    A new review date is a new row, so changing the date re-arms the reminder.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_reminders")
    review_by = models.DateField()
    sent_to = models.TextField(help_text="The addresses the reminder went to.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "review_by"], name="review_reminder_once_per_date"
            )
        ]

    def __str__(self):
        return f"Review of “{self.article}” due {self.review_by:%d %b %Y}"
