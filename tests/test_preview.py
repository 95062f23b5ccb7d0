"""Drafts are previewed at a signed link that expires; the public never sees them."""

import datetime

import pytest
import time_machine

from articles.models import Article
from articles.preview import preview_url
from tests.factories import ArticleFactory, BlockFactory
from tests.workflow_forms import change_url

pytestmark = pytest.mark.django_db


def test_change_form_links_to_a_working_preview_of_the_draft(client, editor):
    draft = ArticleFactory(title="A draft in progress")
    BlockFactory(article=draft, text="<p>Unfinished paragraph.</p>")
    client.force_login(editor)

    form = client.get(change_url(draft))
    url = form.context["preview_url"]
    client.logout()
    response = client.get(url)

    assert f'href="{url}"' in form.content.decode()
    assert response.status_code == 200
    page = response.content.decode()
    assert "A draft in progress" in page
    assert "Unfinished paragraph." in page
    assert '<meta name="robots" content="noindex">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "articles/article_detail.html" in [template.name for template in response.templates]


def test_tampered_preview_link_is_404(client):
    draft = ArticleFactory()
    url = preview_url(draft)
    other = ArticleFactory()
    forged = url.replace(url.split("/")[-2], url.split("/")[-2][:-3] + "abc")

    assert client.get(forged).status_code == 404
    assert client.get(f"/preview/{other.pk}/").status_code == 404


def test_preview_link_expires(client, settings):
    settings.MARQUEE_PREVIEW_MAX_AGE = datetime.timedelta(days=7)
    with time_machine.travel(datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)):
        draft = ArticleFactory()
        url = preview_url(draft)
    with time_machine.travel(datetime.datetime(2026, 3, 7, tzinfo=datetime.UTC)):
        still_valid = client.get(url).status_code
    with time_machine.travel(datetime.datetime(2026, 3, 9, tzinfo=datetime.UTC)):
        expired = client.get(url).status_code

    assert (still_valid, expired) == (200, 404)


@pytest.mark.parametrize(
    "status",
    [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED],
)
def test_anonymous_visitors_get_404_for_unpublished_articles(client, status):
    article = ArticleFactory(status=status, slug="secret-piece")

    assert client.get("/secret-piece/").status_code == 404
    assert client.get("/guessed-slug/").status_code == 404
    assert article.pk


def test_future_scheduled_article_is_404_until_its_time(client):
    ArticleFactory(scheduled=True, slug="coming-soon")

    assert client.get("/coming-soon/").status_code == 404


def test_preview_says_it_is_a_preview_and_offers_no_discussion(client):
    draft = ArticleFactory(title="Still a draft")
    BlockFactory(article=draft)

    page = client.get(preview_url(draft)).content.decode()

    assert "This explainer is draft and not public yet" in page
    assert 'id="discussion"' not in page
