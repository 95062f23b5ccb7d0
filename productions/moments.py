"""When a release happens: a date, and where it matters a time in a named zone.

An episode, a season and an offer keep their dates as before (a date-only row stays a
date, shown without a time) and may add a time and an IANA zone ("00:00",
"America/Los_Angeles": Netflix's midnight Pacific). Each dated field has a stored UTC
instant beside it, written from the date, the time and the zone whenever the row is saved
(`Timed.save`), so queries compare instants: an offer starting at 08:00 UTC becomes current
at 08:00, not at midnight. A date without a time counts from the start of its day in the
site's zone (TIME_ZONE), as where to watch always did; the row's zone only places a time.
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.text import SingleLineCharField


@cache
def zone_names():
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value):
    """Refuse a zone name the time zone database does not know (a typo would move a time)."""
    if value and value not in zone_names():
        raise ValidationError(
            "“%(zone)s” is not a time zone name; use one like “Europe/London” or "
            "“America/Los_Angeles”.",
            code="unknown_time_zone",
            params={"zone": value},
        )


def site_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def instant(day, at=None, zone_name=""):
    """The UTC moment of `day` at `at` in `zone_name` (blank: the site's zone); a date
    without a time is the start of that day in the site's zone. None without a date."""
    if day is None:
        return None
    zone = zoneinfo.ZoneInfo(zone_name) if at is not None and zone_name else site_zone()
    local = datetime.datetime.combine(day, at or datetime.time(0), tzinfo=zone)
    return local.astimezone(datetime.UTC)


def start_of_day(day):
    """Midnight at the start of `day` in the site's zone, as a UTC moment."""
    return instant(day)


def start_of_next_day(now):
    """The coming midnight after `now` in the site's zone, as a UTC moment."""
    return start_of_day(timezone.localdate(now) + datetime.timedelta(days=1))


@dataclass(frozen=True)
class When:
    """A moment as readers see it: a date alone, or a UTC instant shown in the site's zone
    (a small script moves the visible text to the reader's zone)."""

    at: datetime.datetime
    timed: bool
    day: datetime.date

    @classmethod
    def of(cls, day, at, moment):
        """From a row's date, its optional time and its stored instant."""
        if at is None or moment is None:
            return cls(at=start_of_day(day), timed=False, day=day)
        return cls(at=moment, timed=True, day=timezone.localtime(moment, site_zone()).date())

    @property
    def iso(self):
        """The `datetime` attribute: "2027-01-12", or "2027-01-12T08:00:00Z"."""
        if not self.timed:
            return self.day.isoformat()
        return self.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def label(self, today=None):
        """The day, "12 January" in the coming months and "1 January 2026" otherwise, with
        ", 08:00 GMT" added for a time (in the site's zone)."""
        today = today or timezone.localdate()
        text = f"{self.day.day} {self.day:%B}"
        if not 0 <= (self.day - today).days < 183:
            text += f" {self.day.year}"
        if self.timed:
            local = timezone.localtime(self.at, site_zone())
            text += f", {local:%H:%M} {local.tzname()}"
        return text


def time_zone_field():
    """The zone a row's times are told in (blank: the site's)."""
    return SingleLineCharField(
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text="Where a time given here is told, e.g. “America/Los_Angeles” for Netflix's "
        "midnight Pacific. Blank: the site's own zone. Unused without a time.",
    )


class Timed(models.Model):
    """A row with dates that may carry a time: its zone, and its stored UTC instants.

    `MOMENTS` names, per instant field, the date and time fields it is written from;
    `END_MOMENTS` those that end a day (a date-only "until" lasts the whole of that day)."""

    MOMENTS = {}
    END_MOMENTS = ()

    #: Declared by each model (`time_zone_field()`), so forms show it after its times.
    time_zone = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # The instants are the row's own data, derived from fields on the same row.
        self.set_moments()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, *self.MOMENTS}
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for date_field, time_field in self.MOMENTS.values():
            if getattr(self, time_field) is not None and getattr(self, date_field) is None:
                errors.setdefault(time_field, []).append(
                    ValidationError("Give the date too, or leave the time out.", code="no_date")
                )
        if errors:
            raise ValidationError(errors)

    def set_moments(self):
        """Write each instant from its date, time and zone (also before a bulk insert)."""
        for moment_field, (date_field, time_field) in self.MOMENTS.items():
            day, at = getattr(self, date_field), getattr(self, time_field)
            if day is not None and at is None and moment_field in self.END_MOMENTS:
                day = day + datetime.timedelta(days=1)
            setattr(self, moment_field, instant(day, at, self.time_zone))

    def when(self, moment_field):
        """The `When` of one of the row's moments (None without its date)."""
        date_field, time_field = self.MOMENTS[moment_field]
        day = getattr(self, date_field)
        if day is None:
            return None
        return When.of(day, getattr(self, time_field), getattr(self, moment_field))
