from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.pagecache import tag
from core.text import SingleLineCharField, SingleLineSlugField


class Production(models.Model):
    """A series, film or book that explainers are about; readers get a page for each."""

    class Kind(models.TextChoices):
        SERIES = "series", "TV series"
        MINISERIES = "miniseries", "Limited series"
        FILM = "film", "Film"
        NOVEL = "novel", "Novel"
        BOOK = "book", "Book (non-fiction)"
        DOCUMENTARY = "documentary", "Documentary"
        PODCAST = "podcast", "Podcast"
        GAME = "game", "Video game"
        OTHER = "other", "Other"

    title = SingleLineCharField(max_length=200)
    slug = SingleLineSlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SERIES)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    release_date = models.DateField(null=True, blank=True)
    platform = SingleLineCharField(
        max_length=100, blank=True, help_text="Network, streamer or publisher, e.g. Netflix."
    )
    episode_count = models.PositiveSmallIntegerField(null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        help_text="The work this one adapts, e.g. the novel behind a series.",
    )
    synopsis = models.TextField(blank=True)
    poster = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pick from the image library, or upload a new one with “+”.",
    )
    poster_alt = SingleLineCharField(
        "poster alt text (here only)",
        max_length=250,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    poster_credit = SingleLineCharField(
        "poster credit (here only)",
        max_length=200,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    filming_locations = models.TextField(blank=True, help_text="One place per line.")
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1800, year__lte=2200),
                name="production_year_plausible",
                violation_error_message="The year must be between 1800 and 2200.",
            ),
            models.CheckConstraint(
                condition=~Q(based_on=models.F("pk")),
                name="production_not_based_on_itself",
                violation_error_message="A production cannot be based on itself.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def get_absolute_url(self):
        return reverse("productions:detail", kwargs={"slug": self.slug})

    def page_cache_tags(self):
        """Its page, and the page of what it is based on (which lists its adaptations)."""
        return [tag("production", pk) for pk in (self.pk, self.based_on_id) if pk]

    @property
    def poster_alt_text(self):
        """The poster's alt text: this page's own, else the library image's, else title."""
        own = self.poster_alt or (self.poster.alt if self.poster_id else "")
        return own or self.title

    @property
    def poster_credit_text(self):
        return self.poster_credit or (self.poster.credit if self.poster_id else "")

    @property
    def filming_location_list(self):
        return [line.strip() for line in self.filming_locations.splitlines() if line.strip()]

    @property
    def schema_type(self):
        """The schema.org type search engines expect for this kind of work."""
        return {
            self.Kind.SERIES: "TVSeries",
            self.Kind.MINISERIES: "TVSeries",
            self.Kind.FILM: "Movie",
            self.Kind.DOCUMENTARY: "Movie",
            self.Kind.NOVEL: "Book",
            self.Kind.BOOK: "Book",
            self.Kind.PODCAST: "PodcastSeries",
            self.Kind.GAME: "VideoGame",
        }.get(self.kind, "CreativeWork")


class AvailabilityQuerySet(models.QuerySet):
    def current(self, today=None):
        """Where the production can be watched or bought on `today`."""
        today = today or timezone.localdate()
        return self.filter(available_from__lte=today).filter(
            Q(available_until__isnull=True) | Q(available_until__gte=today)
        )

    def expired(self, today=None):
        """Offers whose end date has passed: explainers citing them need a look."""
        today = today or timezone.localdate()
        return self.filter(available_until__lt=today)


class Availability(models.Model):
    """Where to watch or buy a production, so a page can say "streaming on Netflix since …"."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="availabilities"
    )
    platform = SingleLineCharField(max_length=100)
    region = SingleLineCharField(max_length=100, blank=True, help_text="Blank means worldwide.")
    url = models.URLField(blank=True)
    available_from = models.DateField()
    available_until = models.DateField(null=True, blank=True)

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "availabilities"
        ordering = ["available_from", "platform"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_until__gt=models.F("available_from")),
                name="availability_until_after_from",
                violation_error_message="“Until” must be after “from”.",
            ),
            models.UniqueConstraint(
                fields=["production", "platform", "region", "available_from"],
                name="availability_unique_offer",
            ),
        ]

    def __str__(self):
        where = f" ({self.region})" if self.region else ""
        return f"{self.platform}{where} from {self.available_from:%d %b %Y}"

    def page_cache_tags(self):
        """The production's page shows where to watch it."""
        return [tag("production", self.production_id)]

    def is_expired(self, today=None):
        """Whether the offer had ended by `today`: explainers citing it need a look."""
        today = today or timezone.localdate()
        return self.available_until is not None and self.available_until < today
