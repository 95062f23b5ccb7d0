"""Site search over public articles, people, productions and quotes.

PostgreSQL gets full-text search with ranking (weighted: titles and names
count most); explainers are matched on the document the articles app stores
and indexes (articles/search.py), the small tables on the fly. SQLite gets a
plain case-insensitive match on every word, so the same view and template
work in the embedded setup.
"""

import functools
import operator

from django.db import connection
from django.db.models import F, Q

from articles.models import Article, ArticleBlock
from articles.search import SEARCH_CONFIG, search_is_stored
from people.models import Person, Quote
from productions.models import Production

#: Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200


def _fallback(queryset, fields, query):
    """Every word must appear in at least one of the fields (case-insensitive)."""
    words = query.split()[:10]
    conditions = [
        functools.reduce(operator.or_, (Q(**{f"{field}__icontains": word}) for field in fields))
        for word in words
    ]
    return queryset.filter(*conditions)


def _ranked(queryset, weighted_fields, query, tiebreak):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = functools.reduce(
        operator.add,
        (
            SearchVector(field, weight=weight, config=SEARCH_CONFIG)
            for field, weight in weighted_fields
        ),
    )
    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    # Match with @@ first: ts_rank gives non-matching rows a tiny rank, never zero.
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .order_by("-rank", *tiebreak)
    )


def _search(queryset, weighted_fields, query, tiebreak):
    if connection.vendor == "postgresql":
        return _ranked(queryset, weighted_fields, query, tiebreak)
    fields = [field for field, _weight in weighted_fields]
    return _fallback(queryset, fields, query).order_by(*tiebreak)


def search_articles(query):
    """Headline first, then standfirst, then the headings and words of the body.

    PostgreSQL reads the stored, weighted document through its GIN index (the
    services keep it current), so neither the match nor the count re-parses the
    archive; SQLite matches the text itself.
    """
    articles = Article.objects.published().for_listing()
    if search_is_stored():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        return (
            articles.filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-rank", "-publish_at", "-id")
        )
    # Every word in the title, standfirst, description or a block readers see unasked: a
    # block that spoils up to an episode is never searched (its words would give it away).
    public_blocks = ArticleBlock.objects.filter(spoils_up_to__isnull=True)
    conditions = [
        Q(title__icontains=word)
        | Q(standfirst__icontains=word)
        | Q(seo_description__icontains=word)
        | Q(
            pk__in=public_blocks.filter(
                Q(heading__icontains=word) | Q(text__icontains=word)
            ).values("article_id")
        )
        for word in query.split()[:10]
    ]
    return articles.filter(*conditions).order_by("-publish_at", "-id")


def search_people(query):
    return _search(Person.objects.all(), [("name", "A"), ("bio", "C")], query, ["name"])


def search_productions(query):
    return _search(
        Production.objects.all(),
        [("title", "A"), ("platform", "B"), ("synopsis", "C")],
        query,
        ["title", "year"],
    )


def search_quotes(query):
    return _search(
        Quote.objects.for_listing(),
        [("text", "A"), ("speaker__name", "B"), ("context", "C")],
        query,
        ["-created_at", "-id"],
    )


#: What readers can narrow a search to: key -> (heading, search function).
SEARCHES = {
    "articles": ("Explainers", search_articles),
    "people": ("People", search_people),
    "productions": ("Productions", search_productions),
    "quotes": ("Quotes", search_quotes),
}
