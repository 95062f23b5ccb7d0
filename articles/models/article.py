"""Articles: what readers read and editors write, review and publish."""

import math
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from taggit.managers import TaggableManager

from core.pagecache import LISTING, key
from core.text import SingleLineCharField, SingleLineSlugField
from images.models import Image
from people.models import Source
from productions.models import Episode

from .. import workflow
from ..search import SearchDocumentField
from ..tags import ExistingTagsManager
from .contributor import Bylined
from .queries import ArticleManager
from .sponsor import Sponsorship

#: Reading speeds (words a minute) that bound the reading-time range.
FAST_READER_WPM = 260
SLOW_READER_WPM = 180
#: Seconds a reader spends on a picture, as Medium counts it.
SECONDS_PER_IMAGE = 12

#: First path segments the site's own pages use: an article at /<slug>/ must not
#: take one, or it would hide the page (or be hidden by it).
RESERVED_SLUGS = frozenset(
    {"admin", "search", "feed", "tags", "preview", "people", "productions", "quotes"}
    | {"discussion", "media", "static", "sitemap", "robots", "news-sitemap", "ads"}
    | {"healthz", "readyz", "api", "oembed", "accounts", "follow", "authors", "schedule"}
    | {"country"}
)


def validate_article_slug(value):
    """Refuse a slug that a site page already answers to, e.g. /search/."""
    if value in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is the address of one of the site's own pages; choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )


@dataclass
class BlockGroup:
    """Blocks the article page renders with one template: their kind's `blocks/<kind>.html`."""

    spec: object
    blocks: list

    @property
    def block(self):
        """The group's first block: the only one, unless its kind gathers neighbours."""
        return self.blocks[0]

    @property
    def template(self):
        return self.spec.template


def reading_time_range(words, images=0):
    """(low, high) whole minutes for a fast and a slow reader; never (0, 0), never low == high."""
    extra_minutes = images * SECONDS_PER_IMAGE / 60
    low = max(1, math.floor(words / FAST_READER_WPM + extra_minutes))
    high = max(low + 1, math.ceil(words / SLOW_READER_WPM + extra_minutes))
    return low, high


class Article(Sponsorship, Bylined, models.Model):
    """An explainer: what readers read, and what editors write, review and publish."""

    class Kind(models.TextChoices):
        TRUE_STORY = "true_story", "Is it a true story?"
        ENDING_EXPLAINED = "ending_explained", "Ending explained"
        CAST_GUIDE = "cast_guide", "Cast guide"
        NEWS = "news", "News"
        REVIEW = "review", "Review"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    #: Statuses readers see once `publish_at` has come.
    LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    class Verdict(models.TextChoices):
        TRUE = "true", "True story"
        MOSTLY_TRUE = "mostly_true", "Mostly true"
        MIXED = "mixed", "Partly true"
        INSPIRED = "inspired", "Fiction, inspired by real events"
        FICTION = "fiction", "Fiction"

    title = SingleLineCharField(max_length=200)
    slug = SingleLineSlugField(max_length=220, unique=True, validators=[validate_article_slug])
    standfirst = models.TextField(
        max_length=400, help_text="One or two sentences under the headline."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.TRUE_STORY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="When readers first see it."
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Last edit after publishing."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    # Counts every save (form, inline blocks, workflow buttons, restores), so a form
    # knows whether the article moved on since it was opened; a timestamp can repeat and
    # a restored revision would wind it back.
    edit_version = models.PositiveIntegerField(default=1, editable=False)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="articles", verbose_name="desk access"
    )
    is_featured = models.BooleanField(default=False, help_text="Shown first on the home page.")

    hero_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pick from the image library, or upload a new one with “+”.",
    )
    hero_alt = SingleLineCharField(
        "hero alt text (this page only)",
        max_length=250,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    hero_credit = SingleLineCharField(
        "hero credit (this page only)",
        max_length=200,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )

    # Typing "Harlan Coben" reuses the tag `harlan-coben` (articles/tags.py), on every path.
    tags = TaggableManager(blank=True, manager=ExistingTagsManager)
    productions = models.ManyToManyField(
        "productions.Production", blank=True, related_name="articles"
    )
    people = models.ManyToManyField("people.Person", blank=True, related_name="articles")
    episodes = models.ManyToManyField(
        "productions.Episode",
        blank=True,
        related_name="articles",
        help_text="The episodes it is about: an “ending explained” needs at least one.",
    )

    verdict = models.CharField(
        max_length=20, choices=Verdict.choices, blank=True, help_text="For “is it true?” pieces."
    )
    verdict_summary = SingleLineCharField(
        max_length=300, blank=True, help_text="e.g. Fiction, inspired by a real family moment."
    )
    verdict_sources = models.ManyToManyField(
        "people.Source", blank=True, related_name="verdict_articles"
    )

    seo_title = SingleLineCharField(max_length=70, blank=True, help_text="Defaults to the title.")
    seo_description = SingleLineCharField(
        max_length=160, blank=True, help_text="Defaults to the standfirst."
    )
    review_by = models.DateField(
        null=True, blank=True, help_text="When an editor should check it is still accurate."
    )
    allow_comments = models.BooleanField(default=True)
    # Planning, seen only on the desk: who is to finish the piece, and by when.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_articles",
        help_text="Who is to get it ready. Shown on their dashboard.",
    )
    due_date = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it should be ready for review. Shown on the dashboard and the schedule.",
    )

    # Stored counters, updated atomically by the discussion services.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    # What site search reads, rebuilt by the services whenever the words may have changed.
    search_vector = SearchDocumentField(null=True, editable=False)
    # The body's words and pictures (`articles.reading`), counted by the same services, so a
    # card shows the reading time without loading the blocks.
    body_words = models.PositiveIntegerField(default=0, editable=False)
    body_pictures = models.PositiveIntegerField(default=0, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", "Can publish, schedule, unpublish and archive articles")]
        indexes = [
            # Every public list: published(), then newest first. The indexes carry what
            # published() reads, so PostgreSQL answers a count or a page of one tag's, one
            # person's or one production's explainers from the index alone (10,000 rows
            # no longer read from the table for a count).
            models.Index(
                fields=["status", "publish_at"],
                include=["id"],
                name="article_status_publish_idx",
            ),
            models.Index(
                fields=["-publish_at", "-id"], include=["status"], name="article_newest_idx"
            ),
            # The home page puts featured pieces first.
            models.Index(
                fields=["-is_featured", "-publish_at", "-id"],
                include=["status"],
                name="article_featured_newest_idx",
            ),
            # The sitemap dates its explainers by the newest change (ArticleSitemap).
            models.Index(
                Coalesce("updated_at", "first_published_at", "publish_at").desc(),
                name="article_last_change_idx",
            ),
            # The admin change list filters by kind.
            models.Index(fields=["kind", "status"], name="article_kind_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"]) | Q(publish_at__isnull=False),
                name="article_public_needs_publish_at",
                violation_error_message="A scheduled or published article needs a publish time.",
            ),
            models.CheckConstraint(
                condition=Q(rating_sum__gte=models.F("rating_count"))
                & Q(rating_sum__lte=models.F("rating_count") * 5),
                name="article_rating_sum_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.edit_version = (self.edit_version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def cache_keys(self):
        """Its own page, and every list of explainers it may appear in."""
        return [key(self), LISTING]

    def page_keys(self):
        """What its page shows, as surrogate keys: itself, the lists, its byline and all it names
        or pictures (read from what `for_detail()` loaded, so naming them costs no query)."""
        shown = [
            self,
            *self.people.all(),
            *self.productions.all(),
            *self.episodes.all(),
            *self.tags.all(),
            *self.verdict_sources.all(),
        ]
        found = [LISTING, *(key(item) for item in shown), *self.byline_keys()]
        if self.hero_image_id:
            found.append(key(Image, self.hero_image_id))
        if self.sponsor_logo_id:
            found.append(key(Image, self.sponsor_logo_id))
        for block in self.blocks.all():
            if block.image_id:
                found.append(key(Image, block.image_id))
            if block.quote_id:
                found += block.quote.card_keys()
            if block.source_id:
                found.append(key(Source, block.source_id))
            if block.spoils_up_to_id:
                found.append(key(Episode, block.spoils_up_to_id))
        return list(dict.fromkeys(found))

    @property
    def is_public(self):
        return (
            self.status in self.LIVE_STATUSES
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    @property
    def shown_status(self):
        """The status editors read: a scheduled piece whose time has come is published."""
        if self.status == self.Status.SCHEDULED and self.is_public:
            return self.Status.PUBLISHED
        return self.status

    @property
    def shown_status_label(self):
        return self.Status(self.shown_status).label

    def check_transition(self, target):
        """Raise TransitionError unless this article may move to status `target`."""
        workflow.check_transition(self.status, target)

    def can_be_edited_by(self, user):
        """Editors edit any article; writers only their own drafts and submissions."""
        return workflow.can_edit(user, self)

    @property
    def word_count(self):
        """Words readers read: the standfirst and every block (as the services last counted)."""
        return len(self.standfirst.split()) + self.body_words

    @property
    def hero_alt_text(self):
        """The hero's alt text readers get: this page's own, else the library image's."""
        return self.hero_alt or (self.hero_image.alt if self.hero_image_id else "")

    @property
    def hero_credit_text(self):
        """The hero's credit readers see: this page's own, else the library image's."""
        return self.hero_credit or (self.hero_image.credit if self.hero_image_id else "")

    @property
    def reading_time(self):
        """(low, high) minutes, from the row alone: the body's stored figures, standfirst, hero."""
        images = (1 if self.hero_image_id else 0) + self.body_pictures
        return reading_time_range(self.word_count, images)

    @property
    def reading_time_display(self):
        low, high = self.reading_time
        return f"{low}–{high} min"

    @property
    def rating_average(self):
        return round(self.rating_sum / self.rating_count, 1) if self.rating_count else None

    @property
    def published_date(self):
        """When readers first saw it: the first publication, else its (scheduled) publish time."""
        return self.first_published_at or self.publish_at

    @property
    def last_modified(self):
        """Newest of the first publication, the last edit and the newest correction."""
        corrections = list(self.corrections.all())
        dates = [self.published_date, self.updated_at]
        dates += [correction.published_at for correction in corrections]
        dates = [date for date in dates if date]
        return max(dates) if dates else None

    @property
    def verdict_score(self):
        """The verdict on schema.org's 1 (false) to 5 (true) scale, for ClaimReview."""
        return {
            self.Verdict.TRUE: 5,
            self.Verdict.MOSTLY_TRUE: 4,
            self.Verdict.MIXED: 3,
            self.Verdict.INSPIRED: 2,
            self.Verdict.FICTION: 1,
        }.get(self.verdict)

    def body_groups(self):
        """The blocks in order, as the page renders them: consecutive blocks of a grouped
        kind (fact vs fiction) are gathered into one group, every other block stands alone."""
        groups = []
        for block in self.blocks.all():
            spec = block.spec
            if spec.grouped and groups and groups[-1].spec is spec:
                groups[-1].blocks.append(block)
            else:
                groups.append(BlockGroup(spec=spec, blocks=[block]))
        return groups

    def covered_episode_ranges(self):
        """[(series, "episodes 1–8")] for "Covers episodes 1–8" (prefetch `episodes`)."""
        from productions.models import episode_ranges

        return episode_ranges(self.episodes.all())

    def table_of_contents(self):
        """The blocks listed in the table of contents (headings), each with its anchor."""
        return [block for block in self.blocks.all() if block.spec.in_table_of_contents]
