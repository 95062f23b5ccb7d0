"""The home page (featured first, then latest, paginated) and tag pages."""

import datetime

from django.conf import settings
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory


def _published(title, days_ago, **kwargs):
    return ArticleFactory(
        published=True,
        title=title,
        publish_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_home_shows_featured_first_then_newest(client, db):
    _published("Old featured", 30, is_featured=True)
    _published("Newest", 1)
    _published("Older", 5)
    ArticleFactory(title="Draft", is_featured=True)
    ArticleFactory(scheduled=True, title="Tomorrow")

    response = client.get("/")

    titles = [article.title for article in response.context["articles"]]
    assert titles == ["Old featured", "Newest", "Older"]
    assert "Featured</span>" in response.content.decode()


def test_home_is_paginated(client, db):
    for n in range(14):
        _published(f"Explainer {n:02d}", n + 1)

    first = client.get("/")
    second = client.get("/?page=2")

    assert len(first.context["articles"]) == 12
    assert [a.title for a in second.context["articles"]] == ["Explainer 12", "Explainer 13"]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert client.get("/?page=9").status_code == 404


def test_home_says_so_when_nothing_is_published(client, db):
    assert "No explainers have been published yet." in client.get("/").content.decode()


def test_tag_page_lists_published_articles_with_the_tag(client, db):
    tagged = _published("Tagged", 1)
    tagged.tags.add("True stories")
    _published("Untagged", 1)
    draft = ArticleFactory(title="Tagged draft", status=Article.Status.DRAFT)
    draft.tags.add("True stories")

    response = client.get("/tags/true-stories/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>True stories</h1>" in html
    assert "Tagged" in html
    assert "Untagged" not in html
    assert "Tagged draft" not in html
    assert 'href="/tags/true-stories/feed/"' in html


def test_tag_used_only_by_drafts_is_404(client, db):
    ArticleFactory().tags.add("Secret project")

    assert client.get("/tags/secret-project/").status_code == 404
    assert client.get("/tags/never-used/").status_code == 404


def test_each_page_of_a_list_is_its_own_canonical_url(client, db):
    for n in range(13):
        _published(f"Explainer {n:02d}", n + 1)

    first = client.get("/").content.decode()
    second = client.get("/?page=2&utm_source=x").content.decode()

    assert f'<link rel="canonical" href="{settings.SITE_URL}/">' in first
    assert f'<link rel="canonical" href="{settings.SITE_URL}/?page=2">' in second
