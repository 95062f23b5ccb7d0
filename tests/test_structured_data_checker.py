"""The structured data of the public pages passes checkers nobody on Marquee wrote.

`tools/structured-data/check.mjs` runs two open-source checkers over each page's HTML:
Adobe's structured-data-validator (every type and property against the schema.org
vocabulary, and Google's rich-result rules for the nested types it knows: Organization,
Person, ImageObject, Rating ...) and structured-data-testing-tool's Google preset (what
Google requires and recommends for NewsArticle, ClaimReview and Organization). A page
passes with no error and no warning from either. `make sd-tools` installs them (Node.js
and npm); without them these tests skip and say why (in CI they fail).
"""

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse

import pytest

from articles.models import Article, ArticleBlock, Byline
from discussion.models import ProductionRating
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    ContributorFactory,
    ContributorLinkFactory,
    CreditFactory,
    ProductionFactory,
    QuoteFactory,
    UserFactory,
    library_image,
    season_with_episodes,
)
from tests.reader_data import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache_off]

TOOL = Path(settings.BASE_DIR) / "tools" / "structured-data"
RUNNER = TOOL / "check.mjs"
INSTALLED = TOOL / "node_modules" / "@adobe" / "structured-data-validator"

#: The pages whose structured data the checkers read: name -> (its address in the site the
#: `site` fixture builds, the top-level JSON-LD types it must declare). One list: a page
#: added here is checked.
PAGES = {
    "article": (lambda site: site.article.get_absolute_url(), {"NewsArticle", "ClaimReview"}),
    "sponsored article": (lambda site: site.sponsored.get_absolute_url(), {"NewsArticle"}),
    "home": (lambda site: reverse("articles:home"), {"NewsMediaOrganization", "WebSite"}),
    "review": (lambda site: site.review.get_absolute_url(), {"NewsArticle", "Review"}),
    "episode review": (lambda site: site.episode_review.get_absolute_url(), {"Review"}),
    "production": (lambda site: site.series.get_absolute_url(), {"TVSeries"}),
    "episode": (lambda site: site.episode.get_absolute_url(), {"TVEpisode"}),
    "person": (lambda site: site.person.get_absolute_url(), {"Person"}),
    "author": (lambda site: site.author.get_absolute_url(), {"ProfilePage"}),
    "ranked list": (lambda site: site.ranked.get_absolute_url(), {"ItemList", "NewsArticle"}),
}


def missing(reason):
    """Skip, saying what is missing; in CI (`CI=true`, where `.ci/run` installs the
    checkers) fail instead, so the check can never be skipped silently."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def checkers():
    """The command that runs the checkers (asked first, so a skip builds no site)."""
    node = shutil.which("node")
    if node is None:
        missing("Node.js is not installed: the structured-data checkers need it")
    if not INSTALLED.exists():
        missing("the structured-data checkers are not installed: run `make sd-tools`")
    return [node, str(RUNNER)]


def check(command, pages, tmp_path):
    """Each page's (top-level JSON-LD types, issues) as the checkers report them."""
    files = {}
    for name, html in pages.items():
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_text(html, encoding="utf-8")
        files[name] = str(path)
    finished = subprocess.run(
        [*command, *files.values()], capture_output=True, text=True, check=False, timeout=120
    )
    assert finished.returncode == 0, finished.stderr
    report = json.loads(finished.stdout)
    return {
        name: (set(report[path]["types"]), report[path]["issues"]) for name, path in files.items()
    }


@pytest.fixture
def site():
    """A small site like the demo: an explainer with byline, hero, verdict, production,
    episodes and people; a sponsored explainer; a series with a season; a person; a ranked
    list counting down."""
    article = make_article()
    series = article.productions.get()
    episodes = season_with_episodes(series, count=3)
    article.episodes.add(*episodes[:2])
    person = article.people.get()
    person.bio = "Novelist, creator of Run Away."
    person.photo = library_image("coben.png", size=(400, 400))
    person.save()
    CreditFactory(person=person, production=series, role="writer", character_name="").episodes.add(
        episodes[0]
    )
    CreditFactory(production=series, role="actor").episodes.add(*episodes)
    QuoteFactory(speaker=person)
    sponsored = ArticleFactory(
        published=True,
        with_hero=True,
        kind=Article.Kind.NEWS,
        title="Where to watch every Harlan Coben series",
        sponsor_name="Northlight Streaming",
        sponsor_url="https://northlight.example/",
        sponsor_logo=library_image("northlight.png", size=(120, 60)),
        authors=[UserFactory(first_name="Sam", last_name="Guide")],
    )
    sponsored.productions.add(series)
    author = ContributorFactory(
        name="Juno Tallis",
        job_title="Contributing writer",
        beat="TV adaptations of crime novels",
        bio="Writes about how crime novels become television.",
        photo=library_image("juno.png", size=(400, 400)),
    )
    ContributorLinkFactory(contributor=author, label="Website", url="https://juno.example/")
    Byline.objects.create(article=article, contributor=author, position=9)
    # A critic's review of the first season, one of an episode, and readers' stars for the
    # series (enough for its aggregateRating).
    review = ArticleFactory(
        published=True,
        with_hero=True,
        kind=Article.Kind.REVIEW,
        title="Run Away season 1 review",
        review_scale=5,
        review_score=Decimal("3.5"),
        review_verdict="A twisty thriller that earns most of its turns.",
        reviewed_season=episodes[0].season,
        byline=[author],
    )
    review.productions.add(series)
    episode_review = ArticleFactory(
        published=True,
        with_hero=True,
        kind=Article.Kind.REVIEW,
        title="Run Away episode 1 review",
        review_scale=10,
        review_score=Decimal(8),
        review_verdict="An opening that hooks.",
        reviewed_episode=episodes[0],
        byline=[author],
    )
    episode_review.productions.add(series)
    for number, stars in enumerate([5, 4, 3]):
        ProductionRating.objects.create(production=series, voter_key=f"g:{number}", value=stars)
    ranked = ArticleFactory(
        published=True,
        with_hero=True,
        kind=Article.Kind.LIST,
        title="Harlan Coben adaptations, ranked",
        countdown=True,
        byline=[author],
    )
    for position, production in enumerate([series, ProductionFactory(title="Fool Me Once")]):
        BlockFactory(
            article=ranked,
            kind=ArticleBlock.Kind.ENTRY,
            production=production,
            position=position,
            text=f"<p>Why {production.title} is on the list.</p>",
        )
    return SimpleNamespace(
        review=review,
        episode_review=episode_review,
        ranked=ranked,
        article=article,
        sponsored=sponsored,
        series=series,
        episode=episodes[0],
        person=person,
        author=author,
    )


def rendered(client, site):
    pages = {}
    for name, (address, _types) in PAGES.items():
        response = client.get(address(site))
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    return pages


def test_every_page_passes_the_checkers_with_no_error_and_no_warning(
    checkers, client, site, tmp_path
):
    report = check(checkers, rendered(client, site), tmp_path)

    for name, (_address, types) in PAGES.items():
        found, issues = report[name]
        assert types <= found, f"{name}: the checkers found {found or 'nothing'}"
        assert issues == [], f"{name}: " + json.dumps(issues, indent=1)


def test_the_checkers_catch_what_google_and_schema_org_refuse(checkers, tmp_path):
    """The checkers are not asleep: a NewsArticle without a date or a named author, with a
    property schema.org does not have and a misspelt type, is refused on each count."""
    broken = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "A headline",
        "spoilerLevel": "high",
        "author": {"@type": "Person", "url": "https://example.com/ada"},
        "publisher": {"@type": "Organisation", "name": "Marquee"},
    }
    html = f'<script type="application/ld+json">{json.dumps(broken)}</script>'

    found, issues = check(checkers, {"broken": html}, tmp_path)["broken"]

    assert found == {"NewsArticle"}
    messages = "\n".join(f"{issue['severity']}: {issue['message']}" for issue in issues)
    assert 'Property "spoilerLevel" for type "NewsArticle" is not supported' in messages
    assert 'error: Type "Organisation" is not a valid schema.org type' in messages
    assert 'error: Required attribute "name" is missing' in messages
    assert "error: datePublished" in messages
    assert "error: image" in messages
