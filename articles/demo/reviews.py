"""The demo's review: a short, scored review of Run Away's first season, in the project's own
words, with a guest critic's byline, so the review page, its `Review` data and the series
page's critic reviews have something to show. The demo readers' ratings of the series itself
(its audience score) come with the demo discussion (`load_demo_discussion`)."""

import datetime
from decimal import Decimal

from productions.models import Season

from ..bylines import desk_access_from_byline
from ..models import Article, ArticleBlock, Byline, Contributor
from ..services import articles_update_search_vectors
from .content import _p

REVIEW_SLUG = "run-away-season-1-review"
REVIEW_CRITIC = "juno-tallis"

REVIEW_ARTICLE = {
    "title": "Run Away season 1 review: a father's search that never lets go",
    "standfirst": (
        "Eight episodes, one missing daughter and a twist a chapter: Netflix's latest Harlan "
        "Coben series is as hard to stop watching as the novel is to put down."
    ),
    "kind": Article.Kind.REVIEW,
    "status": Article.Status.PUBLISHED,
    "publish_at": datetime.datetime(2026, 1, 4, 9, 0, tzinfo=datetime.UTC),
    "first_published_at": datetime.datetime(2026, 1, 4, 9, 0, tzinfo=datetime.UTC),
    "review_scale": 5,
    "review_score": Decimal("4.0"),
    "review_verdict": "A twisty, binge-worthy thriller that earns most of its turns.",
}

REVIEW_BLOCKS = [
    (
        "review-1",
        ArticleBlock.Kind.RICH_TEXT,
        {
            "text": _p(
                "<em>Run Away</em> opens on a father finding his daughter in a park and "
                "losing her again in the same minute, and it keeps that pace for eight "
                "episodes. Each ends on a reveal that makes the next one hard to refuse.",
                "What lifts it above a puzzle box is the family at its centre: the fear "
                "and guilt of parents who cannot tell whether they failed their child feel "
                "true even when the plot does not.",
            )
        },
    ),
    (
        "review-2",
        ArticleBlock.Kind.RICH_TEXT,
        {
            "text": _p(
                "Not every turn lands. The middle episodes pile on a cult, a private "
                "investigator and a string of killings faster than the series can explain "
                "them, and one late reveal asks for more goodwill than it has earned.",
                "Still, few thrillers this year are as easy to start or as hard to stop. "
                "Four stars out of five.",
            )
        },
    ),
]


def load_review(loader, series_slug="run-away"):
    """The review of the series' first season, found or made by `loader` (after the bylines,
    so its critic exists)."""
    series = loader.productions[series_slug]
    values = {
        **REVIEW_ARTICLE,
        "reviewed_season": Season.objects.get(production=series, number=1),
    }
    article, created = loader.sync(Article, {"slug": REVIEW_SLUG}, values)
    if created or loader.refresh:
        article.authors.set([loader.admin])
        article.tags.set(["Netflix", "Harlan Coben"])
        article.productions.set([series])
        loader.load_blocks(article, REVIEW_BLOCKS)
        critic = Contributor.objects.get(slug=REVIEW_CRITIC)
        article.bylines.exclude(contributor=critic).delete()
        loader.sync(Byline, {"article": article, "contributor": critic}, {"position": 0})
        desk_access_from_byline(article=article)
        articles_update_search_vectors([article.pk])
    else:
        loader.report.found[str(ArticleBlock._meta.verbose_name_plural)] += article.blocks.count()
    loader.articles[REVIEW_SLUG] = article
