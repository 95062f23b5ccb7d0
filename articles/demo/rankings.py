"""The demo's ranked list: Harlan Coben's Netflix adaptations, counted down from 6 to 1.

Three of its six series are the demo's own (Run Away, Fool Me Once, The Stranger); the
other three are added here with their real titles, years and platform, and the demo's own
words. Posters are drawn like every demo picture; the byline is the demo's guest writer.
"""

import datetime
from datetime import UTC

from productions.models import Availability, Production

from ..models import Article, ArticleBlock, Byline, Contributor
from ..services import articles_update_search_vectors
from .content import _p, poster_picture
from .pictures import Picture

RANKED_SLUG = "harlan-coben-netflix-adaptations-ranked"
BYLINE = "juno-tallis"

PRODUCTIONS = [
    {
        "slug": "safe",
        "title": "Safe",
        "kind": Production.Kind.SERIES,
        "year": 2018,
        "release_date": datetime.date(2018, 5, 10),
        "platform": "Netflix",
        "episode_count": 8,
        "synopsis": (
            "A widowed surgeon in a gated English community searches for his teenage "
            "daughter after a party, and finds every neighbour hiding something."
        ),
    },
    {
        "slug": "stay-close",
        "title": "Stay Close",
        "kind": Production.Kind.SERIES,
        "year": 2021,
        "release_date": datetime.date(2021, 12, 31),
        "platform": "Netflix",
        "episode_count": 8,
        "synopsis": (
            "A suburban mother, a photographer and a detective are pulled back to a "
            "disappearance seventeen years old when another man goes missing."
        ),
    },
    {
        "slug": "missing-you",
        "title": "Missing You",
        "kind": Production.Kind.SERIES,
        "year": 2025,
        "release_date": datetime.date(2025, 1, 1),
        "platform": "Netflix",
        "episode_count": 5,
        "synopsis": (
            "A detective finds the fiancé who vanished eleven years ago on a dating app, and "
            "the case she never closed, her father's murder, opens again."
        ),
    },
]

OFFERS = [
    {"production": data["slug"], "platform": "Netflix", "available_from": data["release_date"]}
    for data in PRODUCTIONS
]

ARTICLE = {
    "title": "Harlan Coben's Netflix adaptations, ranked",
    "standfirst": (
        "Six series, one formula: a vanished person, a suburban secret, a last-episode "
        "twist. We counted them down from the weakest to the one to start with."
    ),
    "publish_at": datetime.datetime(2026, 1, 4, 9, 0, tzinfo=UTC),
    "tags": ["Harlan Coben", "Netflix", "Ranked"],
    "hero": Picture(
        path="articles/demo-coben-ranked-hero.png",
        text="Harlan Coben, ranked",
        alt="An illustrated title card reading “Harlan Coben, ranked”",
        size=(1600, 900),
        caption="Six Netflix thrillers, counted down",
    ),
}

#: The introduction before the entries.
INTRO = _p(
    "Netflix has turned Harlan Coben's novels into a steady run of eight-hour mysteries "
    "since 2018. They share no characters, so you can start anywhere; this is where we "
    "would start, counting down to our favourite."
)

#: The entries in page order, numbered 6 down to 1: (production slug, blurb).
ENTRIES = [
    (
        "stay-close",
        "Three timelines and a seventeen-year-old disappearance make the busiest plot of "
        "the six; the answers arrive in a rush in the final episode.",
    ),
    (
        "the-stranger",
        "One secret whispered in a pub car park sets off the rest: the opening episodes are "
        "as tight as anything in the run, the middle wanders.",
    ),
    (
        "missing-you",
        "The shortest of the six at five episodes, and the better for it: a detective's "
        "personal case and a dating-app mystery that meet cleanly.",
    ),
    (
        "safe",
        "The first of the Netflix deal, set in a gated community where every neighbour has "
        "a reason to lie. It set the template the others follow.",
    ),
    (
        "run-away",
        "A father's search for his daughter through addiction and a closed cult: the "
        "darkest of the series, and the one whose ending lands hardest.",
    ),
    (
        "fool-me-once",
        "A widow sees her murdered husband on a nanny camera. The hook is irresistible and "
        "the last twist plays fair: the place to start.",
    ),
]


def load_rankings(loader):
    """The extra series, their offers and the ranked list with its byline, found or made by
    `loader` (after the productions and contributors), so a reload changes nothing."""
    for data in PRODUCTIONS:
        values = {key: value for key, value in data.items() if key != "slug"}
        production, created = loader.sync(Production, {"slug": data["slug"]}, values)
        fill = created or loader.refresh
        loader.picture(production, "poster", poster_picture(data), fill=fill)
        loader.productions[data["slug"]] = production
    for offer in OFFERS:
        lookup = {**offer, "production": loader.productions[offer["production"]]}
        loader.sync(Availability, lookup, {"url": "https://www.netflix.com/"})
    load_ranked_article(loader)


def load_ranked_article(loader):
    data = ARTICLE
    values = {
        "title": data["title"],
        "standfirst": data["standfirst"],
        "kind": Article.Kind.LIST,
        "countdown": True,
        "status": Article.Status.PUBLISHED,
        "publish_at": data["publish_at"],
        "first_published_at": data["publish_at"],
    }
    article, created = loader.sync(Article, {"slug": RANKED_SLUG}, values)
    loader.picture(article, "hero_image", data["hero"], fill=created or loader.refresh)
    loader.articles[RANKED_SLUG] = article
    if not (created or loader.refresh):
        loader.report.found[str(ArticleBlock._meta.verbose_name_plural)] += article.blocks.count()
        return
    article.authors.set([loader.admin])
    article.tags.set(data["tags"])
    article.productions.set([loader.productions[slug] for slug, _blurb in ENTRIES])
    body = [("intro", ArticleBlock.Kind.RICH_TEXT, {"text": INTRO})]
    body += [
        (slug, ArticleBlock.Kind.ENTRY, {"production": loader.productions[slug], "text": _p(blurb)})
        for slug, blurb in ENTRIES
    ]
    loader.load_blocks(article, body)
    contributor = Contributor.objects.get(slug=BYLINE)
    article.bylines.exclude(contributor=contributor).delete()
    loader.sync(Byline, {"article": article, "contributor": contributor}, {"position": 0})
    articles_update_search_vectors([article.pk])
