"""`manage.py make_load_data`: a large synthetic site for benchmarks, built with bulk inserts."""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleBlock
from articles.services import articles_update_search_vectors
from discussion.models import Rating
from exchange.load_data import BATCH, FIRST_NAMES, LAST_NAMES, PREFIX, CommentsMixin
from people.models import Credit, Person, Quote, Source
from productions.models import Production

QUOTE_CONTEXT = "load-data: generated quote"
ARTICLE_CHUNK = 1000
PARAGRAPH = (
    "<p>What the series shows and what really happened are not the same thing, and the gap "
    "between them is where the story lives. The writers took a real moment, moved it to another "
    "city and gave it to a character who never existed, then built {n} episodes around it.</p>"
)


def sizes(articles):
    """How many productions, people, sources, tags and users a site of `articles` has."""
    return {
        "productions": max(5, articles // 50),
        "people": max(10, articles // 25),
        "sources": max(3, articles // 500),
        "tags": max(8, articles // 100),
        "users": 20,
    }


def quotes_per_person(index):
    """The busy person (index 0) has many quotes; everyone else a few."""
    return 20 if index == 0 else 3


class Command(CommentsMixin, BaseCommand):
    help = (
        "Build a large synthetic site (articles with blocks, people with quotes, threaded "
        "comments, ratings) for benchmarks. Idempotent per size: a larger size adds the "
        "difference. Generated rows carry the prefix 'load-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, articles, comments, seed, **options):
        if articles < 1 or comments < 0:
            raise CommandError("--articles must be at least 1 and --comments at least 0.")
        self.started = time.monotonic()
        self.seed = seed
        self.now = timezone.now()
        size = sizes(articles)
        self.productions = self._ensure_productions(size["productions"])
        self.people = self._ensure_people(size["people"])
        self.sources = self._ensure(
            Source,
            Source.objects.filter(url__startswith=f"https://example.com/{PREFIX}"),
            size["sources"],
            lambda i: Source(
                outlet="The Example Times",
                title=f"Interview {i}",
                url=f"https://example.com/{PREFIX}source-{i}",
            ),
        )
        self.users = self._ensure(
            get_user_model(),
            get_user_model().objects.filter(username__startswith=PREFIX),
            size["users"],
            lambda i: get_user_model()(
                username=f"{PREFIX}user-{i}",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name=LAST_NAMES[i % len(LAST_NAMES)],
                email=f"{PREFIX}user-{i}@example.com",
                password=make_password(None),
            ),
        )
        self.tags = self._ensure(
            Tag,
            Tag.objects.filter(slug__startswith=PREFIX),
            size["tags"],
            lambda i: Tag(name=f"Load topic {i}", slug=f"{PREFIX}topic-{i}"),
        )
        self.quotes = self._ensure_quotes()
        added_articles = self._ensure_articles(articles)
        added_comments = self._ensure_comments(comments)
        if added_articles or added_comments:
            self._recount()
            self._vacuum()
        self._progress(f"done: {added_articles} articles and {added_comments} comments added")

    # ------------------------------------------------------------------ helpers

    def _vacuum(self):
        """Bulk inserts leave PostgreSQL without statistics or a visibility map until
        autovacuum passes by: a site that grew over months has both, so measure with them."""
        if connection.vendor != "postgresql":
            return
        # VACUUM cannot run inside a transaction (a test's, say); ANALYZE can.
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(statement)
        self._progress(f"{statement.lower()} done")

    def _progress(self, line):
        self.stderr.write(f"make_load_data: {line} ({time.monotonic() - self.started:.0f} s)")

    def _ensure(self, model, existing, target, build):
        """The first `target` generated rows of `model`, creating the missing ones."""
        rows = list(existing.order_by("pk"))
        if len(rows) < target:
            model.objects.bulk_create(
                [build(i) for i in range(len(rows), target)], batch_size=BATCH
            )
            rows = list(existing.order_by("pk"))
        return rows[:target]

    def _ensure_productions(self, target):
        existing = Production.objects.filter(slug__startswith=PREFIX)
        kinds = [Production.Kind.SERIES, Production.Kind.FILM, Production.Kind.MINISERIES]
        return self._ensure(
            Production,
            existing,
            target,
            lambda i: Production(
                title=f"Load Series {i}",
                slug=f"{PREFIX}production-{i}",
                kind=kinds[i % len(kinds)],
                year=2000 + i % 26,
                platform="Netflix",
                synopsis="A generated production for load tests.",
            ),
        )

    def _ensure_people(self, target):
        existing = Person.objects.filter(slug__startswith=PREFIX)
        before = existing.count()
        people = self._ensure(
            Person,
            existing,
            target,
            lambda i: Person(
                name=f"{FIRST_NAMES[i % 9]} {LAST_NAMES[i // 9 % 8]} {i}",
                slug=f"{PREFIX}person-{i}",
                bio="A generated person, quoted in generated explainers.",
            ),
        )
        credits = [
            Credit(
                person=person,
                production=self.productions[i % len(self.productions)],
                role=Credit.Role.ACTOR,
                character_name=f"Character {i}",
                billing_order=i % 10,
            )
            for i, person in enumerate(people)
            if i >= before
        ]
        Credit.objects.bulk_create(credits, batch_size=BATCH)
        return people

    def _ensure_quotes(self):
        """Quotes per generated person, keyed by person: the busy one has the most."""
        have = dict(
            Quote.objects.filter(context=QUOTE_CONTEXT)
            .values_list("speaker_id")
            .annotate(n=Count("pk"))
        )
        new = []
        for i, person in enumerate(self.people):
            for k in range(have.get(person.pk, 0), quotes_per_person(i)):
                new.append(
                    Quote(
                        text=f"I wanted the ending to feel earned, not explained ({i}.{k}).",
                        speaker=person,
                        source=self.sources[(i + k) % len(self.sources)],
                        context=QUOTE_CONTEXT,
                    )
                )
        Quote.objects.bulk_create(new, batch_size=BATCH)
        through = Quote.productions.through
        through.objects.bulk_create(
            [
                through(quote_id=quote.pk, production_id=self.productions[n % 5].pk)
                for n, quote in enumerate(new)
            ],
            batch_size=BATCH,
        )
        quotes = {}
        for speaker_id, pk in (
            Quote.objects.filter(context=QUOTE_CONTEXT)
            .order_by("pk")
            .values_list("speaker_id", "pk")
        ):
            quotes.setdefault(speaker_id, []).append(pk)
        return quotes

    # ------------------------------------------------------------------ articles

    def _ensure_articles(self, target):
        existing = Article.objects.filter(slug__startswith=f"{PREFIX}article-").count()
        for start in range(existing, target, ARTICLE_CHUNK):
            with transaction.atomic():
                self._article_chunk(start, min(target, start + ARTICLE_CHUNK))
            self._progress(f"articles {min(target, start + ARTICLE_CHUNK):,}/{target:,}")
        return max(0, target - existing)

    def _article(self, i, rng):
        status, publish_at = (
            Article.Status.PUBLISHED,
            self.now - datetime.timedelta(minutes=50 * (i + 1)),
        )
        if i % 40 == 7:
            status, publish_at = Article.Status.DRAFT, None
        elif i % 40 == 23:
            status, publish_at = Article.Status.SCHEDULED, self.now + datetime.timedelta(days=3)
        kind = list(Article.Kind)[i % len(Article.Kind)]
        true_story = kind == Article.Kind.TRUE_STORY
        return Article(
            title=f"Load Series {i % len(self.productions)}: explainer {i}",
            slug=f"{PREFIX}article-{i:06d}",
            standfirst="A generated explainer: what is true, what is invented, who said what.",
            kind=kind,
            status=status,
            publish_at=publish_at,
            first_published_at=publish_at if status == Article.Status.PUBLISHED else None,
            is_featured=i == 0,
            verdict=Article.Verdict.INSPIRED if true_story else "",
            verdict_summary="Fiction, inspired by a real moment." if true_story else "",
            review_by=(self.now + datetime.timedelta(days=90 + rng.randint(-120, 120))).date(),
        )

    def _blocks(self, i, article, previous, rng):
        """About ten blocks of mixed kinds; every third article quotes the busy person."""
        busy = self.people[0]
        other = self.people[1 + rng.randrange(len(self.people) - 1)]
        busy_quote = rng.choice(self.quotes[busy.pk])
        other_quote = rng.choice(self.quotes[other.pk])
        kinds = ArticleBlock.Kind
        blocks = [
            ArticleBlock(kind=kinds.RICH_TEXT, text=PARAGRAPH.format(n=6) * 2),
            ArticleBlock(kind=kinds.HEADING, heading="What really happened"),
            ArticleBlock(kind=kinds.RICH_TEXT, text=PARAGRAPH.format(n=8)),
            ArticleBlock(kind=kinds.QUOTE, quote_id=busy_quote if i % 3 != 1 else other_quote),
            ArticleBlock(
                kind=kinds.FACT_FICTION,
                claim="The family is real.",
                on_screen="A family of five in Manchester.",
                in_reality="The writer's own family, in another city.",
                fact_verdict=ArticleBlock.FactVerdict.EXAGGERATED,
            ),
            ArticleBlock(kind=kinds.HEADING, heading="Who said what"),
            ArticleBlock(kind=kinds.QUOTE, quote_id=other_quote),
            ArticleBlock(kind=kinds.AD_SLOT),
            ArticleBlock(kind=kinds.SPOILER, heading="The ending", text=PARAGRAPH.format(n=2)),
            ArticleBlock(kind=kinds.RICH_TEXT, text=PARAGRAPH.format(n=10)),
        ]
        if previous is not None:
            blocks.append(ArticleBlock(kind=kinds.ALSO_READ, also_read_id=previous))
        for position, block in enumerate(blocks, start=1):
            block.article, block.position = article, position
        return blocks

    def _article_chunk(self, start, stop):
        rng = random.Random(self.seed * 1_000_003 + start)
        articles = [self._article(i, rng) for i in range(start, stop)]
        Article.objects.bulk_create(articles, batch_size=BATCH)
        previous = (
            Article.objects.filter(slug=f"{PREFIX}article-{start - 1:06d}")
            .values_list("pk", flat=True)
            .first()
        )
        blocks, productions, people, authors, tagged, ratings = [], [], [], [], [], []
        content_type = ContentType.objects.get_for_model(Article)
        for i, article in enumerate(articles, start=start):
            blocks += self._blocks(i, article, previous, rng)
            previous = article.pk
            linked = {self.productions[0].pk} if i % 2 == 0 else set()
            linked.add(self.productions[i % len(self.productions)].pk)
            productions += [(article.pk, pk) for pk in linked]
            linked = {self.people[0].pk} if i % 3 != 1 else set()
            linked |= {rng.choice(self.people).pk for _ in range(2)}
            people += [(article.pk, pk) for pk in linked]
            authors.append((article.pk, self.users[i % len(self.users)].pk))
            tags = {self.tags[0].pk} | {rng.choice(self.tags).pk for _ in range(2)}
            tagged += [
                TaggedItem(tag_id=pk, content_type=content_type, object_id=article.pk)
                for pk in tags
            ]
            if article.status == Article.Status.PUBLISHED:
                ratings += [
                    Rating(
                        article=article,
                        voter_key=f"{PREFIX}{i}:{n}",
                        value=rng.choice([3, 4, 4, 5, 5, 2, 1]),
                        ip="198.51.100.7",
                    )
                    for n in range(rng.randint(0, 8))
                ]
        ArticleBlock.objects.bulk_create(blocks, batch_size=BATCH)
        for field, pairs, column in [
            (Article.productions, productions, "production_id"),
            (Article.people, people, "person_id"),
            (Article.authors, authors, "user_id"),
        ]:
            through = field.through
            through.objects.bulk_create(
                [through(article_id=a, **{column: b}) for a, b in pairs], batch_size=BATCH
            )
        TaggedItem.objects.bulk_create(tagged, batch_size=BATCH)
        Rating.objects.bulk_create(ratings, batch_size=BATCH)
        # Bulk inserts skip the services that keep search current: search must find these too.
        articles_update_search_vectors([article.pk for article in articles])
