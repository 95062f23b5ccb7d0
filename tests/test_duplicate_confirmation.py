"""Duplicate asks first: a page lists what each copy takes (covered episodes too), then copies."""

import pytest

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    PersonFactory,
    ProductionFactory,
    SeasonFactory,
    UserFactory,
)
from tests.workflow_forms import CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def covered():
    """A published "ending explained" covering a series, two of its episodes and an actor."""
    season = SeasonFactory(production=ProductionFactory(title="Missing You"))
    episodes = [EpisodeFactory(season=season, number=n, title=f"Night {n}") for n in (1, 2)]
    series = season.production
    article = ArticleFactory(
        published=True,
        title="Missing You ending explained",
        slug="missing-you-ending",
        authors=[UserFactory(username="ana", first_name="Ana", last_name="Reyes")],
    )
    article.productions.add(series)
    article.episodes.add(*episodes)
    article.people.add(PersonFactory(name="Rosamund Pike"))
    article.tags.add("harlan-coben")
    return article


def duplicate_url(article):
    return f"/admin/articles/article/{article.pk}/duplicate/"


def test_duplicate_copies_the_covered_episodes(client, editor, covered):
    client.force_login(editor)

    client.post(duplicate_url(covered), {"post": "yes"})

    copy = Article.objects.get(slug="missing-you-ending-copy")
    assert set(copy.episodes.all()) == set(covered.episodes.all())
    assert set(copy.productions.all()) == set(covered.productions.all())
    assert set(copy.people.all()) == set(covered.people.all())
    assert set(copy.tags.names()) == {"harlan-coben"}


def test_duplicate_shows_what_the_copy_takes_before_copying(client, editor, covered):
    client.force_login(editor)
    assert f'href="{duplicate_url(covered)}"' in client.get(change_url(covered)).content.decode()

    page = client.get(duplicate_url(covered)).content.decode()

    assert Article.objects.count() == 1
    assert "Missing You: episodes 1–2" in page
    assert "Rosamund Pike" in page
    assert "harlan-coben" in page
    assert "instead of Ana Reyes" in page
    assert 'value="Make a draft copy"' in page


def test_confirming_duplicate_opens_the_new_draft(client, editor, covered):
    client.force_login(editor)

    response = client.post(duplicate_url(covered), {"post": "yes"}, follow=True)

    copy = Article.objects.get(slug="missing-you-ending-copy")
    assert response.redirect_chain[-1][0] == change_url(copy)
    assert list(copy.authors.all()) == [editor]
    assert "is a new draft copied from" in response.content.decode()


def test_a_post_without_confirmation_copies_nothing(client, editor, covered):
    client.force_login(editor)

    response = client.post(duplicate_url(covered))

    assert response.status_code == 200
    assert Article.objects.count() == 1


def test_a_writer_is_told_they_cannot_copy_another_writers_draft(client, writer):
    draft = ArticleFactory(title="Someone else's draft", authors=[UserFactory()])
    client.force_login(writer)

    response = client.get(duplicate_url(draft), follow=True)
    client.post(duplicate_url(draft), {"post": "yes"})

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == CHANGELIST_URL
    assert "You can only copy your own pieces or published ones." in page
    assert "Someone else&#x27;s draft" not in page
    assert Article.objects.count() == 1


def test_a_writer_confirms_copying_their_own_draft_from_the_list(client, writer):
    own = ArticleFactory(title="My own draft", slug="my-own", authors=[writer])
    client.force_login(writer)
    selected = {"action": "duplicate_selected", "_selected_action": [own.pk]}

    page = client.post(CHANGELIST_URL, selected).content.decode()
    client.post(CHANGELIST_URL, {**selected, "post": "yes"})

    assert 'value="Make a draft copy"' in page
    assert "Not copied" not in page
    assert list(Article.objects.get(slug="my-own-copy").authors.all()) == [writer]


def test_the_duplicate_action_confirms_then_copies_with_episodes(
    client, editor, covered, django_assert_max_num_queries
):
    others = [ArticleFactory(published=True, slug=f"other-{n}") for n in range(5)]
    for other in others:
        other.episodes.add(*covered.episodes.all())
    selected = [covered.pk, *(other.pk for other in others)]
    client.force_login(editor)

    with django_assert_max_num_queries(30):
        page = client.post(
            CHANGELIST_URL, {"action": "duplicate_selected", "_selected_action": selected}
        ).content.decode()
    assert Article.objects.count() == 6
    assert 'value="Make 6 draft copies"' in page

    client.post(
        CHANGELIST_URL,
        {"action": "duplicate_selected", "_selected_action": selected, "post": "yes"},
    )

    copies = Article.objects.filter(slug__endswith="-copy", status="draft")
    assert copies.count() == 6
    for copy in copies:
        assert copy.episodes.count() == 2
