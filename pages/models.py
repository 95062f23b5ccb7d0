"""Standing pages: About, the masthead, the policies, contact, privacy and terms."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

import reversion

from articles.models import RESERVED_SLUGS, Article
from articles.richtext import RichTextField
from core.pagecache import FURNITURE, key
from core.text import SingleLineCharField, SingleLineSlugField


def validate_page_slug(value):
    """Refuse a slug one of the site's own pages answers to (/search/, /corrections/)."""
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is the address of one of the site's own pages; choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )


class StandingPageQuerySet(models.QuerySet):
    def published(self):
        """What readers may open: published pages only (a draft is a 404)."""
        return self.filter(status=StandingPage.Status.PUBLISHED)

    def furniture(self):
        """Published pages the footer lists or the publisher's structured data names."""
        return (
            self.published()
            .filter(Q(show_in_footer=True) | ~Q(role=""))
            .order_by("footer_order", "title", "pk")
        )


@reversion.register()
class StandingPage(models.Model):
    """A page editors write once and keep up to date (About, Standards, Privacy…), at /<slug>/."""

    class Role(models.TextChoices):
        ABOUT = "about", "About"
        MASTHEAD = "masthead", "Masthead"
        STANDARDS = "standards", "Standards and ethics"
        CORRECTIONS_POLICY = "corrections_policy", "Corrections policy"
        FACT_CHECKING = "fact_checking", "Fact-checking policy"
        CONTACT = "contact", "Contact"
        PRIVACY = "privacy", "Privacy"
        TERMS = "terms", "Terms"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = SingleLineCharField(max_length=200)
    slug = SingleLineSlugField(
        max_length=220,
        unique=True,
        validators=[validate_page_slug],
        help_text="Its address: /slug/. No explainer may have the same slug.",
    )
    role = models.CharField(
        max_length=30,
        choices=Role.choices,
        blank=True,
        default="",
        help_text="Which of the publisher's pages this is; search engines are told about "
        "About, Masthead and the policies. One page per role.",
    )
    body = RichTextField(blank=True)
    meta_description = models.TextField(
        max_length=300, blank=True, help_text="What search results show under the title."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    show_in_footer = models.BooleanField(default=False)
    footer_order = models.PositiveSmallIntegerField(
        default=0, help_text="Footer links go from the lowest number to the highest."
    )
    updated_at = models.DateTimeField(
        default=timezone.now,
        editable=False,
        help_text="“Last updated” on the page: the last change to its title or words.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StandingPageQuerySet.as_manager()

    class Meta:
        ordering = ["footer_order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"], condition=~Q(role=""), name="pages_one_page_per_role"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def in_furniture(self):
        """Whether the footer or the publisher's structured data names this page."""
        return self.is_public and (self.show_in_footer or bool(self.role))

    def cache_keys(self):
        """Its own page; and every page's footer (and the home page's publisher) when it is
        named there: a body edit of an unlisted page purges that page alone."""
        return [key(self), *([FURNITURE] if self.in_furniture else [])]

    def clean(self):
        super().clean()
        if self.slug and Article.objects.filter(slug=self.slug).exists():
            raise ValidationError(
                {"slug": f"An explainer already lives at /{self.slug}/; choose another slug."}
            )


def page_holding(slug):
    """The standing page at /`slug`/, in words ("the page “About”"), or "" (articles' hook)."""
    title = StandingPage.objects.filter(slug=slug).values_list("title", flat=True).first()
    return f"the standing page “{title}”" if title is not None else ""
