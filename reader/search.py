"""Site search over public articles, people, productions and quotes (a person, production
or quote only unpublished explainers name is never found: `articles.visibility`).

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

from articles.blocks import registry
from articles.models import Article, ArticleBlock
from articles.search import SEARCH_CONFIG, search_is_stored
from articles.visibility import public_people, public_productions, public_quotes
from people.models import Person, Quote

#: Longer queries are refused with a message rather than sent to the database.
MAX_QUERY_LENGTH = 200
#: Explainers a search ranks and counts: the newest this many that match. A word most of the
#: archive uses is ranked among its newest matches and counted as "1,000+", so a search
#: costs the same at 10,000 explainers as at 100; any narrower search is ranked whole.
ARTICLE_CANDIDATES = 1000
#: Quotes a search ranks: the newest this many that match (a quote's words are parsed to rank
#: it, which costs more than reading an explainer's stored document). At 10k explainers a
#: word 1,200 quotes use took 93 ms to match and rank; found newest first, 16 ms.
QUOTE_CANDIDATES = 100


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
    archive, and ranks the newest ARTICLE_CANDIDATES matches; SQLite matches the text
    itself.
    """
    articles = Article.objects.published().for_listing()
    if search_is_stored():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        newest = (
            Article.objects.published()
            .filter(search_vector=search_query)
            .annotate(rank=SearchRank(F("search_vector"), search_query))
            .order_by("-publish_at", "-id")
            .values_list("pk", "rank")[:ARTICLE_CANDIDATES]
        )
        # Newest first already, so a stable sort by rank breaks ties by date.
        ranked = sorted(newest, key=lambda row: -row[1])
        return RankedArticles([pk for pk, _rank in ranked], articles)
    # Every word in the title, standfirst, description or a block readers see unasked: a
    # block that spoils up to an episode is never searched (its words would give it away),
    # nor a spoiler's hidden text (the same rule as the stored document: `quotable_text`).
    public_blocks = ArticleBlock.objects.filter(spoils_up_to__isnull=True)
    hidden_text = registry.hiding("text")
    conditions = [
        Q(title__icontains=word)
        | Q(standfirst__icontains=word)
        | Q(seo_description__icontains=word)
        | Q(
            pk__in=public_blocks.filter(
                Q(heading__icontains=word)
                | (Q(text__icontains=word) & ~Q(kind__in=hidden_text))
                # An embed's title, as its provider described it when it was saved.
                | Q(embed_data__title__icontains=word)
            ).values("article_id")
        )
        for word in query.split()[:10]
    ]
    return articles.filter(*conditions).order_by("-publish_at", "-id")


class RankedArticles:
    """Matching explainers in rank order, read a page at a time: a Paginator counts and
    slices it as it would a queryset, and only the page shown is loaded."""

    def __init__(self, pks, articles):
        self.pks, self.articles = pks, articles

    def count(self):
        return len(self.pks)

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        pks = self.pks[index]
        found = self.articles.in_bulk(pks)
        return [found[pk] for pk in pks if pk in found]


def _matching(model, fields, query):
    """The ids of `model`'s rows whose `fields` hold the words, found on PostgreSQL through
    the index on exactly those words (the people and productions migrations), so that only
    the matches are ranked, never every row; None elsewhere (every row is looked at)."""
    if connection.vendor != "postgresql":
        return None
    from django.contrib.postgres.search import SearchQuery, SearchVector

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    worded = model.objects.annotate(words=SearchVector(*fields, config=SEARCH_CONFIG))
    return worded.filter(words=search_query).values("pk")


def _worded(queryset, fields, query):
    matching = _matching(queryset.model, fields, query)
    return queryset if matching is None else queryset.filter(pk__in=matching)


def search_people(query):
    people = _worded(public_people(), ["name", "bio"], query)
    return _search(people, [("name", "A"), ("bio", "C")], query, ["name"])


def search_productions(query):
    productions = _worded(public_productions(), ["title", "platform", "synopsis"], query)
    return _search(
        productions,
        [("title", "A"), ("platform", "B"), ("synopsis", "C")],
        query,
        ["title", "year"],
    )


def search_quotes(query):
    """Words of the quote or its context, or its speaker's name; ranked in that order.
    On PostgreSQL only the quotes matched by their own words or their speaker's name are
    ranked (`_matching`)."""
    quotes = public_quotes(Quote.objects.for_listing())
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        speakers = _matching(Person, ["name"], query)
        # The words in the expression the quotes' word index holds, tested in place: newest
        # first, a word thousands of quotes use stops at the newest QUOTE_CANDIDATES, which
        # alone are ranked, as explainers are among theirs.
        matching = Quote.objects.annotate(
            words=SearchVector("text", "context", config=SEARCH_CONFIG)
        ).filter(Q(words=search_query) | Q(speaker__in=speakers))
        newest = matching.order_by("-created_at", "-id").values_list("pk", flat=True)
        quotes = quotes.filter(pk__in=list(newest[:QUOTE_CANDIDATES]))
    return _search(
        quotes,
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
