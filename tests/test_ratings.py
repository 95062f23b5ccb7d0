import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from discussion import services
from discussion.models import Rating
from tests.discussion_forms import rate_url
from tests.factories import ArticleFactory, RatingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

JS = {"x-requested-with": "XMLHttpRequest", "accept": "application/json"}


@pytest.fixture
def article():
    return ArticleFactory(published=True)


def test_rating_shows_average_and_count(client, article):
    client.post(rate_url(article), {"stars": "4"})
    from django.test import Client

    other = Client()
    response = other.post(rate_url(article), {"stars": "5"}, headers=JS)

    assert response.json()["summary"] == "<strong>4.5</strong> · 2 votes"
    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count) == (9, 2)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<strong>4.5</strong> · 2 votes" in html
    assert "You rated it 4 out of 5." in html


def test_rating_again_changes_it_instead_of_adding_one(client, article):
    client.post(rate_url(article), {"stars": "2"})
    response = client.post(rate_url(article), {"stars": "5"})

    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count) == (5, 1)
    assert Rating.objects.get().value == 5
    assert response["Location"].endswith("#rating")


@pytest.mark.parametrize("stars", ["0", "6", "abc", "", "3.5", "-1"])
def test_a_rating_out_of_range_is_refused_with_a_message(client, article, stars):
    response = client.post(rate_url(article), {"stars": stars}, follow=True)

    assert "Choose a rating from 1 to 5 stars." in response.content.decode()
    assert not Rating.objects.exists()
    article.refresh_from_db()
    assert article.rating_count == 0


def test_rating_is_not_marked_up_as_an_aggregate_rating(client, article):
    RatingFactory(article=article)

    assert "AggregateRating" not in client.get(article.get_absolute_url()).content.decode()


def test_a_moderator_removes_a_rating_and_the_average_follows(article, moderator):
    for number, stars in enumerate([5, 5, 1]):
        services.rating_set(article=article, voter_key=f"g:{number}", value=stars)
    fraud = Rating.objects.get(value=1)

    services.rating_remove(rating=fraud, moderator=moderator)

    article.refresh_from_db()
    assert (article.rating_sum, article.rating_count, article.rating_average) == (10, 2, 5.0)


def test_a_reader_cannot_remove_ratings(article, reader):
    rating = RatingFactory(article=article)

    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.rating_remove(rating=rating, moderator=reader)
    assert Rating.objects.exists()


@hypothesis_settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(1, 5)), min_size=1, max_size=15))
def test_stored_sum_and_count_always_match_the_ratings(ratings):
    article = ArticleFactory(published=True)
    for voter, stars in ratings:
        services.rating_set(article=article, voter_key=f"g:{voter}", value=stars)

    article.refresh_from_db()
    values = list(Rating.objects.filter(article=article).values_list("value", flat=True))
    assert article.rating_count == len(values)
    assert article.rating_sum == sum(values)


def test_deleting_a_readers_account_keeps_the_average_and_count_true(client, article, reader):
    client.force_login(reader)
    client.post(rate_url(article), {"stars": "2"})

    reader.delete()

    article.refresh_from_db()
    assert (article.rating_count, article.rating_sum) == (1, 2)
    assert Rating.objects.filter(article=article).count() == article.rating_count
