"""A review's verdict: readers see "4/5" with stars, a one-line verdict under the headline and
a link to what it reviews; search engines get a `Review` with its rating.

Only an article of the review kind carries these fields. What it reviews is a production, or
one of its seasons, or one episode: exactly one, and always a work the article covers, so the
production's page can find its critic reviews through the covered productions it already lists.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from core.text import SingleLineCharField

#: A verdict is one line readers take in at a glance, as a critic's pull quote.
VERDICT_MAX_LENGTH = 160
#: The lowest score on either scale: one star, as Google reads a rating without worstRating.
WORST_SCORE = 1
#: What it reviews, most precise first: the first one set is the one reviewed.
REVIEWED_FIELDS = ("reviewed_episode", "reviewed_season", "reviewed_production")


class ReviewScale(models.IntegerChoices):
    """Out of 5 stars (halves allowed), or out of 10 (whole points)."""

    FIVE = 5, "Out of 5 stars (halves allowed)"
    TEN = 10, "Out of 10"


def score_problem(scale, score):
    """What is wrong with `score` on `scale`, in words, or "" (the one rule for every entry)."""
    if score is None:
        return ""
    if not scale:
        return "Choose the scale the score is out of."
    steps = Decimal("0.5") if scale == ReviewScale.FIVE else Decimal(1)
    if not WORST_SCORE <= score <= scale or score % steps:
        shown = "in halves" if scale == ReviewScale.FIVE else "in whole points"
        return f"Give a score from {WORST_SCORE} to {scale}, {shown}."
    return ""


REVIEW_CONSTRAINTS = [
    models.CheckConstraint(
        condition=Q(review_score__isnull=True)
        | Q(review_scale=5, review_score__gte=WORST_SCORE, review_score__lte=5)
        | Q(review_scale=10, review_score__gte=WORST_SCORE, review_score__lte=10),
        name="article_review_score_on_scale",
        violation_error_message="Give a score within its scale.",
    ),
    models.CheckConstraint(
        condition=Q(kind="review")
        | Q(
            review_score__isnull=True,
            reviewed_production__isnull=True,
            reviewed_season__isnull=True,
            reviewed_episode__isnull=True,
        ),
        name="article_review_fields_only_on_reviews",
        violation_error_message="Only a review carries a score and what it reviews.",
    ),
]


class Reviewed(models.Model):
    """The review fields of an article: a score on a scale, a verdict, and what it reviews."""

    review_scale = models.PositiveSmallIntegerField(
        "scale", choices=ReviewScale.choices, null=True, blank=True
    )
    review_score = models.DecimalField(
        "score",
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="e.g. 4 or 3.5 out of 5, 8 out of 10.",
    )
    review_verdict = SingleLineCharField(
        "verdict in one line",
        max_length=VERDICT_MAX_LENGTH,
        blank=True,
        help_text="Shown under the headline, e.g. A twisty, binge-worthy thriller.",
    )
    reviewed_production = models.ForeignKey(
        "productions.Production",
        verbose_name="reviews the production",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_season = models.ForeignKey(
        "productions.Season",
        verbose_name="or one season",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_episode = models.ForeignKey(
        "productions.Episode",
        verbose_name="or one episode",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_scored_review(self):
        """Whether readers see a score: a review with its score and what it reviews."""
        return self.review_score is not None and self.reviewed is not None

    @property
    def reviewed(self):
        """The episode, season or production it reviews, or None."""
        for name in REVIEWED_FIELDS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    @property
    def reviewed_series(self):
        """The production behind what it reviews (the series of a season or an episode)."""
        if self.reviewed_episode_id:
            return self.reviewed_episode.season.production
        if self.reviewed_season_id:
            return self.reviewed_season.production
        return self.reviewed_production if self.reviewed_production_id else None

    @property
    def score_display(self):
        """“4/5”, “3.5/5”, “8/10”: the score as readers read it."""
        if self.review_score is None:
            return ""
        score = self.review_score.normalize()
        return f"{score:f}/{self.review_scale}"

    @property
    def score_words(self):
        """“4 out of 5”: the score as a screen reader says it."""
        return self.score_display.replace("/", " out of ")

    @property
    def score_stars(self):
        """Five stars, each "full", "half" or "empty", for a score out of 5; [] otherwise."""
        if self.review_score is None or self.review_scale != ReviewScale.FIVE:
            return []
        score = self.review_score
        return [
            "full" if score >= place else "half" if score >= place - Decimal("0.5") else "empty"
            for place in range(1, 6)
        ]

    def clean(self):
        """A score on its scale, exactly one work reviewed, and all of it only on a review."""
        super().clean()
        picked = [name for name in REVIEWED_FIELDS if getattr(self, f"{name}_id")]
        own = (self.review_score, self.review_verdict, self.review_scale, *picked)
        if self.kind != self.Kind.REVIEW:
            if any(value not in (None, "") for value in own):
                raise ValidationError(
                    {
                        "kind": "Only a review carries a score, a verdict and what it reviews: "
                        "choose the kind Review, or clear the review fields."
                    }
                )
            return
        errors = {}
        problem = score_problem(self.review_scale, self.review_score)
        if problem:
            errors["review_score"] = problem
        if self.review_scale and self.review_score is None:
            errors["review_score"] = "Give the score, or clear the scale."
        if len(picked) > 1:
            errors[picked[0]] = (
                "A review is of one production, one season or one episode: keep only one."
            )
        if self.review_score is not None and not picked:
            errors["reviewed_production"] = (
                "Say what it reviews: the production, one season or one episode."
            )
        if errors:
            raise ValidationError(errors)


def review_coverage_problem(article, productions):
    """Words when the reviewed work is not among the productions the article covers, or ""."""
    series = article.reviewed_series
    if series is None or any(p.pk == series.pk for p in productions):
        return ""
    return f"It reviews {series.title}: add it under Covers › Productions too."
