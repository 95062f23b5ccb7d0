"""Every page a reader sees, assembled from the domain apps (which never reach up here)."""

from .articles import ArticleDetailView, ArticlePreviewView
from .episodes import EpisodeDetailView, watched_set
from .health import healthz, readyz
from .lists import HomeView, TagView
from .pages import CorrectionsView, StandingPagePreviewView, StandingPageView
from .people import PersonDetailView, QuoteDetailView
from .productions import ProductionDetailView
from .site import SearchView, ads_txt, robots_txt

__all__ = [
    "ArticleDetailView",
    "ArticlePreviewView",
    "CorrectionsView",
    "EpisodeDetailView",
    "HomeView",
    "PersonDetailView",
    "ProductionDetailView",
    "QuoteDetailView",
    "SearchView",
    "StandingPagePreviewView",
    "StandingPageView",
    "TagView",
    "ads_txt",
    "healthz",
    "readyz",
    "robots_txt",
    "watched_set",
]
