"""Tags named in any script or in punctuation alone have pages, feeds and sitemap entries."""

import importlib
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from django.apps import apps
from django.urls import reverse

import pytest
from taggit.models import Tag

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

NAMES = ["Café", "東京", "!!!", "Ünïcödé Spaß"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def tagged():
    article = ArticleFactory(published=True, title="A tagged explainer", slug="tagged")
    article.tags.add(*NAMES)
    return article


def test_every_tag_gets_a_slug_its_address_can_carry(tagged):
    slugs = {tag.name: tag.slug for tag in Tag.objects.all()}

    assert slugs["Café"] == "café"
    assert slugs["東京"] == "東京"
    assert slugs["Ünïcödé Spaß"] == "ünïcödé-spaß"
    assert slugs["!!!"].startswith("tag-")


@pytest.mark.parametrize("name", NAMES)
def test_article_tag_page_feeds_and_sitemap_answer_and_link_each_other(client, tagged, name):
    tag = Tag.objects.get(name=name)
    tag_url = reverse("articles:tag", kwargs={"slug": tag.slug})

    article_page = client.get(tagged.get_absolute_url())
    assert article_page.status_code == 200
    assert f'href="{tag_url}"' in article_page.content.decode()

    tag_page = client.get(tag_url)
    assert tag_page.status_code == 200
    assert tag_page.context["tag"] == tag
    assert f'href="{tagged.get_absolute_url()}"' in tag_page.content.decode()
    rss_url = reverse("articles:tag_feed", kwargs={"slug": tag.slug})
    assert rss_url in tag_page.content.decode()

    rss = client.get(rss_url)
    assert rss.status_code == 200
    channel = ET.fromstring(rss.content).find("channel")
    assert unquote(channel.findtext("link")).endswith(unquote(tag_url))
    assert [item.findtext("title") for item in channel.iter("item")] == [tagged.title]
    atom = client.get(reverse("articles:tag_feed_atom", kwargs={"slug": tag.slug}))
    assert atom.status_code == 200
    assert ET.fromstring(atom.content).find(f"{ATOM}entry") is not None

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    locations = [unquote(loc.text) for loc in ET.fromstring(sitemap.content).iter(f"{SITEMAP}loc")]
    assert any(location.endswith(unquote(tag_url)) for location in locations)


def test_a_tag_name_keeps_to_one_line(db):
    article = ArticleFactory(published=True)
    article.tags.add("Spoilers\r\nahead\u202e")

    assert Tag.objects.get().name == "Spoilers ahead"


def test_the_migration_gives_old_tags_with_empty_or_odd_slugs_a_linkable_one(db):
    for name in NAMES:
        Tag.objects.create(name=name)
    Tag.objects.filter(name="!!!").update(slug="")
    Tag.objects.filter(name="Café").update(slug="caf é/")
    migration = importlib.import_module("articles.migrations.0007_give_every_tag_a_linkable_slug")

    migration.fix_tag_slugs(apps, None)

    slugs = {tag.name: tag.slug for tag in Tag.objects.all()}
    assert slugs["Café"] == "café"
    assert slugs["!!!"].startswith("tag-")
    assert slugs["東京"] == "東京"
