"""Seasons and episodes: their order and numbers, credits per episode, a season typed at once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from articles import services
from articles.models import Article
from people.models import Credit
from productions.models import Episode, Season, episode_ranges
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CreditFactory,
    EpisodeFactory,
    PersonFactory,
    ProductionFactory,
    SeasonFactory,
    UserFactory,
    season_with_episodes,
)

pytestmark = pytest.mark.django_db


def test_episodes_come_season_by_season_in_number_order():
    series = ProductionFactory()
    second = SeasonFactory(production=series, number=2)
    first = SeasonFactory(production=series, number=1)
    EpisodeFactory(season=second, number=1)
    EpisodeFactory(season=first, number=3)
    EpisodeFactory(season=first, number=1)
    EpisodeFactory(season=first, number=2)

    codes = [e.code for e in Episode.objects.of_series([series.pk]).in_order()]

    assert codes == ["S1E1", "S1E2", "S1E3", "S2E1"]


def test_an_episode_number_is_taken_once_per_season():
    season = SeasonFactory()
    EpisodeFactory(season=season, number=4)
    EpisodeFactory(season=SeasonFactory(production=season.production, number=2), number=4)

    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(season=season, number=4)


def test_a_season_number_is_taken_once_per_series_and_numbers_start_at_one():
    season = SeasonFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(production=season.production, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeasonFactory(production=season.production, number=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(season=season, number=0)


def test_a_credit_names_the_episodes_someone_wrote():
    series = ProductionFactory()
    episodes = season_with_episodes(series)
    credit = CreditFactory(production=series, role=Credit.Role.WRITER, character_name="")
    credit.episodes.set([episodes[3], episodes[6]])

    assert sorted(e.code for e in credit.episodes.select_related("season")) == ["S1E4", "S1E7"]
    assert list(episodes[3].credits.all()) == [credit]
    assert not episodes[0].credits.exists()


def test_a_credit_cannot_name_an_episode_of_another_series(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    series, other = ProductionFactory(), ProductionFactory()
    theirs = season_with_episodes(other, count=2)
    person = PersonFactory()

    response = client.post(
        "/admin/people/credit/add/",
        {
            "person": person.pk,
            "production": series.pk,
            "role": "writer",
            "billing_order": 0,
            "episodes": [theirs[0].pk],
        },
    )

    assert response.status_code == 200
    assert "is not an episode of this production" in response.content.decode()
    assert not Credit.objects.exists()


def test_an_editor_adds_a_whole_season_of_episodes_in_one_form(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    series = ProductionFactory(title="Run Away")
    page = client.get("/admin/productions/season/add/")
    data = admin_form_data(page.content.decode(), "season_form")
    assert data["episodes-TOTAL_FORMS"] == "10"  # enough rows for a season
    data.update({"production": series.pk, "number": 1, "release_date": "2026-01-01"})
    for index in range(8):
        data[f"episodes-{index}-number"] = str(index + 1)
        data[f"episodes-{index}-title"] = f"Episode {index + 1}"
        data[f"episodes-{index}-air_date"] = "2026-01-01"

    response = client.post("/admin/productions/season/add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    season = Season.objects.get(production=series)
    assert [(e.number, e.title) for e in season.episodes.order_by("number")] == [
        (n, f"Episode {n}") for n in range(1, 9)
    ]


def test_the_bulk_form_refuses_a_number_twice_and_keeps_what_was_typed(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    series = ProductionFactory()
    page = client.get("/admin/productions/season/add/")
    data = admin_form_data(page.content.decode(), "season_form")
    data.update({"production": series.pk, "number": 1})
    for index, number in enumerate([1, 2, 2]):
        data[f"episodes-{index}-number"] = str(number)
        data[f"episodes-{index}-title"] = f"Typed title {index}"

    response = client.post("/admin/productions/season/add/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Typed title 2" in html
    assert not Season.objects.exists()


def test_covered_episodes_are_compacted_into_ranges():
    series = ProductionFactory(title="Run Away")
    first = season_with_episodes(series, count=8)
    second = season_with_episodes(series, number=2, count=3)

    assert episode_ranges(first) == [(series, "episodes 1–8")]
    assert episode_ranges([first[0], first[1], first[2], first[4]]) == [
        (series, "episodes 1–3 and 5")
    ]
    assert episode_ranges([first[7], second[0]]) == [
        (series, "season 1, episode 8; season 2, episode 1")
    ]


def _ready_ending(**kwargs):
    article = ArticleFactory(kind=Article.Kind.ENDING_EXPLAINED, with_hero=True, **kwargs)
    BlockFactory(article=article)
    return article


def test_an_ending_explained_cannot_be_published_without_an_episode():
    editor = UserFactory(username="ed", is_superuser=True, is_staff=True)
    article = _ready_ending()

    with pytest.raises(ValidationError, match="at least one covered episode"):
        services.article_publish(article=article, user=editor)

    article.episodes.set(season_with_episodes(ProductionFactory(), count=1))
    services.article_publish(article=article, user=editor)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_other_kinds_need_no_episode():
    editor = UserFactory(username="ed", is_superuser=True, is_staff=True)
    article = ArticleFactory(kind=Article.Kind.TRUE_STORY, with_hero=True)
    BlockFactory(article=article)

    services.article_publish(article=article, user=editor)


def test_the_admin_puts_the_missing_episode_beside_the_field(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    article = _ready_ending()
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    data = admin_form_data(page.content.decode(), "article_form")
    data["_workflow"] = "publish"

    refused = client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert refused.status_code == 200
    assert "At least one covered episode" in refused.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    episode = season_with_episodes(ProductionFactory(), count=1)[0]
    data["episodes"] = [str(episode.pk)]
    published = client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert published.status_code == 302, published.content.decode()[:3000]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_demo_has_run_aways_eight_episodes_and_its_explainer_covers_them():
    from articles.demo import TRUE_STORY_SLUG, load_demo

    load_demo()

    season = Season.objects.get(production__slug="run-away", number=1)
    episodes = list(season.episodes.order_by("number"))
    assert [e.number for e in episodes] == list(range(1, 9))
    assert {e.air_date.isoformat() for e in episodes} == {"2026-01-01"}
    article = Article.objects.get(slug=TRUE_STORY_SLUG)
    assert sorted(e.number for e in article.episodes.all()) == list(range(1, 9))
    assert article.blocks.filter(spoils_up_to=episodes[7]).exists()
    writer = Credit.objects.get(person__slug="charlotte-coben", role=Credit.Role.WRITER)
    assert sorted(e.number for e in writer.episodes.all()) == [4, 7]


def test_lists_name_an_episode_by_its_code_unless_it_has_a_title_of_its_own():
    season = SeasonFactory(number=2)
    placeholder = EpisodeFactory(season=season, number=5, title="Episode 5")
    titled = EpisodeFactory(season=season, number=6, title="The Lake")

    assert placeholder.option_label == "S2E5"
    assert titled.option_label == "S2E6: The Lake"
