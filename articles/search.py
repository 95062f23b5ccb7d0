"""What site search reads about an article: a stored, weighted document kept by the services.

On PostgreSQL the document is a `tsvector` (title A, standfirst and SEO description B,
block headings C, the body's words D) with a GIN index, so a search reads the index
instead of re-parsing every article. SQLite has no full-text type: the column is plain
text there and stays empty, and search falls back to matching the text itself.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Value

from .blocks import registry

#: The text search configuration (stemming, stop words) for documents and queries alike.
SEARCH_CONFIG = "english"


class SearchDocumentField(SearchVectorField):
    """A `tsvector` column on PostgreSQL, an unused text column elsewhere (valid migrations)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


def search_is_stored():
    """Whether this database keeps the search document (PostgreSQL) or search reads the text."""
    return connection.vendor == "postgresql"


def search_parts(article):
    """(weight, text) pairs for an article whose blocks are loaded (quotes selected).

    Reads each block's kind from the registry rather than `block.spec`, so the
    migration that fills the column can hand it historical models.
    """
    # A block that spoils up to an episode stays out: a search must not reveal it.
    public = [block for block in article.blocks.all() if block.spoils_up_to_id is None]
    return [
        ("A", article.title),
        ("B", f"{article.standfirst} {article.seo_description}"),
        ("C", " ".join(block.heading for block in public if block.heading)),
        # Only words that may be quoted: a spoiler's hidden text stays out even when it is
        # not folded by episode, or a search would answer "who dies" with the article.
        ("D", " ".join(registry[block.kind].quotable_text(block) for block in public)),
    ]


def search_vector(article):
    """The expression that stores `article`'s weighted document, or None off PostgreSQL."""
    if not search_is_stored():
        return None
    vectors = [
        SearchVector(Value(text), weight=weight, config=SEARCH_CONFIG)
        for weight, text in search_parts(article)
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined
