"""The demo's money and news: an affiliate where-to-watch offer on Run Away, a short
sponsored explainer with a sponsored link in its text, the affiliate domain it links to,
and one explainer first published within the last hours, so `/news-sitemap.xml` lists it.

The sponsor, Northlight Video, is fictional and lives under the reserved `.example` domain.

"Recent" means recent when the demo is first loaded: the sponsored explainer is first
published an hour before that load. Loading again keeps its date (first publication does
not move, so it leaves the news sitemap 48 hours later, as a real explainer would).
`load_demo --refresh` puts the demo values back: an explainer still inside those 48 hours
keeps its date, one past them is dated an hour before the refresh, in the news sitemap
again.
"""

import datetime

from django.utils import timezone

from productions.models import Availability

from ..models import Article, ArticleBlock, SiteDisclosure
from ..services import articles_update_search_vectors
from .content import _p
from .pictures import Picture

SPONSOR = "Northlight Video"
SPONSOR_DOMAIN = "northlight.example"
SPONSORED_SLUG = "how-to-watch-harlan-coben-on-netflix"
#: How long before the load the sponsored explainer is first published.
RECENT = datetime.timedelta(hours=1)
#: How long an explainer stays in the news sitemap (Google News' own window).
NEWS_WINDOW = datetime.timedelta(hours=48)

AFFILIATE_OFFER = {
    "production": "run-away",
    "platform": SPONSOR,
    "country": "GB",
    "available_from": datetime.date(2026, 1, 1),
    "url": f"https://{SPONSOR_DOMAIN}/titles/run-away?ref=marquee",
    "affiliate": True,
}

SPONSORED_ARTICLE = {
    "title": "How to watch Harlan Coben's Netflix thrillers, and where to start",
    "standfirst": (
        "Three series, no shared characters, one rule: each story ends in its own finale. "
        "Here is an order that works."
    ),
    "kind": Article.Kind.NEWS,
    "sponsor_name": SPONSOR,
    "sponsor_label": "sponsored",
    "sponsor_url": f"https://{SPONSOR_DOMAIN}/",
    "tags": ["Netflix", "Harlan Coben"],
    # Not Run Away: its affiliate offer would put the notice above the where-to-watch list,
    # and this page shows the other place it goes, before the first sponsored link in the text.
    "productions": ["the-stranger", "fool-me-once"],
    "people": ["harlan-coben"],
    "hero": Picture(
        path="articles/demo-coben-watch-order-hero.png",
        text="How to watch Harlan Coben",
        alt="An illustrated title card reading “How to watch Harlan Coben”",
        size=(1600, 900),
        caption="Sponsored by Northlight Video",
    ),
}

SPONSORED_BLOCKS = [
    (
        "order",
        ArticleBlock.Kind.RICH_TEXT,
        {
            "text": _p(
                "Harlan Coben's Netflix series stand alone: nobody from <em>The Stranger</em> "
                "turns up in <em>Fool Me Once</em>, and <em>Run Away</em> needs neither. "
                "Watch them in the order they were released and you follow how the "
                "adaptations grew, from eight episodes set around one secret to eight built "
                "around a missing daughter.",
                "Start with <em>The Stranger</em> (2020), then <em>Fool Me Once</em> (2024), "
                "then <em>Run Away</em> (2026). Each one closes its mystery in its last "
                "episode, so stopping after any of them leaves nothing hanging.",
            )
        },
    ),
    (
        "offer",
        ArticleBlock.Kind.RICH_TEXT,
        {
            "text": _p(
                "All three stream on Netflix in the UK. If you would rather own them, "
                f'<a href="https://{SPONSOR_DOMAIN}/collections/harlan-coben" '
                'rel="sponsored">Northlight Video sells the three series as one '
                "collection</a>, and its links on this page earn Marquee a commission.",
            )
        },
    ),
]


def load_disclosure(loader):
    """The affiliate offer, the sponsored explainer and the affiliate domain, found or made
    by `loader` (a `DemoLoader` that has loaded the productions and people)."""
    offer = AFFILIATE_OFFER
    loader.sync(
        Availability,
        {
            "production": loader.productions[offer["production"]],
            "platform": offer["platform"],
            "country": offer["country"],
            "available_from": offer["available_from"],
        },
        {"url": offer["url"], "affiliate": offer["affiliate"]},
    )
    if not SiteDisclosure.objects.exists():
        # The editor's record wins once it exists: the demo only fills a new site's.
        SiteDisclosure(sponsored_domains=SPONSOR_DOMAIN).save()
    load_sponsored_article(loader)


def load_sponsored_article(loader):
    data = SPONSORED_ARTICLE
    now = timezone.now().replace(microsecond=0)
    first_published = now - RECENT
    kept = Article.objects.filter(slug=SPONSORED_SLUG).values_list("first_published_at")
    kept = kept.first()
    if kept and kept[0] and kept[0] > now - NEWS_WINDOW:
        first_published = kept[0]
    values = {
        "title": data["title"],
        "standfirst": data["standfirst"],
        "kind": data["kind"],
        "status": Article.Status.PUBLISHED,
        "publish_at": first_published,
        "first_published_at": first_published,
        "sponsor_name": data["sponsor_name"],
        "sponsor_label": data["sponsor_label"],
        "sponsor_url": data["sponsor_url"],
    }
    article, created = loader.sync(Article, {"slug": SPONSORED_SLUG}, values)
    loader.picture(article, "hero_image", data["hero"], fill=created or loader.refresh)
    if created or loader.refresh:
        article.authors.set([loader.admin])
        article.tags.set(data["tags"])
        article.productions.set([loader.productions[slug] for slug in data["productions"]])
        article.people.set([loader.people[slug] for slug in data["people"]])
        loader.load_blocks(article, SPONSORED_BLOCKS)
        articles_update_search_vectors([article.pk])
    else:
        loader.report.found[str(ArticleBlock._meta.verbose_name_plural)] += article.blocks.count()
    loader.articles[SPONSORED_SLUG] = article
