"""Every page a reader sees, assembled from the domain apps (which never reach up here)."""

from .articles import ArticleDetailView, ArticlePreviewView, HomeView, TagView
from .health import healthz, readyz
from .people import PersonDetailView, QuoteDetailView
from .productions import ProductionDetailView
from .site import SearchView, robots_txt

__all__ = [
    "ArticleDetailView",
    "ArticlePreviewView",
    "HomeView",
    "PersonDetailView",
    "ProductionDetailView",
    "QuoteDetailView",
    "SearchView",
    "TagView",
    "healthz",
    "readyz",
    "robots_txt",
]
