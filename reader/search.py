"""Site search over public articles, people, productions and quotes.

PostgreSQL gets full-text search with ranking (weighted: titles and names
count most); SQLite gets a plain case-insensitive match on every word, so the
same view and template work in the embedded setup.
"""

import functools
import operator

from django.db import connection
from django.db.models import OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from articles.models import Article, ArticleBlock
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
        (SearchVector(field, weight=weight, config="english") for field, weight in weighted_fields),
    )
    search_query = SearchQuery(query, search_type="websearch", config="english")
    # Match with @@ first: ts_rank gives non-matching rows a tiny rank, never zero.
    return (
        queryset.annotate(document=vector, rank=SearchRank(vector, search_query))
        .filter(document=search_query)
        .order_by("-rank", *tiebreak)
    )


def _search(queryset, weighted_fields, query, tiebreak, fallback_fields=()):
    if connection.vendor == "postgresql":
        return _ranked(queryset, weighted_fields, query, tiebreak)
    fields = [field for field, _weight in weighted_fields] + list(fallback_fields)
    results = _fallback(queryset, fields, query)
    # Matching through the blocks joins one row per block: keep each article once.
    return (results.distinct() if fallback_fields else results).order_by(*tiebreak)


def _body_text(field):
    """One article's blocks' `field`, joined into one string (PostgreSQL only)."""
    from django.contrib.postgres.aggregates import StringAgg

    blocks = (
        ArticleBlock.objects.filter(article=OuterRef("pk"))
        .values("article")
        .annotate(joined=StringAgg(field, delimiter=" "))
        .values("joined")
    )
    return Coalesce(Subquery(blocks), Value(""), output_field=TextField())


def search_articles(query):
    """Headline first, then standfirst, then the headings and words of the body."""
    articles = Article.objects.published().for_listing()
    if connection.vendor == "postgresql":
        articles = articles.annotate(
            body_headings=_body_text("heading"), body_text=_body_text("text")
        )
    return _search(
        articles,
        [
            ("title", "A"),
            ("standfirst", "B"),
            ("seo_description", "B"),
            ("body_headings", "C"),
            ("body_text", "D"),
        ][: None if connection.vendor == "postgresql" else 3],
        query,
        ["-publish_at", "-id"],
        fallback_fields=["blocks__heading", "blocks__text"],
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
