"""Writers' requests for catalogue records they may not add themselves (a production, an episode).

The request lives in `articles`, not `productions`: it is an editorial act (a writer, for the
piece they are writing, asks the editors), it points at that article with a real foreign key
(the dashboard names and links it in one join), and `productions` may not import `articles`.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from productions.models import Production

from .article import Article


class CatalogueRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CatalogueRequest.Status.OPEN)

    def for_dashboard(self):
        """What the dashboard prints for each request: who asked, for which article."""
        return self.select_related("requested_by", "article", "handled_by")


class CatalogueRequest(models.Model):
    """A writer's ask for a missing production or episode; editors see it on their dashboard,
    add the record from it and mark it added or declined, and the writer is mailed the answer."""

    class Kind(models.TextChoices):
        PRODUCTION = "production", "Production"
        EPISODE = "episode", "Episode"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an editor"
        DONE = "done", "Added"
        DECLINED = "declined", "Declined"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRODUCTION)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The production's title, or the episode's own title if you know it.",
    )
    production_kind = models.CharField(
        "what it is",
        max_length=20,
        choices=Production.Kind.choices,
        blank=True,
        help_text="For a production: a series, a film, a novel…",
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.CharField(
        max_length=200,
        blank=True,
        help_text="For an episode: the series it belongs to.",
    )
    season_number = models.PositiveSmallIntegerField(null=True, blank=True)
    episode_number = models.PositiveSmallIntegerField(null=True, blank=True)
    link = models.URLField(
        blank=True, help_text="A page about it (the platform's, IMDb, Wikipedia) helps the editor."
    )
    details = models.TextField(
        blank=True, help_text="Anything else the editor should know: platform, cast, air date…"
    )
    #: The case-insensitive name of what is asked for, one per open request (see the constraint).
    subject_key = models.CharField(max_length=420, editable=False)
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="catalogue_requests",
        help_text="The piece that needs it.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="catalogue_requests",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    reply = models.TextField(
        blank=True, help_text="Sent to the writer with the answer (why declined, what to pick)."
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CatalogueRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "catalogue request"
        constraints = [
            # Two writers asking for the same show make one request, not two.
            models.UniqueConstraint(
                Lower("subject_key"),
                condition=models.Q(status="open"),
                name="catalogue_request_open_once",
                violation_error_message="This is already asked for and waiting for an editor.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="catalogue_request_status_idx"),
        ]

    def __str__(self):
        return self.subject

    @property
    def subject(self):
        """What is asked for, as the dashboard and the mail name it ("Missing You S1E5")."""
        from ..catalogue_requests import REQUESTABLE

        return REQUESTABLE[self.kind].subject(self)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN
