from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.pagecache import SCHEDULE, key
from core.text import SingleLineCharField, SingleLineSlugField

from ..moments import Timed, time_zone_field
from ..positions import position_label


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

    def slug_hints(self):
        """What tells it apart from a namesake in a suggested slug: its kind, then its year."""
        return [self.kind, self.year]

    def cache_keys(self):
        """Its page, and the page of what it is based on (which lists its adaptations)."""
        return [key(Production, pk) for pk in (self.pk, self.based_on_id) if pk]

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


class Season(Timed):
    """A numbered season of a series: its page section lists its episodes in order; a
    season still to come is on the release calendar."""

    MOMENTS = {"releases_at": ("release_date", "release_time")}

    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField()
    title = SingleLineCharField(max_length=200, blank=True, help_text="Blank: “Season N”.")
    release_date = models.DateField(null=True, blank=True)
    release_time = models.TimeField(
        null=True, blank=True, help_text="Optional, e.g. 00:00 (in the time zone)."
    )
    time_zone = time_zone_field()
    #: When it comes out, in UTC, written on save from the date, time and zone.
    releases_at = models.DateTimeField(null=True, editable=False, db_index=True)

    class Meta:
        ordering = ["production", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "number"],
                name="season_unique_number",
                violation_error_message="This series already has a season with that number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="season_number_positive",
                violation_error_message="Seasons are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{self.production.title}, {self.display_title.lower()}"

    @property
    def display_title(self):
        return self.title or f"Season {self.number}"

    def cache_keys(self):
        """The series page lists its seasons; each episode page names its season; the
        schedule lists a season to come."""
        return [key(Production, self.production_id), key(self), SCHEDULE]

    @property
    def release(self):
        """When it comes out, as readers see it (`moments.When`), or None."""
        return self.when("releases_at")


class EpisodeQuerySet(models.QuerySet):
    def in_order(self):
        """Season by season, episode by episode, with what a label or a link needs."""
        return self.select_related("season__production").order_by("season__number", "number", "id")

    def of_series(self, series_ids):
        return self.filter(season__production_id__in=series_ids)


class Episode(Timed):
    """One episode of a season: its own page, credits, explainers and spoiler position; an
    episode still to come is on the release calendar."""

    MOMENTS = {"airs_at": ("air_date", "air_time")}

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="episodes")
    number = models.PositiveSmallIntegerField(help_text="Its number within the season.")
    title = SingleLineCharField(max_length=200)
    air_date = models.DateField(null=True, blank=True, help_text="First aired or released.")
    air_time = models.TimeField(
        null=True, blank=True, help_text="Optional, e.g. 21:00 (in the time zone)."
    )
    time_zone = time_zone_field()
    #: When it airs, in UTC, written on save from the date, time and zone.
    airs_at = models.DateTimeField(null=True, editable=False, db_index=True)
    runtime_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    synopsis = models.TextField(blank=True)
    synopsis_has_spoilers = models.BooleanField(
        default=True, help_text="Readers open the synopsis themselves."
    )
    adapts_chapters = SingleLineCharField(
        max_length=200, blank=True, help_text="Which chapters it adapts, e.g. “Chapters 1–6”."
    )
    adapts = models.ForeignKey(
        Production,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adapted_in_episodes",
        help_text="The book or work it adapts, where known.",
    )

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_unique_number",
                violation_error_message="This season already has an episode with that number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="episode_number_positive",
                violation_error_message="Episodes are numbered from 1.",
            ),
        ]

    def __str__(self):
        return f"{self.season.production.title} {self.code} · {self.title}"

    def get_absolute_url(self):
        return reverse(
            "productions:episode",
            kwargs={
                "slug": self.season.production.slug,
                "season": self.season.number,
                "number": self.number,
            },
        )

    @property
    def quotable_synopsis(self):
        """The synopsis where it may show outside its fold (JSON-LD, API, snippets): none when
        it spoils the episode, since readers open that one themselves."""
        return "" if self.synopsis_has_spoilers else self.synopsis

    @property
    def series(self):
        return self.season.production

    @property
    def code(self):
        """“S1E5”, as editors and the spoiler cookie name it."""
        return f"S{self.season.number}E{self.number}"

    @property
    def has_own_title(self):
        """False for a placeholder title (“Episode 5”), which says no more than its number."""
        return self.title.strip().casefold() != f"episode {self.number}"

    @property
    def option_label(self):
        """How a list of episodes names it: “S1E5: The Lake”, or “S1E5” for a placeholder."""
        return f"{self.code}: {self.title}" if self.has_own_title else self.code

    @property
    def position(self):
        """Where it falls in the series: (season number, episode number)."""
        return (self.season.number, self.number)

    @property
    def reader_label(self):
        """How a reader's sentence names it: “episode 5”, or “season 2, episode 5”."""
        return position_label(self.season.number, self.number)

    def cache_keys(self):
        """Its own page, its series' page (which lists it), the schedule (an episode to come)."""
        return [key(self), key(Production, self.season.production_id), SCHEDULE]

    @property
    def airs(self):
        """When it airs, as readers see it (`moments.When`), or None."""
        return self.when("airs_at")


def episode_ranges(episodes):
    """“episodes 1–8”, or “season 1, episodes 1–3 and 5; season 2, episode 1”, per series.

    `episodes` are loaded with their season and series; returns [(series, words)] in order.
    """
    by_series = {}
    for episode in sorted(episodes, key=lambda e: (e.season.production_id, *e.position)):
        seasons = by_series.setdefault(episode.season.production, {})
        seasons.setdefault(episode.season.number, []).append(episode.number)
    result = []
    for series, seasons in by_series.items():
        parts = []
        for season, numbers in seasons.items():
            words = _compact(sorted(set(numbers)))
            prefix = f"season {season}, " if len(seasons) > 1 or season != 1 else ""
            parts.append(prefix + words)
        result.append((series, "; ".join(parts)))
    return result


def _compact(numbers):
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    pieces = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    noun = "episode" if len(numbers) == 1 else "episodes"
    if len(pieces) > 1:
        return f"{noun} {', '.join(pieces[:-1])} and {pieces[-1]}"
    return f"{noun} {pieces[0]}"
