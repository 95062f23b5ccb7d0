"""Site search over public articles, people, productions and quotes.

PostgreSQL gets full-text search with ranking (weighted: titles and names
count most); SQLite gets a plain case-insensitive match on every word, so the
same view and template work in the embedded setup.
"""

import functools
import operator

from django.db import connection
from django.db.models import Q

from people.models import Person, Quote
from productions.models import Production

from .models import Article

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
        (SearchVector(field, weight=weight, config="english") for field, weight in weighted_fields),
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
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
    return _search(
        Article.objects.published().for_listing(),
        [("title", "A"), ("standfirst", "B"), ("seo_description", "C")],
        query,
        ["-publish_at", "-id"],
    )


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
