"""A person's page and a quote's permalink, with the public explainers that mention them."""

import itertools

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.views.generic import DetailView

from articles.models import Article, ArticleBlock
from people.models import Person, Quote
from productions.models import Production

from .. import page_tags
from ..cache import CachedPageMixin
from ..structured_data import person_jsonld, quote_jsonld


def attach_public_articles(quotes):
    """Set `quote.public_articles` (published explainers quoting it, newest first), one query."""
    quotes = list(quotes)
    blocks = (
        ArticleBlock.objects.filter(quote__in=quotes, article__in=Article.objects.published())
        .select_related("article")
        .order_by("-article__publish_at", "article_id")
    )
    by_quote = {}
    for block in blocks:
        articles = by_quote.setdefault(block.quote_id, [])
        if block.article not in articles:
            articles.append(block.article)
    for quote in quotes:
        quote.public_articles = by_quote.get(quote.pk, [])
    return quotes


class PersonDetailView(CachedPageMixin, DetailView):
    """A person's page: photo, bio, credits by production, quotes, explainers about them."""

    queryset = Person.objects.prefetch_related("links")
    quotes_per_page = 10
    articles_per_page = 10

    def get_context_data(self, **kwargs):
        person = self.object
        credits = person.credits.select_related("production").order_by(
            "-production__year", "production__title", "production_id", "billing_order", "id"
        )
        credit_groups = [
            {"production": production, "credits": list(group)}
            for production, group in itertools.groupby(credits, key=lambda c: c.production)
        ]
        quotes_page = Paginator(
            person.quotes.select_related("source").order_by("-created_at", "-id"),
            self.quotes_per_page,
        ).get_page(self.request.GET.get("quotes"))
        articles_page = Paginator(
            Article.objects.published().filter(people=person).for_listing(),
            self.articles_per_page,
        ).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            credit_groups=credit_groups,
            quotes_page=quotes_page,
            quotes=attach_public_articles(quotes_page.object_list),
            articles_page=articles_page,
            structured_data=person_jsonld(person, person.links.all()),
            **kwargs,
        )

    def get_page_cache_tags(self, context):
        return page_tags.person_page(self.object, context)


class QuoteDetailView(CachedPageMixin, DetailView):
    """A quote's citable permalink: the words, who said them, the source and where it is used."""

    articles_per_page = 12

    queryset = Quote.objects.for_listing().prefetch_related(
        Prefetch("productions", queryset=Production.objects.order_by("title"))
    )

    def get_context_data(self, **kwargs):
        quote = self.object
        attach_public_articles([quote])
        articles_page = Paginator(quote.public_articles, self.articles_per_page).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            articles_page=articles_page,
            structured_data=quote_jsonld(quote, quote.productions.all()),
            **kwargs,
        )

    def get_page_cache_tags(self, context):
        return page_tags.quote_page(self.object)
