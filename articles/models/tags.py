"""What a tag merge changed, so it can be undone, and the addresses merged tags used to have."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.text import SingleLineSlugField


class TagMerge(models.Model):
    """One "Merge tags" an editor confirmed: which article held which tag, to undo it exactly.

    `merged` lists each removed tag as it was (`id`, `name`, `slug`, the ids of the articles
    holding it, the old addresses that already led to it, and the earlier merges that kept
    it); `kept_articles` the articles that held the kept tag before. The editor sees the
    merge in "Recent merges" with an Undo.
    """

    kept = models.ForeignKey("taggit.Tag", null=True, on_delete=models.SET_NULL, related_name="+")
    kept_name = models.CharField(max_length=100)
    kept_created = models.BooleanField(
        default=False, help_text="The kept tag was a new name typed in the merge."
    )
    kept_articles = models.JSONField(default=list)
    merged = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"{self.merged_names} → {self.kept_name}"

    @property
    def merged_names(self):
        return ", ".join(entry["name"] for entry in self.merged)

    @property
    def article_count(self):
        """How many articles the merge retagged or kept tagged."""
        ids = set(self.kept_articles)
        for entry in self.merged:
            ids.update(entry["articles"])
        return len(ids)


class TagRedirect(models.Model):
    """A merged tag's former slug: its page and feeds answer 301 to the tag it became."""

    old_slug = SingleLineSlugField(max_length=100, unique=True, allow_unicode=True)
    tag = models.ForeignKey("taggit.Tag", on_delete=models.CASCADE, related_name="+")
    merge = models.ForeignKey(
        TagMerge, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"/tags/{self.old_slug}/ → {self.tag}"
