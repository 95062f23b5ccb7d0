"""A person's page and a quote's permalink, with the public explainers that mention them."""

import itertools

from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import Coalesce, DenseRank
from django.views.generic import DetailView

from articles.models import Article, ArticleBlock
from articles.visibility import public_people, public_productions, public_quotes
from people.models import Person, Quote

from .. import page_tags
from ..cache import CachedPageMixin, kept_listing
from ..structured_data import person_jsonld, quote_jsonld
from .lists import ListingPaginator

#: How many explainers a quote on a person's page links to; the rest are on its own page.
USED_IN_SHOWN = 3


def _public_uses():
    """Blocks that quote something inside an explainer readers can see."""
    return ArticleBlock.objects.filter(
        quote__isnull=False, article__in=Article.objects.published().values("pk")
    )


def with_public_article_count(quotes):
    """Annotate `public_article_count`: how many published explainers quote each quote."""
    count = (
        _public_uses()
        .filter(quote=OuterRef("pk"))
        .values("quote")
        .annotate(articles=Count("article", distinct=True))
        .values("articles")
    )
    return quotes.annotate(public_article_count=Coalesce(Subquery(count), 0))


def articles_quoting(quote):
    """Published explainers using `quote`, each once, newest first (for a paginator).

    The blocks are matched by the quote alone: `published()` is applied once, to the
    articles. Asking the blocks for published articles too (`_public_uses()`) made
    PostgreSQL hash every published explainer's id for each of the page's two queries.
    """
    return (
        Article.objects.published()
        .filter(pk__in=ArticleBlock.objects.filter(quote=quote).values("article"))
        .select_related("hero_image")
        .with_bylines()
        .order_by("-publish_at", "-id")
    )


def attach_public_articles(quotes, limit=USED_IN_SHOWN):
    """Set `quote.public_articles`: the newest `limit` published explainers quoting each quote,
    and `quote.more_public_articles`: how many others its own page lists (needs the count
    annotated by `with_public_article_count`).

    One query whatever a quote's fame: a window ranks each quote's explainers
    (DENSE_RANK, so an explainer quoting it twice ranks once) and only the first
    `limit` come back, each once (DISTINCT).
    """
    quotes = list(quotes)
    rank = Window(
        DenseRank(),
        partition_by=[F("blocks__quote")],
        order_by=[F("publish_at").desc(), F("id").desc()],
    )
    articles = (
        Article.objects.published()
        .filter(blocks__quote__in=[quote.pk for quote in quotes])
        .annotate(quote_id=F("blocks__quote"), rank=rank)
        .filter(rank__lte=limit)
        .only("title", "slug")
        .distinct()
        .order_by("quote_id", "rank")
    )
    by_quote = {}
    for article in articles:
        by_quote.setdefault(article.quote_id, []).append(article)
    for quote in quotes:
        quote.public_articles = by_quote.get(quote.pk, [])
        total = getattr(quote, "public_article_count", len(quote.public_articles))
        quote.more_public_articles = max(0, total - len(quote.public_articles))
    return quotes


def attach_public_uses(quotes):
    """`attach_public_articles` (with the counts) for a page of quotes, read once per change
    to the public explainers: counting and ranking every explainer that quotes a famous
    person reads thousands of blocks, and only a change to a public explainer (LISTING)
    changes the answer. Two queries on a miss, none on a hit."""
    quotes = list(quotes)
    if not quotes:
        return quotes

    def read():
        ids = [quote.pk for quote in quotes]
        counted = with_public_article_count(Quote.objects.filter(pk__in=ids).only("pk"))
        return {
            q.pk: (q.public_articles, q.more_public_articles)
            for q in attach_public_articles(counted)
        }

    uses = kept_listing("quote-uses:" + ",".join(str(quote.pk) for quote in quotes), read)
    for quote in quotes:
        quote.public_articles, quote.more_public_articles = uses.get(quote.pk, ([], 0))
    return quotes


class PersonDetailView(CachedPageMixin, DetailView):
    """A person's page: photo, bio, credits by production, quotes, explainers about them.
    Someone only unpublished explainers name has none (404); a production or a quote only
    unpublished explainers name is left out."""

    quotes_per_page = 10
    articles_per_page = 10

    def get_queryset(self):
        return public_people(Person.objects.select_related("photo").prefetch_related("links"))

    def get_context_data(self, **kwargs):
        person = self.object
        credits = (
            person.credits.filter(production__in=public_productions().values("pk"))
            .select_related("production")
            .order_by(
                "-production__year", "production__title", "production_id", "billing_order", "id"
            )
        )
        credit_groups = [
            {"production": production, "credits": list(group)}
            for production, group in itertools.groupby(credits, key=lambda c: c.production)
        ]
        quotes_page = Paginator(
            public_quotes(person.quotes.select_related("source")).order_by("-created_at", "-id"),
            self.quotes_per_page,
        ).get_page(self.request.GET.get("quotes"))
        articles_page = ListingPaginator(
            Article.objects.published().filter(people=person).for_listing(),
            self.articles_per_page,
            count_key=f"person:{person.pk}",
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            credit_groups=credit_groups,
            quotes_page=quotes_page,
            quotes=attach_public_uses(quotes_page.object_list),
            articles_page=articles_page,
            structured_data=person_jsonld(person, person.links.all()),
            **kwargs,
        )

    def get_page_keys(self, context):
        return page_tags.person_page(self.object, context)


class QuoteDetailView(CachedPageMixin, DetailView):
    """A quote's citable permalink: the words, who said them, the source and where it is used.
    A quote only unpublished explainers use has none (404)."""

    articles_per_page = 12

    def get_queryset(self):
        productions = public_productions().order_by("title")
        return public_quotes(Quote.objects.for_listing()).prefetch_related(
            Prefetch("productions", queryset=productions)
        )

    def get_context_data(self, **kwargs):
        quote = self.object
        articles_page = ListingPaginator(
            articles_quoting(quote), self.articles_per_page, count_key=f"quote:{quote.pk}"
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            articles_page=articles_page,
            structured_data=quote_jsonld(quote, quote.productions.all()),
            **kwargs,
        )

    def get_page_keys(self, context):
        return page_tags.quote_page(self.object)
