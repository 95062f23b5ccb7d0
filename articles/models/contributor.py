"""Who wrote an explainer: contributors with profiles, and the ordered bylines naming them.

A contributor is the name readers see on a byline and the profile at /authors/<slug>/; a
staff account is optional (guest contributors have none) and its loss keeps the profile and
every byline. `Article.authors` is a different thing: the staff who may open and edit the
piece on the desk ("desk access"), which a contributor's account gets from the byline
(`articles.bylines`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.pagecache import LISTING, key
from core.text import SingleLineCharField, SingleLineSlugField
from images.models import Image

#: A bio is a short profile, not an essay: Google and readers read its first lines.
BIO_MAX_LENGTH = 1200


class Contributor(models.Model):
    """A name on a byline, with the profile readers see at /authors/<slug>/."""

    name = SingleLineCharField(max_length=120, help_text="As readers see it on the byline.")
    slug = SingleLineSlugField(
        max_length=140, unique=True, help_text="The profile's address, as in /authors/ann-lee/."
    )
    job_title = SingleLineCharField(
        max_length=120, blank=True, help_text="e.g. Senior writer, TV; Contributing critic."
    )
    beat = SingleLineCharField(
        max_length=200,
        blank=True,
        help_text="What they know best, e.g. TV drama, Harlan Coben adaptations.",
    )
    bio = models.TextField(
        max_length=BIO_MAX_LENGTH,
        blank=True,
        help_text="Plain text; a blank line starts a new paragraph. A few sentences.",
    )
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pick from the image library, or upload a new one with “+”.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributor",
        verbose_name="staff account",
        help_text="Blank for a guest. Their bylines give this account desk access to the piece.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authors:detail", kwargs={"slug": self.slug})

    def cache_keys(self):
        """Their profile, and every page with their name on a byline: articles name them in
        `page_keys()`, and cards are in the lists."""
        return [key(self), LISTING]

    @property
    def photo_alt_text(self):
        """A profile photo's alt text: the library image's own, else their name."""
        return (self.photo.alt if self.photo_id else "") or self.name

    @property
    def knows_about(self):
        """The beat as separate subjects ("TV drama", "Harlan Coben adaptations")."""
        return [part.strip() for part in self.beat.split(",") if part.strip()]


class ContributorLink(models.Model):
    """A contributor's profile elsewhere (a social account, a personal site): shown on their
    page and named as schema.org `sameAs`."""

    contributor = models.ForeignKey(Contributor, on_delete=models.CASCADE, related_name="links")
    label = SingleLineCharField(max_length=100, help_text="e.g. Bluesky, Personal site.")
    url = models.URLField("address")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "url"], name="contributorlink_unique_url"
            ),
        ]

    def __str__(self):
        return self.label

    def cache_keys(self):
        """Only the profile lists the links."""
        return [key(Contributor, self.contributor_id)]


class Byline(models.Model):
    """One name on an article's byline, in the order readers read them."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    contributor = models.ForeignKey(Contributor, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            # The author page: a contributor's explainers (the unique constraint serves the
            # article's side).
            models.Index(fields=["contributor", "article"], name="byline_contributor_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "contributor"], name="byline_unique"),
        ]

    def __str__(self):
        return str(self.contributor) if self.contributor_id else "byline"

    def cache_keys(self):
        """The article's page and every list its card is in."""
        from .article import Article

        return [key(Article, self.article_id), LISTING]


class Bylined(models.Model):
    """The byline of an article: its contributors, ordered (`Byline.position`)."""

    contributors = models.ManyToManyField(
        Contributor, through=Byline, blank=True, related_name="articles"
    )

    class Meta:
        abstract = True

    @property
    def byline(self):
        """The contributors in byline order (prefetch `bylines__contributor` for a list)."""
        return [line.contributor for line in self.bylines.all()]

    def byline_keys(self):
        """Surrogate keys of the byline: each contributor and their photo."""
        found = []
        for contributor in self.byline:
            found.append(key(contributor))
            if contributor.photo_id:
                found.append(key(Image, contributor.photo_id))
        return found

    @property
    def byline_names(self):
        """“Ann Lee and Sam Roe”, as feeds and oEmbed print it; "" without a byline."""
        names = [contributor.name for contributor in self.byline]
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} and {names[-1]}"
