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

    def for_listing(self):
        """What an article card needs, in a fixed number of queries."""
        from .block import ArticleBlock

        blocks = ArticleBlock.objects.select_related("quote", "image")
        return (
            self.select_related("hero_image")
            .prefetch_related("authors", Prefetch("blocks", queryset=blocks))
            .order_by("-publish_at", "-id")
        )

    def for_detail(self):
        """Everything the article page shows, in a number of queries that does not grow with it."""
        from .block import ArticleBlock

        blocks = ArticleBlock.objects.select_related(*block_registry.select_related())
        return self.select_related("hero_image").prefetch_related(
            "authors",
            "tags",
            "productions",
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
