"""Readers' star ratings of a production itself (the audience score on its page), apart from
their ratings of an explainer: a show's rating belongs to the show, not to the article."""

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone

#: Fewer ratings than this say little about a show: its page and data show none until then.
AUDIENCE_RATING_MINIMUM = 3


class AudienceScore:
    """A production's audience rating as readers see it: the average of 1–5 stars and how
    many gave one; `shown` only once enough readers rated it."""

    def __init__(self, count, average):
        self.count = count or 0
        self.average = round(float(average), 1) if self.count else None

    @property
    def shown(self):
        return self.count >= AUDIENCE_RATING_MINIMUM

    @property
    def stars(self):
        """Five stars, each "full", "half" or "empty", the average rounded to the nearest half."""
        halves = round((self.average or 0) * 2)
        return [
            "full" if halves >= place * 2 else "half" if halves == place * 2 - 1 else "empty"
            for place in range(1, 6)
        ]

    @property
    def missing(self):
        """How many more ratings before the score shows."""
        return max(0, AUDIENCE_RATING_MINIMUM - self.count)


class ProductionRatingQuerySet(models.QuerySet):
    def score_of(self, production):
        """The production's `AudienceScore`, in one query answered from its index."""
        found = self.filter(production=production).aggregate(count=Count("pk"), avg=Avg("value"))
        return AudienceScore(found["count"], found["avg"])


class ProductionRating(models.Model):
    """One reader's 1–5 star rating of a production; its page shows the average and count."""

    production = models.ForeignKey(
        "productions.Production", on_delete=models.CASCADE, related_name="audience_ratings"
    )
    voter_key = models.CharField(max_length=80)
    # As for an explainer's rating: a deleted account's rating stays, anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    value = models.PositiveSmallIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductionRatingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["production", "voter_key"], name="production_rating_one_per_reader"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="production_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["ip", "created_at"], name="production_rating_ip_idx"),
            # The average and count are read from the index alone.
            models.Index(fields=["production", "value"], name="production_rating_value_idx"),
        ]

    def __str__(self):
        return f"{self.value}★ on production {self.production_id}"
