"""The catalogue: productions, their seasons and episodes, and where to watch them."""

from .catalogue import Episode, EpisodeQuerySet, Production, Season, episode_ranges
from .offers import Availability, AvailabilityQuerySet

__all__ = [
    "Availability",
    "AvailabilityQuerySet",
    "Episode",
    "EpisodeQuerySet",
    "Production",
    "Season",
    "episode_ranges",
]
