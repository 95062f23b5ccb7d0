"""The episode picker finds an episode by the code it shows: "S1E2", "s01e02", "1x02"…"""

import pytest

from tests.factories import EpisodeFactory, ProductionFactory, SeasonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seasons():
    """Missing You, seasons 1 and 2 (three episodes each), and another series' S1E2."""
    missing_you = ProductionFactory(title="Missing You")
    episodes = {}
    for season_number in (1, 2):
        season = SeasonFactory(production=missing_you, number=season_number)
        for number in (1, 2, 3):
            episodes[(season_number, number)] = EpisodeFactory(season=season, number=number)
    fool_me_once = SeasonFactory(production=ProductionFactory(title="Fool Me Once"))
    other = EpisodeFactory(season=fool_me_once, number=2, title="The Nanny Cam")
    return episodes, other


def search(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": term,
            "app_label": "articles",
            "model_name": "article",
            "field_name": "episodes",
        },
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize("term", ["S1E2", "s1e2", "S01E02", "1x02", "s1 e2", "Season 1 Episode 2"])
def test_the_episode_picker_finds_an_episode_by_its_code(client, editor, seasons, term):
    client.force_login(editor)

    found = search(client, term)

    assert sorted(found) == ["Fool Me Once S1E2 · The Nanny Cam", "Missing You S1E2 · Episode 2"]


@pytest.mark.parametrize("term", ["Missing You S1E2", "missing you s01e02", "Missing 1x2"])
def test_a_series_title_before_the_code_narrows_it_to_that_series(client, editor, seasons, term):
    client.force_login(editor)

    assert search(client, term) == ["Missing You S1E2 · Episode 2"]


def test_words_still_find_episodes_by_title(client, editor, seasons):
    client.force_login(editor)

    assert search(client, "Fool") == ["Fool Me Once S1E2 · The Nanny Cam"]
    assert search(client, "nanny cam") == ["Fool Me Once S1E2 · The Nanny Cam"]
