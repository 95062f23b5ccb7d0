from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from django_countries.fields import CountryField

from core.countries import country_name
from core.pagecache import SCHEDULE, key
from core.text import SingleLineCharField

from ..moments import Timed, start_of_day, start_of_next_day, time_zone_field
from .catalogue import Production


class AvailabilityQuerySet(models.QuerySet):
    def current(self, today=None, *, now=None):
        """Where the production can be watched or bought at `now` (or on the day `today`):
        started, and not yet ended (a date-only end lasts the whole of its day)."""
        now = start_of_day(today) if today is not None else (now or timezone.now())
        return self.filter(starts_at__lte=now).not_over(now=now)

    def not_over(self, *, now):
        """Offers not ended at `now`: current ones and those still to come."""
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def shown_today(self, *, now):
        """What a page rendered at `now` reads: offers current then, and those starting before
        midnight, whose moment ends the stored copy."""
        return self.not_over(now=now).filter(starts_at__lt=start_of_next_day(now))

    def upcoming(self, *, now=None):
        """Offers not started yet: "Coming to Netflix on …"."""
        return self.filter(starts_at__gt=now or timezone.now())

    def expired(self, today=None):
        """Offers whose end date has passed: explainers citing them need a look."""
        now = start_of_day(today) if today is not None else timezone.now()
        return self.filter(ends_at__lte=now)


class OfferType(models.TextChoices):
    """How a reader gets it: on a subscription, free (perhaps with ads), to rent, to buy, or at
    the cinema. Pages group a country's offers by `OFFER_GROUPS`."""

    SUBSCRIPTION = "subscription", "Subscription"
    FREE = "free", "Free"
    ADS = "ads", "Free with ads"
    RENT = "rent", "Rent"
    BUY = "buy", "Buy"
    CINEMA = "cinema", "In cinemas"


#: The headings a country's offers come under, in this order, and the types under each.
OFFER_GROUPS = (
    ("Stream", (OfferType.SUBSCRIPTION,)),
    ("Free", (OfferType.FREE, OfferType.ADS)),
    ("Rent or buy", (OfferType.RENT, OfferType.BUY)),
    ("In cinemas", (OfferType.CINEMA,)),
)


class Availability(Timed):
    """Where to watch or buy a production, so a page can say "streaming on Netflix since …",
    "coming to Netflix on …" or "leaving Netflix on …"."""

    MOMENTS = {
        "starts_at": ("available_from", "available_from_time"),
        "ends_at": ("available_until", "available_until_time"),
    }
    END_MOMENTS = ("ends_at",)

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="availabilities"
    )
    platform = SingleLineCharField(max_length=100)
    country = CountryField(
        blank=True, db_index=True, help_text="Where the offer holds. Blank means worldwide."
    )
    offer_type = models.CharField(
        max_length=12, choices=OfferType.choices, default=OfferType.SUBSCRIPTION
    )
    region_note = SingleLineCharField(
        "region as typed",
        max_length=100,
        blank=True,
        help_text="The free-text region this offer had before countries were codes, kept "
        "because it was not understood (or read as another offer's country): choose the "
        "country above, then empty this.",
    )
    url = models.URLField(blank=True)
    affiliate = models.BooleanField(
        default=False,
        help_text="We earn a commission from this link: readers see it marked as sponsored, "
        "after the disclosure line.",
    )
    available_from = models.DateField()
    available_from_time = models.TimeField(
        "from (time)", null=True, blank=True, help_text="Optional, e.g. 00:00 (in the zone below)."
    )
    available_until = models.DateField(
        null=True, blank=True, help_text="The last day it can be watched."
    )
    available_until_time = models.TimeField(
        "until (time)", null=True, blank=True, help_text="Optional: the moment it leaves."
    )
    time_zone = time_zone_field()
    season = models.ForeignKey(
        "Season",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="availabilities",
        help_text="Only this season (blank: the whole production).",
    )
    #: When it starts and ends, in UTC, written on save from the dates, times and zone.
    starts_at = models.DateTimeField(null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(null=True, editable=False, db_index=True)

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
                fields=[
                    "production",
                    "platform",
                    "country",
                    "offer_type",
                    "available_from",
                    "region_note",
                ],
                name="availability_unique_offer",
            ),
        ]

    def __str__(self):
        where = f" ({self.region})" if self.country else ""
        season = f", season {self.season.number}" if self.season_id else ""
        return f"{self.platform}{where}{season} from {self.available_from:%d %b %Y}"

    @property
    def region(self):
        """Where it holds, as readers read it: “United Kingdom”, or "" for worldwide."""
        return country_name(self.country.code if self.country else "")

    @property
    def type_label(self):
        """“Rent”, “Free with ads”: shown beside the platform unless it is a subscription."""
        return "" if self.offer_type == OfferType.SUBSCRIPTION else self.get_offer_type_display()

    def clean(self):
        if (
            self.season_id
            and self.production_id
            and self.season.production_id != self.production_id
        ):
            raise ValidationError({"season": "Choose a season of this production."})

    def cache_keys(self):
        """The production's page shows where to watch it; the schedule its arrivals and
        departures."""
        return [key(Production, self.production_id), SCHEDULE]

    def is_expired(self, today=None):
        """Whether the offer had ended by `today`: explainers citing it need a look."""
        now = start_of_day(today or timezone.localdate())
        return self.ends_at is not None and self.ends_at <= now

    @property
    def starts(self):
        """When it starts, as readers see it (`moments.When`)."""
        return self.when("starts_at")

    @property
    def ends(self):
        """When it ends, as readers see it (its last day when date-only), or None."""
        return self.when("ends_at")
