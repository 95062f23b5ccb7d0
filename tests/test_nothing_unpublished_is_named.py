"""Nothing unpublished is named in public: a tag, person, production or quote that only a
draft and a scheduled explainer name has no page, feed, follow link, sitemap entry, API answer,
oEmbed card or search result, and no public page lists it, until one of them is published.

Every public URL pattern is walked from the URLconf (tests/public_urls.py), so a new public
address is checked without a change here.
"""

import html
import json

from django.urls import reverse

import pytest

from articles import services as article_services
from members.models import Follow
from reader.search import SEARCHES
from reader.sitemaps import SITEMAPS
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CommentFactory,
    ContributorFactory,
    CorrectionFactory,
    CreditFactory,
    EpisodeFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    SeasonFactory,
    StandingPageFactory,
)
from tests.public_urls import public_routes

pytestmark = pytest.mark.django_db

#: What only the draft and the scheduled explainer name, and the word a reader could search.
SECRETS = {
    "tag": ("Zephyrine Embargo", "Zephyrine"),
    "person": ("Quillon Vantablack", "Quillon"),
    "production": ("Obsidian Lantern", "Obsidian"),
    "episode": ("Moth Protocol", "Moth"),
    "quote": ("Marrowlight whispers at the harbour", "Marrowlight"),
    "contributor": ("Velvetine Ashgrove", "Velvetine"),
    # A draft standing page in the footer with a role, and a draft explainer's correction.
    "page": ("Vellichor Charter", "Vellichor"),
    "correction": ("Glimmerwick erratum", "Glimmerwick"),
}
SECRET_NAMES = [name for name, _word in SECRETS.values()]


def embargoed_world():
    """A draft and a scheduled explainer naming a tag, person, production (and its episode)
    and quote nothing published names; beside them a public world that touches each secret
    through the catalogue (a credit, a quote's productions, a source, an adaptation)."""
    run_away = ProductionFactory(title="Run Away", slug="run-away")
    secret_show = ProductionFactory(
        title=SECRETS["production"][0], slug="obsidian-lantern", based_on=run_away
    )
    secret_episode = EpisodeFactory(
        season=SeasonFactory(production=secret_show), number=1, title=SECRETS["episode"][0]
    )
    secret_person = PersonFactory(name=SECRETS["person"][0], slug="quillon-vantablack")
    CreditFactory(person=secret_person, production=secret_show, character_name="A guard")
    secret_quote = QuoteFactory(speaker=secret_person, text=SECRETS["quote"][0])
    secret_quote.productions.add(secret_show)

    # A guest whose only bylines are embargoed: no author page, feed or card names them.
    secret_writer = ContributorFactory(name=SECRETS["contributor"][0], slug="velvetine-ashgrove")
    draft = ArticleFactory(
        with_hero=True, slug="secret-draft", title="What is coming", byline=[secret_writer]
    )
    BlockFactory(article=draft)
    QuoteBlockFactory(article=draft, quote=secret_quote)
    scheduled = ArticleFactory(
        scheduled=True, slug="secret-scheduled", title="Soon", byline=[secret_writer]
    )
    for article in (draft, scheduled):
        article.tags.add(SECRETS["tag"][0])
        article.productions.add(secret_show)
        article.people.add(secret_person)
        article.episodes.add(secret_episode)

    harlan = PersonFactory(name="Harlan Coben", slug="harlan-coben")
    CreditFactory(person=harlan, production=run_away)
    CreditFactory(person=harlan, production=secret_show, character_name="Himself")
    public_quote = QuoteFactory(speaker=harlan, text="Every family has a secret.")
    public_quote.productions.add(run_away, secret_show)
    adaptation = ProductionFactory(
        title="The Second Show", slug="second-show", based_on=secret_show
    )
    run_away_episode = EpisodeFactory(
        season=SeasonFactory(production=run_away), number=1, adapts=secret_show
    )
    writer = ContributorFactory(name="Ada Writer", slug="ada-writer")
    published = ArticleFactory(
        published=True, slug="public-piece", title="Is Run Away true?", byline=[writer]
    )
    published.tags.add("Thrillers")
    published.productions.add(run_away)
    published.people.add(harlan)
    BlockFactory(article=published)
    QuoteBlockFactory(article=published, quote=public_quote)
    comment = CommentFactory(article=published)
    secret_page = StandingPageFactory(
        title=SECRETS["page"][0], slug="vellichor-charter", status="draft", role="standards"
    )
    secret_page.show_in_footer = True
    secret_page.save()
    CorrectionFactory(article=draft, note=SECRETS["correction"][0])
    about = StandingPageFactory(title="About us", slug="about", show_in_footer=True, role="about")
    return {
        "draft": draft,
        "scheduled": scheduled,
        "tag": draft.tags.get(),
        "person": secret_person,
        "production": secret_show,
        "episode": secret_episode,
        "quote": secret_quote,
        "contributor": secret_writer,
        "public": {
            "contributor": writer,
            "article": published,
            "tag": published.tags.get(),
            "person": harlan,
            "production": run_away,
            "adaptation": adaptation,
            "episode": run_away_episode,
            "quote": public_quote,
            "comment": comment,
            "page": about,
        },
    }


def candidates(world):
    """What to put in each URL parameter: every secret, then the public world's own."""
    public = world["public"]
    secret_slugs = [world[kind].slug for kind in ("tag", "person", "production", "contributor")]
    public_slugs = [
        public[kind].slug for kind in ("tag", "person", "production", "adaptation", "contributor")
    ]
    articles = [world["draft"], world["scheduled"], public["article"]]
    quotes = [world["quote"].pk, public["quote"].pk]
    return {
        "slug": [
            *secret_slugs,
            *public_slugs,
            *(article.slug for article in articles),
            "vellichor-charter",
            public["page"].slug,
        ],
        "kind": list(Follow.Kind.values),
        "pk": [*quotes, public["comment"].pk],
        "quote_id": quotes,
        "article_id": [article.pk for article in articles],
        "production_id": [
            world["production"].pk,
            *(public[kind].pk for kind in ("production", "adaptation")),
        ],
        "season": [1],
        "number": [1],
        "section": list(SITEMAPS),
        "token": ["not-a-token"],
        "path": ["nothing-here.png"],
    }


def queries(world, name):
    """The query strings a reader or a client could send to the page called `name`."""
    site = "http://testserver"
    slugs = {kind: world[kind].slug for kind in ("tag", "person", "production")}
    words = [word for _name, word in SECRETS.values()]
    found = {
        "articles:search": [
            {"q": word, **({"type": kind} if kind else {})}
            for word in words
            for kind in ["", *SEARCHES]
        ],
        "api:oembed": [
            {"url": site + world["quote"].get_absolute_url()},
            {"url": site + world["draft"].get_absolute_url()},
            {"url": site + world["public"]["quote"].get_absolute_url()},
        ],
        "api:v1:list_articles": [
            {"tag": slugs["tag"]},
            {"person": slugs["person"]},
            {"production": slugs["production"]},
        ],
        "api:v1:list_quotes": [
            {"speaker": slugs["person"]},
            {"production": slugs["production"]},
        ],
    }
    return [{}, *found.get(name, [])]


def named_secrets(response):
    """The secret names a response carries, as a reader would read it (entities and JSON
    escapes undone)."""
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    text = html.unescape(text).casefold()
    return [name for name in SECRET_NAMES if name.casefold() in text]


@pytest.fixture
def world(db):
    return embargoed_world()


def test_no_public_url_names_what_only_unpublished_explainers_name(client, reader, world):
    """Every public URL pattern, with every secret and every public object in its parameters
    and the query strings readers send, asked by a visitor and by a signed-in reader."""
    signed_in = type(client)()
    signed_in.force_login(reader)
    values = candidates(world)
    asked, leaks = 0, {}
    for route in public_routes():
        for path in route.paths(values):
            for query in queries(world, route.name):
                for visitor in (client, signed_in):
                    response = visitor.get(path, query)
                    asked += 1
                    found = named_secrets(response)
                    if found:
                        leaks[f"{path}?{query}"] = (response.status_code, found)
    assert asked > 300
    assert leaks == {}


DEDICATED = [
    "/tags/zephyrine-embargo/",
    "/tags/zephyrine-embargo/feed/",
    "/tags/zephyrine-embargo/feed/atom/",
    "/people/quillon-vantablack/",
    "/productions/obsidian-lantern/",
    "/productions/obsidian-lantern/feed/",
    "/productions/obsidian-lantern/feed/atom/",
    "/productions/obsidian-lantern/s1e1/",
    "/follow/tag/zephyrine-embargo/",
    "/follow/person/quillon-vantablack/",
    "/follow/production/obsidian-lantern/",
    "/api/v1/people/quillon-vantablack/",
    "/api/v1/productions/obsidian-lantern/",
    "/authors/velvetine-ashgrove/",
    "/authors/velvetine-ashgrove/feed/",
    "/authors/velvetine-ashgrove/feed/atom/",
]


def dedicated_urls(world):
    quote = world["quote"]
    return [
        *DEDICATED,
        quote.get_absolute_url(),
        f"/api/v1/quotes/{quote.pk}/",
        f"/oembed/?url=http://testserver{quote.get_absolute_url()}",
    ]


def test_the_pages_of_what_only_unpublished_explainers_name_are_404(client, world):
    for url in dedicated_urls(world):
        assert client.get(url).status_code == 404, url


def test_a_draft_standing_page_is_404_and_named_nowhere(client, world):
    assert client.get("/vellichor-charter/").status_code == 404
    for url in ("/", "/corrections/", "/about/", "/sitemap.xml"):
        assert named_secrets(client.get(url)) == [], url


def test_following_what_only_unpublished_explainers_name_is_404_and_stores_nothing(
    client, reader, world
):
    client.force_login(reader)
    for kind in ("tag", "person", "production"):
        url = reverse("members:follow", args=[kind, world[kind].slug])
        assert client.post(url, {"email": "fan@example.com"}).status_code == 404
    assert client.post("/productions/obsidian-lantern/watched/").status_code == 404
    assert not Follow.objects.exists()


def test_follow_links_name_their_target_by_slug_and_old_links_by_id_are_404(client, world):
    run_away = world["public"]["production"]
    page = client.get(run_away.get_absolute_url()).content.decode()

    assert f'action="/follow/production/{run_away.slug}/"' in page
    assert client.get(f"/follow/production/{run_away.slug}/").status_code == 200
    for kind in ("tag", "person", "production"):
        assert client.get(f"/follow/{kind}/{world[kind].pk}/").status_code == 404
    assert client.get(f"/follow/production/{run_away.pk}/").status_code == 404


def test_public_pages_leave_out_what_only_unpublished_explainers_name(client, world):
    public = world["public"]
    pages = [
        public["contributor"].get_absolute_url(),
        public["person"].get_absolute_url(),
        public["production"].get_absolute_url(),
        public["adaptation"].get_absolute_url(),
        public["episode"].get_absolute_url(),
        public["quote"].get_absolute_url(),
        public["article"].get_absolute_url(),
        f"/api/v1/people/{public['person'].slug}/",
        f"/api/v1/productions/{public['adaptation'].slug}/",
        f"/api/v1/quotes/{public['quote'].pk}/",
        f"/api/v1/articles/{public['article'].slug}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert named_secrets(response) == [], url
    # What they show of the public world is still there.
    person_page = client.get(public["person"].get_absolute_url()).content.decode()
    assert "Run Away" in person_page and "Every family has a secret." in person_page


def test_filtering_a_list_by_what_only_unpublished_explainers_name_finds_nothing(client, world):
    # A public quote is about the secret production too: the filter must not confirm it.
    for query in ({"production": "obsidian-lantern"}, {"speaker": "quillon-vantablack"}):
        assert client.get("/api/v1/quotes/", query).json()["items"] == []
    for query in ({"tag": "zephyrine-embargo"}, {"person": "quillon-vantablack"}):
        assert client.get("/api/v1/articles/", query).json()["items"] == []


def test_a_person_credited_on_a_public_production_stays_public_while_a_draft_names_them(
    client, world
):
    minnie = PersonFactory(name="Minnie Driver", slug="minnie-driver")
    CreditFactory(person=minnie, production=world["public"]["production"])
    world["draft"].people.add(minnie)

    assert client.get("/people/minnie-driver/").status_code == 200
    assert "Minnie Driver" in client.get("/productions/run-away/").content.decode()


def test_publishing_brings_every_page_out_and_unpublishing_takes_it_back(
    client, editor, world, django_capture_on_commit_callbacks
):
    watched = [*dedicated_urls(world), "/sitemap.xml", "/api/v1/people/", "/api/v1/tags/"]
    for url in watched:
        client.get(url)
        client.get(url)  # kept by the page cache where it may be
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_publish(article=world["draft"], user=editor)

    for url in watched:
        response = client.get(url)
        assert response.status_code == 200, url
        assert named_secrets(response) or "sitemap" in url, url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/tags/zephyrine-embargo/" in sitemap and "/people/quillon-vantablack/" in sitemap

    for url in watched:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_unpublish(article=world["draft"], user=editor)

    for url in dedicated_urls(world):
        assert client.get(url).status_code == 404, url
    for url in ("/sitemap.xml", "/api/v1/people/", "/api/v1/tags/"):
        assert named_secrets(client.get(url)) == [], url
    assert "/tags/zephyrine-embargo/" not in client.get("/sitemap.xml").content.decode()
