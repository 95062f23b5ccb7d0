"""The demo's seasons and episodes: Run Away's eight episodes, all released on 1 January 2026.

Episode titles are placeholders in our own words ("Episode 1" …), not the broadcast
titles. Charlotte Coben wrote two of the eight episodes (public interviews say so, not
which two): crediting her on episodes 4 and 7 is demo data, chosen here, not a fact.
"""

import datetime

RUN_AWAY_RELEASE = datetime.date(2026, 1, 1)

SEASONS = [
    {
        "production": "run-away",
        "number": 1,
        "release_date": RUN_AWAY_RELEASE,
        "episodes": [
            {"number": n, "title": f"Episode {n}", "air_date": RUN_AWAY_RELEASE}
            for n in range(1, 9)
        ],
    },
]

#: (person, production, role) of a credit in content.CREDITS -> the episodes it names.
EPISODE_CREDITS = {
    ("charlotte-coben", "run-away", "writer"): [("run-away", 1, 4), ("run-away", 1, 7)],
}

#: Article slug -> the episodes it covers.
ARTICLE_EPISODES = {
    "is-run-away-a-true-story": [("run-away", 1, n) for n in range(1, 9)],
}

#: (article slug, block key) -> the episode the spoiler gives away.
SPOILER_EPISODES = {
    ("is-run-away-a-true-story", "spoiler-ending"): ("run-away", 1, 8),
}
