"""Admin registrations for articles (a package: the article admin outgrew one file)."""

from .article import ArticleAdmin
from .quotes import QuoteWithArticlesAdmin, SlugRedirectAdmin
from .tags import PageCachedTagAdmin

__all__ = ["ArticleAdmin", "PageCachedTagAdmin", "QuoteWithArticlesAdmin", "SlugRedirectAdmin"]
