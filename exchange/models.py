"""What an import remembers: which WordPress item became which row, and the old addresses."""

from django.db import models
from django.db.models import Q


class ImportedItem(models.Model):
    """One WordPress post, page, picture or comment and the Marquee row it became, so a
    re-import updates it."""

    class Kind(models.TextChoices):
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        ATTACHMENT = "attachment", "Picture"
        PAGE = "page", "Page"

    site = models.CharField(
        max_length=300, help_text="The WordPress site's address, without http(s)://."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.PositiveBigIntegerField("WordPress id")
    # Kept when an editor deletes the row, so a re-import does not bring it back.
    article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.ForeignKey(
        "discussion.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    page = models.ForeignKey(
        "pages.StandingPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identity = models.CharField(
        max_length=64,
        blank=True,
        help_text="A digest of the post's guid and date: another site's post with the same id "
        "differs here.",
    )
    fingerprint = models.CharField(
        max_length=64, blank=True, help_text="A digest of what was read, to skip unchanged items."
    )
    lacks = models.TextField(
        blank=True, help_text="What a publish would still ask for, when it was imported published."
    )
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "kind", "wp_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="importeditem_one_row_per_wp_item"
            ),
            models.CheckConstraint(
                condition=(Q(kind="post") & Q(comment=None) & Q(image=None) & Q(page=None))
                | (Q(kind="comment") & Q(article=None) & Q(image=None) & Q(page=None))
                | (Q(kind="attachment") & Q(article=None) & Q(comment=None) & Q(page=None))
                | (Q(kind="page") & Q(article=None) & Q(comment=None) & Q(image=None)),
                name="importeditem_kind_matches_target",
            ),
        ]

    def __str__(self):
        return f"{self.site} {self.get_kind_display().lower()} {self.wp_id}"


#: The query parameters WordPress answered a post, page or picture by: `/?p=123`.
QUERY_KEYS = ("p", "page_id", "attachment_id")


class LegacyURLQuerySet(models.QuerySet):
    def for_request(self, path, query=""):
        """The old address a reader asked for: `?p=ID` wins, else the path with or without "/"."""
        if query:
            return self.filter(path="/", query=query)
        return self.filter(path=normalise_path(path), query="")


def normalise_path(path):
    """ "/2024/05/slug/" and "/2024/05/slug" are the same old address."""
    path = "/" + path.strip("/")
    return path if path == "/" else path + "/"


class LegacyURL(models.Model):
    """An address the old site used: readers following an old link land on the article, the
    standing page a WordPress page became, or the picture for a picture's page or file (301)."""

    path = models.CharField(max_length=500, help_text="e.g. /2024/05/my-post/ or /archives/123/")
    query = models.CharField(
        max_length=40, blank=True, help_text="p=123 for /?p=123 (or page_id=, attachment_id=)."
    )
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="legacy_urls",
    )
    image = models.ForeignKey(
        "images.Image", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "pages.StandingPage", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    site = models.CharField(
        max_length=300, blank=True, help_text="The WordPress site the address was read from."
    )

    objects = LegacyURLQuerySet.as_manager()

    class Meta:
        verbose_name = "legacy URL"
        ordering = ["path", "query"]
        constraints = [
            models.UniqueConstraint(fields=["path", "query"], name="legacyurl_unique_address"),
            models.CheckConstraint(
                condition=Q(article=None, image__isnull=False, page=None)
                | Q(article__isnull=False, image=None, page=None)
                | Q(article=None, image=None, page__isnull=False),
                name="legacyurl_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.path}?{self.query}" if self.query else self.path
