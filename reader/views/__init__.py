"""Every page a reader sees, assembled from the domain apps (which never reach up here)."""

from .articles import ArticleDetailView, ArticlePreviewView
from .authors import AuthorDetailView, AuthorIndexView
from .country import country_set
from .episodes import EpisodeDetailView, watched_set
from .health import healthz, readyz
from .lists import HomeView, TagView
from .pages import CorrectionsView, StandingPagePreviewView, StandingPageView
from .people import PersonDetailView, QuoteDetailView
from .productions import ProductionDetailView
from .schedule import ScheduleView, production_schedule_ics, schedule_ics
from .site import SearchView, ads_txt, robots_txt

__all__ = [
    "ArticleDetailView",
    "ArticlePreviewView",
    "AuthorDetailView",
    "AuthorIndexView",
    "CorrectionsView",
    "EpisodeDetailView",
    "country_set",
    "HomeView",
    "PersonDetailView",
    "ProductionDetailView",
    "QuoteDetailView",
    "ScheduleView",
    "SearchView",
    "StandingPagePreviewView",
    "StandingPageView",
    "TagView",
    "ads_txt",
    "production_schedule_ics",
    "healthz",
    "readyz",
    "robots_txt",
    "schedule_ics",
    "watched_set",
]
