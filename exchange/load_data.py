"""Threaded comments and stored counters for `manage.py make_load_data`."""

import datetime
import math
import random

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from articles.models import Article, ArticleBlock
from discussion.models import Comment, Rating

#: Every generated row is findable by this prefix (slugs, usernames, source URLs).
PREFIX = "load-"
BATCH = 2000
COMMENT_CHUNK = 5000
FIRST_NAMES = ["Avery", "Jordan", "Riley", "Sasha", "Morgan", "Robin", "Casey", "Devon", "Noor"]
LAST_NAMES = ["Quinn", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Reyes", "Walsh", "Haddad"]


class CommentsMixin:
    """Adds comment threads to the generated articles and recounts what the services count."""

    def _ensure_comments(self, target):
        generated = Comment.objects.filter(article__slug__startswith=f"{PREFIX}article-")
        existing = generated.count()
        if existing >= target:
            return 0
        articles = list(
            Article.objects.published()
            .filter(slug__startswith=f"{PREFIX}article-")
            .order_by("slug")
            .values_list("pk", flat=True)
        )
        quote_blocks = dict(
            ArticleBlock.objects.filter(article_id__in=articles, kind=ArticleBlock.Kind.QUOTE)
            .order_by("article_id", "position")
            .values_list("article_id", "pk")
        )
        for done in range(existing, target, COMMENT_CHUNK):
            count = min(COMMENT_CHUNK, target - done)
            rng = random.Random(self.seed * 7_919 + done)
            # One hot article takes a tenth of the comments, so thread pages must stay bounded.
            per_article = {}
            for _ in range(count):
                pk = articles[0] if rng.random() < 0.1 else rng.choice(articles)
                per_article[pk] = per_article.get(pk, 0) + 1
            with transaction.atomic():
                self._comment_chunk(per_article, quote_blocks, rng)
            self._progress(f"comments {done + count:,}/{target:,}")
        return target - existing

    def _comment(self, rng, article_id, parent=None, anchor=None):
        roll = rng.random()
        status = Comment.Status.APPROVED
        if roll > 0.97:
            status = Comment.Status.SPAM
        elif roll > 0.92:
            status = Comment.Status.PENDING
        elif roll > 0.90 and parent is None:
            status = Comment.Status.REMOVED
        if parent is None:
            created = self.now - datetime.timedelta(minutes=rng.randint(60, 500_000))
        else:
            created = parent.created_at + datetime.timedelta(minutes=rng.randint(1, 3_000))
        created = min(created, self.now)
        user = rng.choice(self.users) if rng.random() < 0.2 else None
        number = rng.randrange(10**9)
        return Comment(
            article_id=article_id,
            parent=parent,
            root=(parent.root or parent) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            user=user,
            guest_name="" if user else f"{FIRST_NAMES[number % 9]} {number % 97}",
            guest_email="" if user else f"reader{number}@example.com",
            body="I did not know the park scene was real. The table makes it clear. "
            * (1 + number % 3),
            status=status,
            anchor_block_id=anchor,
            is_spoiler=number % 17 == 0,
            ip="203.0.113.9",
            created_at=created,
            approved_at=created if status == Comment.Status.APPROVED else None,
        )

    def _comment_chunk(self, per_article, quote_blocks, rng):
        """Threads in three waves: roots, replies to roots, replies to replies."""
        waves = {}
        for article_id, count in per_article.items():
            roots = max(1, math.ceil(count * 0.6))
            first = (count - roots) * 2 // 3
            waves[article_id] = [roots, first, count - roots - first]
        parents = {}
        for wave in range(3):
            new = []
            for article_id, counts in waves.items():
                candidates = parents.get(article_id, [])
                for _ in range(counts[wave]):
                    if wave == 0 or not candidates:
                        anchor = quote_blocks.get(article_id) if rng.random() < 0.05 else None
                        new.append(self._comment(rng, article_id, anchor=anchor))
                    else:
                        new.append(self._comment(rng, article_id, parent=rng.choice(candidates)))
            Comment.objects.bulk_create(new, batch_size=BATCH)
            parents = {}
            for comment in new:
                if comment.status == Comment.Status.APPROVED:
                    parents.setdefault(comment.article_id, []).append(comment)

    def _recount(self):
        """Stored counters agree with the rows, as the discussion services keep them."""

        def count_of(queryset, aggregate):
            return Coalesce(
                Subquery(queryset.values("article").annotate(n=aggregate).values("n")),
                Value(0),
                output_field=IntegerField(),
            )

        approved = Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
        ratings = Rating.objects.filter(article=OuterRef("pk"))
        Article.objects.filter(slug__startswith=f"{PREFIX}article-").update(
            comment_count=count_of(approved, Count("pk")),
            rating_count=count_of(ratings, Count("pk")),
            rating_sum=count_of(ratings, Sum("value")),
        )
        feedback = (
            Comment.objects.filter(anchor_block=OuterRef("pk"), status=Comment.Status.APPROVED)
            .values("anchor_block")
            .annotate(n=Count("pk"))
            .values("n")
        )
        ArticleBlock.objects.filter(
            article__slug__startswith=f"{PREFIX}article-", kind=ArticleBlock.Kind.QUOTE
        ).update(feedback_count=Coalesce(Subquery(feedback), Value(0), output_field=IntegerField()))
        self._progress("counters recounted")
