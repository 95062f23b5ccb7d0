"""What a revision's relations were called when it was saved, beside the revision itself."""

from django.db import models


class RevisionNames(models.Model):
    """The names an article's revision pointed at when it was saved, so comparing revisions
    reads "Covers: + Missing You S1E5" even after that episode is deleted or renamed.

    A revision keeps only the ids of its relations, and no tags at all (taggit's field is not
    serialised). `relations` maps each many-to-many field (`authors`, `tags`, `episodes`…) to
    `[[id, name], …]`; `picked` maps each single pick (`hero_image`, a block's `spoils_up_to`,
    `quote`…) to `{id: name}`. Revisions saved before this record existed have none: their
    tags read "not recorded" and their other names are looked up as they are now.
    """

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_names"
    )
    # A plain number, not a foreign key: the revision outlives the article it recovers.
    article_pk = models.PositiveIntegerField()
    relations = models.JSONField(default=dict)
    picked = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "revision names"
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "article_pk"], name="revision_names_one_per_article"
            )
        ]

    def __str__(self):
        return f"Names in revision {self.revision_id} of article {self.article_pk}"
