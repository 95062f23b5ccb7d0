"""Admin registrations for articles (a package: the article admin outgrew one file)."""

from .article import ArticleAdmin
from .contributors import ContributorAdmin
from .disclosure import SiteDisclosureAdmin
from .quotes import QuoteWithArticlesAdmin, SlugRedirectAdmin
from .requests import CatalogueRequestAdmin
from .tags import PageCachedTagAdmin

__all__ = [
    "ArticleAdmin",
    "CatalogueRequestAdmin",
    "ContributorAdmin",
    "PageCachedTagAdmin",
    "QuoteWithArticlesAdmin",
    "SiteDisclosureAdmin",
    "SlugRedirectAdmin",
]
