"""Admin registrations for articles (a package: the article admin outgrew one file)."""

from .article import ArticleAdmin
from .quotes import QuoteWithArticlesAdmin, SlugRedirectAdmin

__all__ = ["ArticleAdmin", "QuoteWithArticlesAdmin", "SlugRedirectAdmin"]
