"""Author pages: /authors/<slug>/ with the profile and the explainers, the author feeds, the
index, ProfilePage JSON-LD, the sitemap section, and the article byline linking to them."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.utils import timezone

import pytest

from articles.models import Article, Byline
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    ContributorLinkFactory,
    library_image,
)

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ATOM = "{http://www.w3.org/2005/Atom}"


def jsonld(html):
    found = []
    for block in JSONLD.findall(html):
        data = json.loads(block)
        found.extend(data if isinstance(data, list) else [data])
    return found


@pytest.fixture
def mara(db):
    """A guest with a full profile and two links, on one published explainer."""
    mara = ContributorFactory(
        name="Mara Quinn",
        slug="mara-quinn",
        job_title="Contributing critic",
        beat="TV drama, Harlan Coben adaptations",
        bio="Mara writes about thrillers.\n\nShe has watched every Coben series twice.",
        photo=library_image("mara.png", size=(40, 40), alt="Mara Quinn smiling"),
    )
    ContributorLinkFactory(contributor=mara, label="Bluesky", url="https://bsky.app/profile/m")
    ContributorLinkFactory(contributor=mara, label="Site", url="https://maraquinn.example/")
    return mara


def bylined(contributor, count, *, status=Article.Status.PUBLISHED, start=0):
    """`count` explainers on `contributor`'s byline, newest first by number (bulk-created)."""
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            title=f"Explainer by them {n:05d}",
            slug=f"explainer-by-them-{n:05d}",
            standfirst="A standfirst.",
            status=status,
            publish_at=now - datetime.timedelta(minutes=n + 1),
            first_published_at=now - datetime.timedelta(minutes=n + 1),
        )
        for n in range(start, start + count)
    )
    Byline.objects.bulk_create(
        Byline(article=article, contributor=contributor, position=0) for article in articles
    )
    return articles


def test_author_page_shows_the_profile_and_their_explainers_newest_first(client, mara):
    older = ArticleFactory(published=True, title="Older piece", byline=[mara])
    older.publish_at -= datetime.timedelta(days=3)
    older.save()
    newer = ArticleFactory(published=True, title="Newer piece", byline=[mara])
    ArticleFactory(title="A draft of hers", byline=[mara])
    ArticleFactory(published=True, title="Someone else's")

    response = client.get("/authors/mara-quinn/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Mara Quinn</h1>" in html
    assert "Contributing critic" in html
    assert "Beat: TV drama, Harlan Coben adaptations" in html
    assert "<p>Mara writes about thrillers.</p>" in html
    assert 'alt="Mara Quinn smiling"' in html
    assert '<a href="https://bsky.app/profile/m" rel="me noopener">Bluesky</a>' in html
    assert html.index(newer.title) < html.index(older.title)
    assert "A draft of hers" not in html and "Someone else" not in html
    assert "2 explainers" in html


def test_author_page_names_its_feeds_and_the_feeds_list_their_explainers(client, mara):
    ArticleFactory(published=True, title="Hers", byline=[mara])
    ArticleFactory(published=True, title="Not hers")

    html = client.get("/authors/mara-quinn/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Marquee: Mara Quinn (RSS)" '
        'href="/authors/mara-quinn/feed/">'
    ) in html.replace(settings.SITE_NAME, "Marquee")
    assert 'href="/authors/mara-quinn/feed/atom/"' in html

    rss = ET.fromstring(client.get("/authors/mara-quinn/feed/").content)
    assert [item.findtext("title") for item in rss.iter("item")] == ["Hers"]
    assert rss.findtext("channel/description") == "New explainers by Mara Quinn."
    atom = ET.fromstring(client.get("/authors/mara-quinn/feed/atom/").content)
    entries = list(atom.iter(f"{ATOM}entry"))
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Hers"]
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name") == "Mara Quinn"


def test_a_contributor_without_a_published_explainer_has_no_page_or_feed(client, mara):
    ArticleFactory(title="Still a draft", byline=[mara])
    ArticleFactory(scheduled=True, title="Embargoed", byline=[mara])

    for url in ("/authors/mara-quinn/", "/authors/mara-quinn/feed/", "/authors/nobody/"):
        assert client.get(url).status_code == 404, url
    assert "Mara Quinn" not in client.get("/authors/").content.decode()
    assert "mara-quinn" not in client.get("/sitemap.xml").content.decode()


def test_author_page_carries_a_profile_page_with_the_person(client, mara):
    ArticleFactory(published=True, byline=[mara])

    [profile] = jsonld(client.get("/authors/mara-quinn/").content.decode())

    url = f"{settings.SITE_URL}/authors/mara-quinn/"
    assert profile["@type"] == "ProfilePage"
    assert profile["@id"] == profile["url"] == url
    person = profile["mainEntity"]
    assert person["@type"] == "Person"
    assert person["@id"] == f"{url}#person"
    assert person["name"] == "Mara Quinn"
    assert person["url"] == url
    assert person["image"].startswith(f"{settings.SITE_URL}/media/")
    assert person["jobTitle"] == "Contributing critic"
    assert person["knowsAbout"] == ["TV drama", "Harlan Coben adaptations"]
    assert person["description"].startswith("Mara writes about thrillers. She has")
    assert person["sameAs"] == ["https://bsky.app/profile/m", "https://maraquinn.example/"]


def test_article_byline_links_each_contributor_in_order_with_their_photo(client, mara):
    sam = ContributorFactory(name="Sam Roe", slug="sam-roe")
    article = ArticleFactory(published=True, byline=[sam, mara])

    html = client.get(article.get_absolute_url()).content.decode()

    assert (
        'By <a class="byline__name" href="/authors/sam-roe/" rel="author">Sam Roe</a> and '
        '<a class="byline__name" href="/authors/mara-quinn/" rel="author">Mara Quinn</a>'
    ) in html
    assert html.count('class="byline__photo"') == 1  # Sam has no photo
    news = next(data for data in jsonld(html) if data["@type"] == "NewsArticle")
    assert news["author"] == [
        {"@type": "Person", "name": "Sam Roe", "url": f"{settings.SITE_URL}/authors/sam-roe/"},
        {
            "@type": "Person",
            "name": "Mara Quinn",
            "url": f"{settings.SITE_URL}/authors/mara-quinn/",
        },
    ]


def test_an_article_without_a_byline_is_the_publications_own(client, db):
    article = ArticleFactory(published=True)

    html = client.get(article.get_absolute_url()).content.decode()

    news = next(data for data in jsonld(html) if data["@type"] == "NewsArticle")
    assert news["author"] == [{"@type": "Organization", "name": settings.SITE_NAME}]
    assert "byline__name" not in html


def test_cards_name_the_byline_with_links(client, mara):
    ArticleFactory(published=True, title="Card piece", byline=[mara])

    html = client.get("/").content.decode()

    assert '<p class="card__byline">By <a href="/authors/mara-quinn/">Mara Quinn</a></p>' in html


def test_authors_index_lists_public_contributors_by_name(client, mara):
    ArticleFactory(published=True, byline=[mara])
    ann = ContributorFactory(name="Ann Abbot", slug="ann-abbot")
    ArticleFactory(published=True, byline=[ann])
    ContributorFactory(name="Never Published", slug="never")

    html = client.get("/authors/").content.decode()

    assert html.index("Ann Abbot") < html.index("Mara Quinn")
    assert "Never Published" not in html
    assert "2 writers on our bylines" in html


def test_sitemap_lists_author_pages(client, mara):
    ArticleFactory(published=True, byline=[mara])

    xml = client.get("/sitemap.xml").content.decode()

    assert f"{settings.SITE_URL}/authors/mara-quinn/" in xml


@pytest.mark.page_cache_off
def test_author_page_queries_do_not_grow_with_their_archive(client, mara):
    from tests.test_query_budgets import queries_for

    bylined(mara, 3)
    few = queries_for(client, "/authors/mara-quinn/")
    Article.objects.all().delete()
    bylined(mara, 300)
    many = queries_for(client, "/authors/mara-quinn/")

    assert many == few


def test_author_page_at_ten_thousand_explainers_is_one_page_in_a_few_queries(
    client, mara, django_assert_max_num_queries
):
    bylined(mara, 10_000)

    with django_assert_max_num_queries(8):
        response = client.get("/authors/mara-quinn/?page=400")
    html = response.content.decode()

    assert response.status_code == 200
    assert "10000 explainers" in html
    assert html.count('class="card"') == 12
    assert "Explainer by them 04788" in html  # page 400 starts at the 4,789th newest
    assert "Page 400 of 834" in html
    assert len(response.content) < 80_000


def test_a_profile_edit_in_the_admin_shows_at_once(
    client, editor, mara, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, byline=[mara])
    for url in ("/authors/mara-quinn/", article.get_absolute_url(), "/"):
        client.get(url)  # stored by the page cache
    staff = type(client)()
    staff.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            f"/admin/articles/contributor/{mara.pk}/change/",
            {
                "name": "Mara Quinn-Lee",
                "slug": "mara-quinn",
                "job_title": "Critic at large",
                "beat": mara.beat,
                "bio": mara.bio,
                "photo": mara.photo_id,
                "links-TOTAL_FORMS": "0",
                "links-INITIAL_FORMS": "0",
            },
        )

    assert response.status_code == 302
    assert "Critic at large" in client.get("/authors/mara-quinn/").content.decode()
    assert "Mara Quinn-Lee" in client.get(article.get_absolute_url()).content.decode()
    assert "Mara Quinn-Lee" in client.get("/").content.decode()
