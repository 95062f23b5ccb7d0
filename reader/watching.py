"""The "where are you in this series?" form: which series a page folds by, and its choices.

Pages that fold spoilers by episode (the article page, a series page) ask `watch_forms`
for the form they show and for the series their cached copies vary on (reader/cache.py).
The form posts to `reader.views.episodes.watched_set`, which sets the cookie.
"""

from dataclasses import dataclass

from productions.positions import Positions


@dataclass
class WatchForm:
    """One series' form: its episodes in order and the reader's position, if they gave one."""

    series: object
    episodes: list
    position: tuple | None

    @property
    def current(self):
        """The episode the reader said they have watched up to, or None."""
        for episode in self.episodes:
            if self.position and episode.position == tuple(self.position):
                return episode
        return None


def watch_forms(request, episodes):
    """(forms, positions): a form per series among `episodes` (in order, season loaded), and
    the reader's positions in those series alone: a page must read no other position."""
    by_series = {}
    for episode in episodes:
        by_series.setdefault(episode.season.production, []).append(episode)
    positions = Positions.from_request(request).only(series.pk for series in by_series)
    forms = [
        WatchForm(series=series, episodes=items, position=positions.get(series.pk))
        for series, items in by_series.items()
    ]
    return forms, positions
