from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.pagecache import key
from core.text import SingleLineCharField, SingleLineSlugField
from productions.models import Episode, Production


class Person(models.Model):
    """Someone explainers are about or quote: an author, an actor, a showrunner."""

    name = SingleLineCharField(max_length=200)
    slug = SingleLineSlugField(max_length=220, unique=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pick from the image library, or upload a new one with “+”.",
    )
    photo_alt = SingleLineCharField(
        "photo alt text (here only)",
        max_length=250,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    photo_credit = SingleLineCharField(
        "photo credit (here only)",
        max_length=200,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", kwargs={"slug": self.slug})

    @property
    def photo_alt_text(self):
        """The photo's alt text: this page's own, else the library image's, else name."""
        own = self.photo_alt or (self.photo.alt if self.photo_id else "")
        return own or self.name

    @property
    def photo_credit_text(self):
        return self.photo_credit or (self.photo.credit if self.photo_id else "")


class PersonLink(models.Model):
    """An official site or profile shown on a person's page (and as schema.org sameAs)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    label = SingleLineCharField(max_length=100)
    url = models.URLField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "url"], name="personlink_unique_url"),
        ]

    def __str__(self):
        return self.label

    def cache_keys(self):
        """The person's page lists their links."""
        return [key(Person, self.person_id)]


class Credit(models.Model):
    """Who did what on a production: "James Nesbitt plays Simon Greene"."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Author"
        CREATOR = "creator", "Creator"
        ACTOR = "actor", "Actor"
        WRITER = "writer", "Writer"
        DIRECTOR = "director", "Director"
        SHOWRUNNER = "showrunner", "Showrunner"
        PRODUCER = "producer", "Producer"
        EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
        ASSOCIATE_PRODUCER = "associate_producer", "Associate producer"
        COMPOSER = "composer", "Composer"
        PRESENTER = "presenter", "Presenter"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    production = models.ForeignKey(
        "productions.Production", on_delete=models.CASCADE, related_name="credits"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    character_name = SingleLineCharField(max_length=200, blank=True)
    note = SingleLineCharField(max_length=200, blank=True, help_text="e.g. “2 episodes”")
    billing_order = models.PositiveSmallIntegerField(default=0)
    episodes = models.ManyToManyField(
        "productions.Episode",
        blank=True,
        related_name="credits",
        help_text="The episodes they appear in, wrote or directed (blank: the whole run).",
    )

    class Meta:
        ordering = ["production", "billing_order", "id"]
        indexes = [
            # A production's page lists its credits in billing order.
            models.Index(
                fields=["production", "billing_order", "id"], name="credit_production_billing_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(billing_order__gte=0), name="credit_billing_order_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(role="actor") | Q(character_name=""),
                name="credit_character_only_for_actors",
                violation_error_message="Only actors play a character.",
            ),
            models.UniqueConstraint(
                fields=["person", "production", "role", "character_name"],
                name="credit_unique_role",
            ),
        ]

    def __str__(self):
        if self.character_name:
            return f"{self.person} as {self.character_name} in {self.production}"
        return f"{self.person}, {self.get_role_display().lower()}, {self.production}"

    def cache_keys(self):
        """A credit shows on the person's page, the production's and its episodes' pages."""
        found = [key(Person, self.person_id), key(Production, self.production_id)]
        if self.pk is not None:
            found += [key(Episode, pk) for pk in self.episodes.values_list("pk", flat=True)]
        return found

    def episode_problems(self, episodes):
        """Why `episodes` cannot be this credit's: each must belong to its production."""
        wrong = [e for e in episodes if e.season.production_id != self.production_id]
        if wrong:
            return [f"{e} is not an episode of this production." for e in wrong]
        return []


class Source(models.Model):
    """A citable record behind a fact or a quote, reused wherever it is cited."""

    outlet = SingleLineCharField(max_length=200, help_text="e.g. Netflix Tudum, The Guardian")
    title = SingleLineCharField(max_length=300)
    url = models.URLField(blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["outlet", "title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_unique_url"),
        ]

    def __str__(self):
        return f"{self.outlet}: {self.title}"


class QuoteQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("speaker", "source")


class Quote(models.Model):
    """Exact words (or a marked paraphrase) by a person, with its source: citable on its own URL."""

    text = models.TextField(help_text="The exact words, without quotation marks.")
    speaker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    context = SingleLineCharField(
        max_length=300, blank=True, help_text="When and where it was said, in one line."
    )
    is_paraphrase = models.BooleanField(
        default=False, help_text="Reported speech, not the exact words: shown as a paraphrase."
    )
    productions = models.ManyToManyField(
        "productions.Production", blank=True, related_name="quotes"
    )
    episodes = models.ManyToManyField(
        "productions.Episode",
        blank=True,
        related_name="quotes",
        help_text="Episodes it is about: shown on their pages.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A person's page lists their quotes newest first; the admin lists all of them so.
            models.Index(fields=["speaker", "-created_at", "-id"], name="quote_speaker_newest_idx"),
            models.Index(fields=["-created_at", "-id"], name="quote_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="quote_text_not_empty"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57].rstrip() + "…"
        return f"{self.speaker or 'Unattributed'}: “{words}”"

    def get_absolute_url(self):
        return reverse("people:quote", kwargs={"pk": self.pk})

    def card_keys(self):
        """What a card of this quote shows: its words, its speaker and its source."""
        found = [key(self)]
        if self.speaker_id:
            found.append(key(Person, self.speaker_id))
        if self.source_id:
            found.append(key(Source, self.source_id))
        return found

    def page_keys(self):
        """What its own page shows: the card and the productions it is about."""
        productions = self.productions.all()
        return [*self.card_keys(), *(key(production) for production in productions)]

    def cache_keys(self):
        """A quote shows on its permalink, its speaker's page and its productions' pages."""
        found = [key(self)]
        if self.speaker_id:
            found.append(key(Person, self.speaker_id))
        if self.pk is not None:
            productions = self.productions.values_list("pk", flat=True)
            found += [key(Production, pk) for pk in productions]
            found += [key(Episode, pk) for pk in self.episodes.values_list("pk", flat=True)]
        return found

    @property
    def is_citable(self):
        """A quote can appear in a published article only with a speaker and a source."""
        return self.speaker_id is not None and self.source_id is not None
