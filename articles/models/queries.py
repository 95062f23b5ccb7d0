"""How code asks for articles: what readers may see, what a page needs loaded, what is related."""

import functools
import operator

from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..blocks import registry as block_registry

#: What one shared production, person or tag adds to a related article's rank.
RELATED_WEIGHTS = {"productions": 4, "people": 2, "tags": 1}
#: Newest articles sharing each kind that are ranked for "related articles".
RELATED_CANDIDATES = 200


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, or scheduled with its time come (no cron needed)."""
        return self.live().filter(publish_at__lte=now or timezone.now())

    def with_shown_status(self, now=None):
        """Each article's status as editors should read it, as `status_now` (to sort by).

        A scheduled piece whose time has come is published for readers already (see
        `published()`), so the admin says "Published" too, without any job changing the row.
        """
        Status = self.model.Status
        return self.annotate(
            status_now=models.Case(
                models.When(
                    status=Status.SCHEDULED,
                    publish_at__lte=now or timezone.now(),
                    then=models.Value(Status.PUBLISHED),
                ),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )

    def in_shown_status(self, status, now=None):
        """Articles an editor sees in `status`: scheduled ones whose time came are published."""
        Status, now = self.model.Status, now or timezone.now()
        if status == Status.PUBLISHED:
            return self.filter(
                Q(status=Status.PUBLISHED) | Q(status=Status.SCHEDULED, publish_at__lte=now)
            )
        if status == Status.SCHEDULED:
            return self.filter(status=Status.SCHEDULED, publish_at__gt=now)
        return self.filter(status=status)

    def upcoming(self, until=None, now=None):
        """Scheduled pieces readers do not see yet (up to `until`), soonest first."""
        now = now or timezone.now()
        upcoming = self.in_shown_status(self.model.Status.SCHEDULED, now=now)
        if until is not None:
            upcoming = upcoming.filter(publish_at__lte=until)
        return upcoming.order_by("publish_at", "id")

    def with_work_due(self, until=None):
        """Pieces still being written (draft or in review) that have a due date (up to
        `until`): the planning the dashboard and the schedule show, soonest first."""
        Status = self.model.Status
        due = self.filter(status__in=[Status.DRAFT, Status.IN_REVIEW], due_date__isnull=False)
        if until is not None:
            due = due.filter(due_date__lte=until)
        return due.order_by("due_date", "id")

    def live(self):
        """Published or scheduled: what readers see now or soon, so what must stay accurate."""
        return self.filter(status__in=self.model.LIVE_STATUSES)

    def due_for_review(self, today=None):
        """Live explainers whose "review by" date has come: an editor should check them."""
        today = today or timezone.localdate()
        return self.live().filter(review_by__lte=today)

    def citing_expired_availability(self, today=None):
        """Live explainers about a production whose where-to-watch offer has ended."""
        from productions.models import Availability

        expired = Availability.objects.expired(today)
        return self.live().filter(productions__availabilities__in=expired).distinct()

    def lacking_publish_needs(self):
        """Live explainers a publish would refuse today: imported ones published as they were.

        The same needs as `workflow.publish_problems`, as one query: an empty field of
        `PUBLISH_NEEDS`, an empty body, or a block its kind calls incomplete. The freshness
        page asks `publish_problems` for the words.
        """
        from .. import workflow
        from .block import ArticleBlock

        lacking = Q()
        for name in workflow.PUBLISH_NEEDS:
            field = self.model._meta.get_field(name)
            lacking |= Q(**{f"{name}__isnull": True}) if field.is_relation else Q(**{name: ""})
        blocks = ArticleBlock.objects.filter(article=models.OuterRef("pk"))
        incomplete = [
            Q(kind=kind.name) & kind.incomplete() for kind in block_registry if kind.incomplete()
        ]
        lacking |= ~models.Exists(blocks)
        if incomplete:
            lacking |= models.Exists(blocks.filter(functools.reduce(operator.or_, incomplete)))
        return self.live().filter(lacking)

    def tagged(self, tag=None):
        """Articles carrying `tag` (or any tag, with None), each once.

        An EXISTS over taggit's link table compares its `object_id` with the article's id
        as they are; the join `filter(tags=...)` writes makes casts `object_id` to bigint,
        which hides the (content type, object, tag) index, so PostgreSQL compared every
        link with every article of a page.
        """
        from django.contrib.contenttypes.models import ContentType

        from taggit.models import TaggedItem

        links = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            object_id=models.OuterRef("pk"),
        )
        if tag is not None:
            links = links.filter(tag=tag)
        return self.filter(models.Exists(links))

    def for_listing(self):
        """What an article card needs, in one query: the row and its hero image.

        The reading time is read from the row (`body_words`, `body_pictures`, kept by the
        services), so a list loads no blocks; the card's byline is one more query a page.
        """
        return self.select_related("hero_image").with_bylines().order_by("-publish_at", "-id")

    def with_bylines(self):
        """Each article's byline, its contributors in order, in one query for the lot."""
        from .contributor import Byline

        lines = Byline.objects.select_related("contributor").order_by("position", "id")
        return self.prefetch_related(Prefetch("bylines", queryset=lines))

    def for_detail(self):
        """Everything the article page shows, in a number of queries that does not grow with it."""
        from productions.models import Episode

        from .block import ArticleBlock
        from .contributor import Byline

        blocks = ArticleBlock.objects.select_related(*block_registry.select_related())
        lines = Byline.objects.select_related("contributor__photo").order_by("position", "id")
        return self.select_related(
            "hero_image",
            "sponsor_logo",
            "reviewed_production",
            "reviewed_season__production",
            "reviewed_episode__season__production",
        ).prefetch_related(
            Prefetch("bylines", queryset=lines),
            "tags",
            "productions",
            Prefetch("episodes", queryset=Episode.objects.in_order()),
            "people",
            "verdict_sources",
            "corrections",
            Prefetch("blocks", queryset=blocks),
        )

    def related_to(self, article, limit=4, candidates=RELATED_CANDIDATES):
        """Articles among these sharing the most productions, people and tags with `article`.

        A shared production weighs most, then a shared person, then a shared tag;
        newest first on ties. Only the newest `candidates` articles sharing each kind
        are ranked, so the cost stays flat however big the archive or a tag grows: one
        query picks them by index, a second ranks them. Reads the article's prefetched
        productions, people and tags (no query for them).
        """
        shared = {
            "productions": [production.pk for production in article.productions.all()],
            "people": [person.pk for person in article.people.all()],
            "tags": [tag.pk for tag in article.tags.all()],
        }
        shared = {relation: ids for relation, ids in shared.items() if ids}
        if not shared:
            return self.none()
        others = self.exclude(pk=article.pk)
        newest_sharing = [
            Q(
                pk__in=others.filter(**{f"{relation}__in": ids})
                .order_by("-publish_at", "-id")
                .values("pk")[:candidates]
            )
            for relation, ids in shared.items()
        ]
        # Evaluated here: ranking a short list of ids lets the database use the primary key
        # (one query over all three kinds at once would scan the archive to apply them).
        candidate_ids = list(
            others.filter(functools.reduce(operator.or_, newest_sharing)).values_list(
                "pk", flat=True
            )
        )
        relevance = sum(
            (
                Coalesce(_shared_count(self.model, relation, ids), 0) * RELATED_WEIGHTS[relation]
                for relation, ids in shared.items()
            ),
            start=models.Value(0),
        )
        return (
            others.filter(pk__in=candidate_ids)
            .annotate(relevance=relevance)
            .order_by("-relevance", "-publish_at", "-id")[:limit]
        )


def _shared_count(model, relation, ids):
    """How many of `ids` the outer article has in `relation`, read from the link table alone."""
    if relation == "tags":
        from taggit.models import TaggedItem

        links = TaggedItem.objects.filter(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            object_id=models.OuterRef("pk"),
            tag_id__in=ids,
        ).values("object_id")
    else:
        field = model._meta.get_field(relation)
        through = field.remote_field.through
        links = through.objects.filter(
            **{
                field.m2m_field_name(): models.OuterRef("pk"),
                f"{field.m2m_reverse_field_name()}__in": ids,
            }
        ).values(field.m2m_field_name())
    return models.Subquery(links.annotate(shared=models.Count("*")).values("shared"))


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    """Articles without their search document: only search reads it, and it is the widest column."""

    def get_queryset(self):
        return super().get_queryset().defer("search_vector")
