"""The series page lists seasons and episodes; each episode has a page, with JSON-LD."""

import json
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from articles.models import Article
from people.models import Credit
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    CreditFactory,
    EpisodeFactory,
    ProductionFactory,
    QuoteFactory,
    SeasonFactory,
    UserFactory,
    season_with_episodes,
)

pytestmark = pytest.mark.django_db

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld(response):
    objects = []
    for block in JSONLD.findall(response.content.decode()):
        data = json.loads(block)
        objects.extend(data if isinstance(data, list) else [data])
    return objects


@pytest.fixture
def run_away():
    series = ProductionFactory(title="Run Away", slug="run-away")
    return series, season_with_episodes(series, count=8)


def test_the_series_page_lists_its_seasons_and_episodes_with_links(client, run_away):
    series, episodes = run_away
    season_with_episodes(series, number=2, count=2)

    html = client.get(series.get_absolute_url()).content.decode()

    assert "Seasons and episodes" in html
    assert "Season 1" in html and "Season 2" in html
    assert 'href="/productions/run-away/s1e8/"' in html
    assert 'href="/productions/run-away/s2e2/"' in html
    assert html.index("/s1e2/") < html.index("/s1e3/") < html.index("/s2e1/")


def test_an_episode_page_shows_its_credits_explainers_and_quotes(client, run_away):
    series, episodes = run_away
    writer = CreditFactory(production=series, role=Credit.Role.WRITER, character_name="")
    writer.episodes.set([episodes[3]])
    elsewhere = CreditFactory(production=series, role=Credit.Role.DIRECTOR, character_name="")
    elsewhere.episodes.set([episodes[0]])
    explainer = ArticleFactory(published=True, title="Episode 4 explained")
    explainer.episodes.set([episodes[3]])
    quote = QuoteFactory(text="The fourth one is where it turns.")
    quote.episodes.set([episodes[3]])

    response = client.get("/productions/run-away/s1e4/")

    assert response.status_code == 200
    html = response.content.decode()
    assert writer.person.name in html
    assert elsewhere.person.name not in html
    assert "Episode 4 explained" in html
    assert "The fourth one is where it turns." in html
    assert 'href="/productions/run-away/s1e3/"' in html  # previous
    assert 'href="/productions/run-away/s1e5/"' in html  # next


def test_an_unknown_episode_or_a_draft_explainer_is_not_shown(client, run_away):
    series, episodes = run_away
    draft = ArticleFactory(title="Not yet")
    draft.episodes.set([episodes[0]])

    assert client.get("/productions/run-away/s1e9/").status_code == 404
    assert client.get("/productions/run-away/s2e1/").status_code == 404
    assert "Not yet" not in client.get("/productions/run-away/s1e1/").content.decode()


def test_the_episode_json_ld_is_a_tv_episode_in_its_season_and_series(client, run_away):
    series, episodes = run_away
    writer = CreditFactory(production=series, role=Credit.Role.WRITER, character_name="")
    writer.episodes.set([episodes[4]])
    episodes[4].runtime_minutes = 47
    episodes[4].save()

    objects = jsonld(client.get("/productions/run-away/s1e5/"))

    (episode,) = [o for o in objects if o["@type"] == "TVEpisode"]
    assert episode["@context"] == "https://schema.org"
    assert episode["episodeNumber"] == 5
    assert episode["name"] == "Episode 5"
    assert episode["url"].endswith("/productions/run-away/s1e5/")
    assert episode["partOfSeries"] == {
        "@type": "TVSeries",
        "name": "Run Away",
        "url": episode["partOfSeries"]["url"],
    }
    assert episode["partOfSeries"]["url"].endswith("/productions/run-away/")
    assert episode["partOfSeason"]["@type"] == "TVSeason"
    assert episode["partOfSeason"]["seasonNumber"] == 1
    assert episode["partOfSeason"]["partOfSeries"]["name"] == "Run Away"
    assert episode["datePublished"] == "2026-01-01"
    assert episode["timeRequired"] == "PT47M"
    assert episode["author"][0]["name"] == writer.person.name


def test_the_series_json_ld_contains_its_seasons_and_episodes(client, run_away):
    series, _episodes = run_away

    objects = jsonld(client.get(series.get_absolute_url()))

    (data,) = [o for o in objects if o["@type"] == "TVSeries"]
    (season,) = data["containsSeason"]
    assert season["@type"] == "TVSeason"
    assert season["seasonNumber"] == 1
    assert season["numberOfEpisodes"] == 8
    assert [e["episodeNumber"] for e in season["episode"]] == list(range(1, 9))
    assert all(e["@type"] == "TVEpisode" for e in season["episode"])


def test_an_article_about_episodes_says_which_and_points_its_about_at_them(client, run_away):
    series, episodes = run_away
    article = ArticleFactory(published=True, kind=Article.Kind.ENDING_EXPLAINED)
    article.productions.set([series])
    article.episodes.set(episodes)

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert "Covers episodes 1–8 of Run Away" in re.sub(r"<[^>]+>", "", html)
    (news,) = [o for o in jsonld(response) if o["@type"] == "NewsArticle"]
    # The episodes sit inside their series' mention; placeholder titles are left out.
    (mention,) = [item for item in news["about"] if item.get("name") == "Run Away"]
    assert mention["url"].endswith("/productions/run-away/")
    covered = mention["episode"]
    assert [item["episodeNumber"] for item in covered] == list(range(1, 9))
    assert covered[7] == {
        "@type": "TVEpisode",
        "episodeNumber": 8,
        "url": covered[7]["url"],
    }
    assert covered[7]["url"].endswith("/productions/run-away/s1e8/")


def test_an_episode_of_a_series_the_article_does_not_name_points_at_its_series(client, run_away):
    series, episodes = run_away
    episodes[0].title = "The Park"
    episodes[0].save()
    article = ArticleFactory(published=True)
    article.episodes.set(episodes[:1])

    (news,) = [
        o for o in jsonld(client.get(article.get_absolute_url())) if o["@type"] == "NewsArticle"
    ]

    (episode,) = [item for item in news["about"] if item["@type"] == "TVEpisode"]
    assert episode["name"] == "The Park"
    assert episode["partOfSeries"]["@id"].endswith("/productions/run-away/")


def _series_page_queries(client, seasons, per_season):
    series = ProductionFactory()
    for number in range(1, seasons + 1):
        season = SeasonFactory(production=series, number=number)
        for episode in range(1, per_season + 1):
            EpisodeFactory(season=season, number=episode)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(series.get_absolute_url())
    assert response.status_code == 200
    return len(queries), response


def test_the_series_page_costs_the_same_with_ten_seasons_of_ten_episodes(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_TIMEOUT = 0
    small, _ = _series_page_queries(client, 1, 1)
    big, response = _series_page_queries(client, 10, 10)

    assert big == small
    assert response.content.decode().count("/s10e10/") >= 1
    series = ProductionFactory()
    for number in range(1, 11):
        season_with_episodes(series, number=number, count=10)
    with django_assert_max_num_queries(12):
        client.get(series.get_absolute_url())


def test_the_episode_page_has_a_fixed_cost(client, settings, run_away):
    settings.PAGE_CACHE_TIMEOUT = 0
    series, episodes = run_away
    for episode, count in ((episodes[0], 1), (episodes[2], 5)):
        for _ in range(count):
            credit = CreditFactory(production=series, role=Credit.Role.WRITER, character_name="")
            credit.episodes.set([episode])
            article = ArticleFactory(published=True)
            article.episodes.set([episode])
            QuoteFactory().episodes.set([episode])
    with CaptureQueriesContext(connection) as few:
        client.get("/productions/run-away/s1e1/")
    with CaptureQueriesContext(connection) as many:
        client.get("/productions/run-away/s1e3/")

    assert len(many) == len(few)


def test_editing_an_episode_in_the_admin_refreshes_its_cached_pages(
    client, run_away, django_capture_on_commit_callbacks
):
    series, episodes = run_away
    url = "/productions/run-away/s1e2/"
    assert "Episode 2" in client.get(url).content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"

    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    staff = Client()
    staff.force_login(admin)

    change = f"/admin/productions/episode/{episodes[1].pk}/change/"
    data = admin_form_data(staff.get(change).content.decode(), "episode_form")
    data["title"] = "The second one"
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(change, data).status_code == 302

    assert "The second one" in client.get(url).content.decode()
    assert "The second one" in client.get(series.get_absolute_url()).content.decode()


def test_where_to_watch_can_name_a_season(client, run_away):
    series, _episodes = run_away
    second = SeasonFactory(production=series, number=2)
    AvailabilityFactory(production=series, season=second, platform="Netflix")

    html = client.get(series.get_absolute_url()).content.decode()

    watch = html[html.index('class="watch-list"') :]
    assert "season 2" in watch[: watch.index("</ul>")]
