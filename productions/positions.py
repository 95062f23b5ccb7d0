"""Where a reader is in each series ("watched up to S1E4"), and what that folds.

The position travels in one plain cookie, `marquee_watched`, holding
`<series id>-<season>-<episode>` entries joined by `_` (e.g. `12-1-4_31-2-3`): ints
only, validated on every read, nothing personal in it. The rule "an item that spoils
up to an episode past the reader's position is folded" lives here, in `fold_for`; the
article page, the discussion and static/js/spoilers.js all ask it (the script through
the position the endpoint answers).
"""

import re
from dataclasses import dataclass

WATCHED_COOKIE = "marquee_watched"
#: A year: a reader part-way through a series is often part-way for months.
WATCHED_MAX_AGE = 365 * 24 * 60 * 60
#: Entries kept in the cookie; setting one more drops the oldest.
MAX_SERIES = 30
_ENTRY = re.compile(r"^([1-9][0-9]{0,9})-([1-9][0-9]{0,3})-([1-9][0-9]{0,4})$")


def position_label(season, number):
    """“episode 4”, or “season 2, episode 4”: how a sentence names a place in a series."""
    if season == 1:
        return f"episode {number}"
    return f"season {season}, episode {number}"


class Positions:
    """The reader's place in each series they told us about: {series id: (season, episode)}."""

    def __init__(self, entries=None):
        self.entries = dict(entries or {})

    @classmethod
    def from_cookie(cls, value):
        """Parse the cookie; anything malformed is dropped, never an error."""
        entries = {}
        for part in (value or "").split("_")[: MAX_SERIES * 2]:
            match = _ENTRY.match(part.strip())
            if match:
                series, season, number = map(int, match.groups())
                entries.pop(series, None)
                entries[series] = (season, number)
        return cls(list(entries.items())[-MAX_SERIES:])

    @classmethod
    def from_request(cls, request):
        return cls.from_cookie(request.COOKIES.get(WATCHED_COOKIE, ""))

    def cookie_value(self):
        return "_".join(f"{s}-{a}-{b}" for s, (a, b) in self.entries.items())

    def with_position(self, series_id, position):
        """A copy with `series_id` set to `position` (None forgets it), newest last."""
        entries = {k: v for k, v in self.entries.items() if k != series_id}
        if position is not None:
            entries[series_id] = tuple(position)
        return Positions(list(entries.items())[-MAX_SERIES:])

    def only(self, series_ids):
        """The positions in `series_ids` alone: what a page that folds by them may read."""
        wanted = set(series_ids)
        return Positions([(k, v) for k, v in self.entries.items() if k in wanted])

    def get(self, series_id):
        return self.entries.get(series_id)

    def key(self):
        """A stable string of every position, for cache keys of pages that fold."""
        return "_".join(f"{s}-{a}-{b}" for s, (a, b) in sorted(self.entries.items()))

    def __bool__(self):
        return bool(self.entries)


NO_POSITIONS = Positions()


#: The line a reader clicks on a gated item, by case (static/js/spoilers.js gets these too).
SUMMARIES = {
    "unsaid": "Spoils up to {episode}. Show anyway",
    "beyond": "Spoils up to {episode} — you've watched up to {position}. Show anyway",
    "watched": "Spoils up to {episode}: you've watched it",
}


@dataclass(frozen=True)
class Fold:
    """How one gated item (block or comment) shows to a reader at `position` in its series."""

    episode: object
    position: tuple | None

    @property
    def folded(self):
        """Folded unless the reader said they have watched up to its episode (or further)."""
        return self.position is None or tuple(self.episode.position) > tuple(self.position)

    @property
    def episode_label(self):
        return self.episode.reader_label

    @property
    def position_label(self):
        return position_label(*self.position) if self.position else ""

    @property
    def summary(self):
        """The line a reader clicks to open it."""
        case = "unsaid" if self.position is None else "beyond" if self.folded else "watched"
        return SUMMARIES[case].format(episode=self.episode_label, position=self.position_label)


def fold_for(episode, positions):
    """The fold of an item that spoils up to `episode`, for a reader with `positions`."""
    return Fold(
        episode=episode, position=(positions or NO_POSITIONS).get(episode.season.production_id)
    )
