"""The articles app's models: an article, its blocks, and the notes kept about it."""

import reversion

from .article import Article, reading_time_range
from .autosave import AUTOSAVE_MAX_BYTES, ArticleAutosave
from .block import ArticleBlock
from .contributor import Byline, Contributor, ContributorLink
from .disclosure import SiteDisclosure
from .notes import Correction, ReviewReminder, SlugRedirect
from .planning import EditorialMailSettings, EditorialNote, NoteMention
from .presence import ArticlePresence
from .queries import ArticleQuerySet
from .requests import CatalogueRequest
from .revision import RevisionNames
from .slugs import RESERVED_SLUGS, validate_article_slug
from .tags import TagMerge, TagRedirect

__all__ = [
    "AUTOSAVE_MAX_BYTES",
    "RESERVED_SLUGS",
    "Article",
    "ArticleAutosave",
    "ArticleBlock",
    "ArticlePresence",
    "ArticleQuerySet",
    "Byline",
    "CatalogueRequest",
    "Contributor",
    "ContributorLink",
    "Correction",
    "EditorialMailSettings",
    "EditorialNote",
    "NoteMention",
    "ReviewReminder",
    "RevisionNames",
    "SiteDisclosure",
    "SlugRedirect",
    "TagMerge",
    "TagRedirect",
    "reading_time_range",
    "validate_article_slug",
]

# Every save keeps a revision; an article's revision carries its blocks and
# public notes, so restoring one brings the body back as it was. Editorial notes are
# the desk's conversation, not the article's content: no revision keeps them, so a
# restore neither brings old ones back nor removes new ones.
reversion.register(ArticleBlock)
reversion.register(Correction)
# A byline is the article's content (its revisions keep it); a profile has its own history.
reversion.register(Byline)
reversion.register(ContributorLink)
reversion.register(Contributor, follow=["links"])
# The search document is derived from the rest and rebuilt on save: no revision keeps it.
reversion.register(
    Article,
    follow=["blocks", "corrections", "bylines"],
    exclude=["search_vector", "body_words", "body_pictures"],
)
