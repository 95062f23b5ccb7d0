"""Reader accounts: a profile with mail preferences, follows, and what follow mail was sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from django_countries.fields import CountryField

from core.text import SingleLineCharField, SingleLineEmailField

#: The name shown on a signed-in reader's comments until they choose one.
DEFAULT_DISPLAY_NAME = "Reader"
#: The name a deleted reader's comments keep.
DELETED_READER = "[deleted reader]"


class ReaderProfile(models.Model):
    """A signed-in reader's name on their comments and which mail they want from us."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_profile"
    )
    display_name = SingleLineCharField(max_length=80, default=DEFAULT_DISPLAY_NAME)
    reply_mail = models.BooleanField(
        "mail me replies to my comments",
        default=True,
        help_text="Without ticking anything under the article.",
    )
    follow_mail = models.BooleanField("mail me new explainers about what I follow", default=True)
    country = CountryField(
        "where I watch",
        blank=True,
        help_text="Offers in this country come first on where-to-watch sections.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(display_name=""), name="profile_has_name")
        ]

    def __str__(self):
        return self.display_name


class FollowQuerySet(models.QuerySet):
    def active(self):
        return self.filter(confirmed_at__isnull=False, unsubscribed_at=None)

    def covering(self, article):
        """Active follows of anything this explainer covers: its productions, people, tags."""
        return self.active().filter(
            Q(production__in=article.productions.all())
            | Q(person__in=article.people.all())
            | Q(tag__in=article.tags.all())
        )


class Follow(models.Model):
    """An address that gets one mail when a new explainer covers a production, person or tag."""

    class Kind(models.TextChoices):
        PRODUCTION = "production", "Production"
        PERSON = "person", "Person"
        TAG = "tag", "Tag"

    email = SingleLineEmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    production = models.ForeignKey(
        "productions.Production", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tag = models.ForeignKey(
        "taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Signed into every confirm and unsubscribe link and moved on by each use, as for
    # discussion subscriptions: a used or superseded confirmation link never acts again.
    token_version = models.PositiveIntegerField(default=0, editable=False)

    objects = FollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(production__isnull=False, person=None, tag=None)
                    | Q(production=None, person__isnull=False, tag=None)
                    | Q(production=None, person=None, tag__isnull=False)
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["email", "production"],
                condition=Q(production__isnull=False),
                name="follow_one_per_production",
            ),
            models.UniqueConstraint(
                fields=["email", "person"],
                condition=Q(person__isnull=False),
                name="follow_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["email", "tag"], condition=Q(tag__isnull=False), name="follow_one_per_tag"
            ),
        ]
        indexes = [models.Index(fields=["email", "confirmed_at"])]

    def __str__(self):
        return f"{self.email} → {self.target}"

    @property
    def target(self):
        return self.production or self.person or self.tag

    @property
    def kind(self):
        if self.production_id:
            return self.Kind.PRODUCTION
        return self.Kind.PERSON if self.person_id else self.Kind.TAG

    @property
    def target_name(self):
        target = self.target
        return getattr(target, "title", None) or getattr(target, "name", "") or str(target)

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None


class FollowNotice(models.Model):
    """One new explainer owed to one follower: gathered into at most one mail a day."""

    email = SingleLineEmailField(db_index=True)
    follow = models.ForeignKey(Follow, on_delete=models.CASCADE, related_name="notices")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The digest mail that carried it; empty while it waits for the reader's next mail.
    delivery = models.ForeignKey(
        "outbox.MailDelivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "article"], name="notice_one_per_article")
        ]
        indexes = [models.Index(fields=["email", "sent_at"])]

    def __str__(self):
        return f"{self.email}: article {self.article_id}"


class Announcement(models.Model):
    """An explainer whose first publication followers have been told about (once ever)."""

    article = models.OneToOneField("articles.Article", on_delete=models.CASCADE, related_name="+")
    announced_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"article {self.article_id} announced {self.announced_at:%d %b %Y}"
