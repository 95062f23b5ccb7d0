"""Spoilers folded by episode: a reader says how far they have watched, and every block and
comment past that is folded with its episode named; nothing gated leaks anywhere else."""

import re

from django.test import Client

import pytest

from articles.models import Article, ArticleBlock
from articles.search import search_parts
from discussion.models import Comment
from productions.positions import WATCHED_COOKIE, Positions, fold_for
from tests.discussion_forms import comment_data, post_url
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CommentFactory,
    ProductionFactory,
    season_with_episodes,
)

pytestmark = pytest.mark.django_db

SECRET_BLOCK = "Zebulon the gardener was the killer all along"
SECRET_COMMENT = "Quillfeather survives the fire in the finale"
EARLY_COMMENT = "Marmalade hides the letter in episode two"


@pytest.fixture
def story():
    """An explainer on a series with a spoiler block up to S1E5, a comment up to S1E6 and one
    up to S1E2."""
    series = ProductionFactory(title="Run Away", slug="run-away")
    episodes = season_with_episodes(series)
    article = ArticleFactory(
        published=True, kind=Article.Kind.ENDING_EXPLAINED, slug="run-away-ending"
    )
    article.productions.set([series])
    article.episodes.set(episodes)
    BlockFactory(article=article, text="<p>Open words everyone reads.</p>")
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who did it",
        text=f"<p>{SECRET_BLOCK}.</p>",
        spoils_up_to=episodes[4],
    )
    CommentFactory(article=article, body=SECRET_COMMENT, spoils_up_to=episodes[5])
    CommentFactory(article=article, body=EARLY_COMMENT, spoils_up_to=episodes[1])
    return series, episodes, article


def folds(html):
    """{summary line: open?} for every gated item on the page."""
    found = {}
    for match in re.finditer(
        r'<details class="spoiler-gate[^"]*"[^>]*?( open)?>\s*<summary>.*?'
        r"data-spoiler-summary>([^<]*)<",
        html,
        re.S,
    ):
        found[match[2].replace("&#x27;", "'")] = bool(match[1])
    return found


def watching(client, series, season, number):
    client.cookies[WATCHED_COOKIE] = f"{series.pk}-{season}-{number}"
    return client


# --------------------------------------------------------------------------- the rule


def test_the_cookie_is_plain_ints_and_anything_else_is_dropped():
    positions = Positions.from_cookie("12-1-4_bad_7-x-1_31-2-3_0-1-1_12-1-5")
    assert positions.entries == {31: (2, 3), 12: (1, 5)}
    assert Positions.from_cookie("<script>").entries == {}
    assert Positions.from_cookie("9-1-1" + "_9-1-2" * 500).entries == {9: (1, 2)}


def test_an_item_is_folded_unless_the_reader_has_watched_its_episode(story):
    series, episodes, _article = story
    fifth = episodes[4]

    unsaid = fold_for(fifth, Positions())
    assert unsaid.folded and unsaid.summary == "Spoils up to episode 5. Show anyway"
    behind = fold_for(fifth, Positions({series.pk: (1, 4)}))
    assert behind.folded
    assert behind.summary == "Spoils up to episode 5 — you've watched up to episode 4. Show anyway"
    assert not fold_for(fifth, Positions({series.pk: (1, 5)})).folded
    assert not fold_for(fifth, Positions({series.pk: (2, 1)})).folded
    assert fold_for(fifth, Positions({series.pk + 1: (9, 9)})).folded  # another series


# --------------------------------------------------------------------------- the page


def test_without_a_position_every_gated_block_and_comment_is_folded(client, story):
    html = client.get("/run-away-ending/").content.decode()

    assert folds(html) == {
        "Spoils up to episode 5. Show anyway": False,
        "Spoils up to episode 6. Show anyway": False,
        "Spoils up to episode 2. Show anyway": False,
    }
    assert 'data-series="' in html and 'data-episode="5"' in html


def test_a_reader_at_episode_4_sees_later_spoilers_folded_and_earlier_ones_open(client, story):
    series, _episodes, _article = story

    html = watching(client, series, 1, 4).get("/run-away-ending/").content.decode()

    assert folds(html) == {
        "Spoils up to episode 5 — you've watched up to episode 4. Show anyway": False,
        "Spoils up to episode 6 — you've watched up to episode 4. Show anyway": False,
        "Spoils up to episode 2: you've watched it": True,
    }


def test_a_reader_who_has_seen_it_all_gets_everything_open(client, story):
    series, _episodes, _article = story

    html = watching(client, series, 1, 8).get("/run-away-ending/").content.decode()

    assert set(folds(html).values()) == {True}


def test_the_comments_load_more_partial_folds_the_same_way(client, story):
    series, _episodes, article = story

    html = (
        watching(client, series, 1, 4)
        .get(f"/discussion/{article.pk}/comments/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        .content.decode()
    )

    assert "Spoils up to episode 6 — you&#x27;ve watched up to episode 4" in html
    assert "Spoils up to episode 2: you&#x27;ve watched it" in html


# --------------------------------------------------------------------------- the form


def test_the_form_works_without_javascript_sets_a_cookie_and_goes_back(client, story):
    series, episodes, _article = story
    page = client.get("/run-away-ending/").content.decode()
    assert 'action="/productions/run-away/watched/"' in page
    assert 'name="next" value="/run-away-ending/#spoiler-guard"' in page

    response = client.post(
        "/productions/run-away/watched/",
        {"episode": episodes[3].pk, "next": "/run-away-ending/#spoiler-guard"},
    )

    assert response.status_code == 303
    assert response["Location"] == "/run-away-ending/#spoiler-guard"
    assert response.cookies[WATCHED_COOKIE].value == f"{series.pk}-1-4"
    assert response.cookies[WATCHED_COOKIE]["httponly"]
    html = client.get("/run-away-ending/").content.decode()
    assert "you&#x27;ve watched up to episode 4" in html
    assert "selected>Up to S1E4" in html


def test_the_form_answers_json_to_the_script(client, story):
    series, episodes, _article = story

    answer = client.post(
        "/productions/run-away/watched/",
        {"episode": episodes[3].pk},
        HTTP_ACCEPT="application/json",
    ).json()

    assert answer["series"] == series.pk
    assert answer["position"] == [1, 4]
    assert answer["label"] == "episode 4"
    assert "{episode}" in answer["summaries"]["beyond"]


def test_the_form_refuses_another_series_episode_a_foreign_site_and_an_open_redirect(client, story):
    _series, episodes, _article = story
    other = season_with_episodes(ProductionFactory(slug="other"), count=1)[0]

    assert client.post("/productions/run-away/watched/", {"episode": other.pk}).status_code == 400
    assert client.post("/productions/run-away/watched/", {"episode": "4x"}).status_code == 400
    foreign = client.post(
        "/productions/run-away/watched/",
        {"episode": episodes[0].pk},
        HTTP_ORIGIN="https://evil.example",
    )
    assert foreign.status_code == 403
    assert WATCHED_COOKIE not in foreign.cookies
    away = client.post(
        "/productions/run-away/watched/",
        {"episode": episodes[0].pk, "next": "https://evil.example/"},
    )
    assert away["Location"] == "/productions/run-away/"


def test_choosing_nothing_forgets_the_series_and_keeps_the_others(client, story):
    series, _episodes, _article = story
    client.cookies[WATCHED_COOKIE] = f"{series.pk}-1-4_999-2-1"

    response = client.post("/productions/run-away/watched/", {"episode": ""})

    assert response.cookies[WATCHED_COOKIE].value == "999-2-1"


def test_a_comment_can_say_which_episode_it_spoils(client, story):
    _series, episodes, article = story
    page = client.get("/run-away-ending/").content.decode()
    assert "No episode spoilers" in page

    client.post(
        post_url(article),
        comment_data(body="The last scene changes everything", spoils_up_to=episodes[7].pk),
    )

    comment = Comment.objects.get(body="The last scene changes everything")
    assert comment.spoils_up_to == episodes[7]


# --------------------------------------------------------------------------- the page cache


def test_the_page_cache_never_gives_one_readers_fold_to_another(story):
    series, _episodes, _article = story
    at4, at8, anonymous = Client(), Client(), Client()
    watching(at4, series, 1, 4)
    watching(at8, series, 1, 8)
    for _round in range(2):
        for client, expected_open in ((at4, {True, False}), (at8, {True}), (anonymous, {False})):
            response = client.get("/run-away-ending/")
            assert set(folds(response.content.decode()).values()) == expected_open
            assert "cookie" in response["Vary"].lower()
    # The second round came from the cache: each variant kept apart.
    assert at4.get("/run-away-ending/")["X-Page-Cache"] == "hit"
    assert anonymous.get("/run-away-ending/")["X-Page-Cache"] == "hit"
    assert anonymous.get("/run-away-ending/")["Cache-Control"].startswith("public")
    assert at4.get("/run-away-ending/")["Cache-Control"].startswith("private")


def test_readers_at_the_same_place_share_a_copy_and_other_series_do_not_split_it(story):
    series, _episodes, _article = story
    first, second = Client(), Client()
    watching(first, series, 1, 4)
    second.cookies[WATCHED_COOKIE] = f"{series.pk}-1-4_424242-3-3"

    assert first.get("/run-away-ending/")["X-Page-Cache"] == "miss"
    assert second.get("/run-away-ending/")["X-Page-Cache"] == "hit"


def test_a_page_without_spoilers_is_shared_with_readers_who_have_a_position(story):
    series, _episodes, _article = story
    plain = ArticleFactory(published=True, slug="plain-piece")
    Client().get("/plain-piece/")

    response = watching(Client(), series, 1, 4).get("/plain-piece/")

    assert response["X-Page-Cache"] == "hit"
    assert "cookie" not in response.get("Vary", "").lower()
    assert plain.pk


# --------------------------------------------------------------------------- nothing leaks


def test_feeds_never_show_gated_text(client, story):
    for url in ("/feed/", "/feed/atom/", "/productions/run-away/feed/"):
        body = client.get(url).content.decode()
        assert "Run Away" in body or "run-away-ending" in body, url
        assert SECRET_BLOCK not in body, url
        assert SECRET_COMMENT not in body, url


def test_search_never_finds_or_shows_gated_text(client, story):
    _series, _episodes, article = story

    assert "Zebulon" not in " ".join(text for _weight, text in search_parts(article))
    found = client.get("/search/", {"q": "Zebulon"}).content.decode()
    assert "run-away-ending" not in found
    assert SECRET_BLOCK not in found
    assert "run-away-ending" in client.get("/search/", {"q": "everyone reads"}).content.decode()


def test_a_comment_on_a_gated_passage_does_not_quote_it(client, story):
    _series, _episodes, article = story
    block = article.blocks.get(spoils_up_to__isnull=False)
    CommentFactory(article=article, body="About that twist", anchor_block=block)

    html = client.get("/run-away-ending/").content.decode()

    assert "On the passage" in html
    assert "a spoiler up to episode 5" in html
    assert html.count("Zebulon") == 1  # inside its own fold only
