"""`manage.py load_demo`: the Run Away newsroom, safe to load again and again."""

import datetime
import io
import re

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest
import time_machine
from lxml import etree
from lxml import html as lxml_html

from articles.blocks import registry
from articles.demo import CAST_GUIDE_SLUG, DEMO_CREDIT, TRUE_STORY_SLUG
from articles.demo.disclosure import SPONSORED_SLUG
from articles.demo.rankings import RANKED_SLUG
from articles.models import Article, ArticleBlock, SiteDisclosure
from articles.models.disclosure import DEFAULT_AFFILIATE_NOTICE
from images.models import Image
from people.models import Credit, Quote
from productions.models import Availability, Production

pytestmark = pytest.mark.django_db


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo():
    load_demo()
    return Article.objects.get(slug=TRUE_STORY_SLUG)


def test_loading_the_demo_twice_changes_no_row_count():
    first_output = load_demo()
    after_first = row_counts()

    second_output = load_demo()

    assert row_counts() == after_first
    assert "created 0;" in second_output
    assert "created 0;" not in first_output


def test_loading_the_demo_twice_keeps_every_block_and_its_uid(demo):
    before = list(ArticleBlock.objects.order_by("pk").values_list("pk", "uid", "text"))

    load_demo()

    assert list(ArticleBlock.objects.order_by("pk").values_list("pk", "uid", "text")) == before


def test_the_demo_prints_the_admin_login():
    output = load_demo()

    assert "Admin: http://127.0.0.1:8000/admin/  user admin  password marquee-admin" in output
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("marquee-admin")


def test_the_admin_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-longer-secret-42")

    output = load_demo()

    assert "password a-longer-secret-42" in output
    assert get_user_model().objects.get(username="admin").check_password("a-longer-secret-42")


def test_a_changed_admin_password_survives_a_reload_and_is_not_printed(demo):
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("my-own-password-9")
    admin.save()

    output = load_demo()

    admin.refresh_from_db()
    assert admin.check_password("my-own-password-9")
    assert "marquee-admin" not in output
    assert "DEMO_ADMIN_PASSWORD" in output


def test_an_editors_change_to_demo_content_survives_a_reload_unless_refreshed(demo):
    Article.objects.filter(pk=demo.pk).update(title="Edited by an editor")

    load_demo()
    assert Article.objects.get(pk=demo.pk).title == "Edited by an editor"

    output = load_demo("--refresh")
    assert Article.objects.get(pk=demo.pk).title.startswith("Is Run Away a true story?")
    assert "updated 1" in output


def test_the_demo_explainer_is_public_with_its_verdict(client, demo):
    response = client.get(demo.get_absolute_url())

    assert response.status_code == 200
    assert demo.is_public
    assert demo.kind == Article.Kind.TRUE_STORY
    assert demo.is_featured
    assert demo.verdict == Article.Verdict.INSPIRED
    assert demo.verdict_summary == "Fiction, inspired by a real moment in the author's family"
    assert demo.verdict_sources.count() >= 1
    assert set(demo.tags.names()) >= {"Netflix", "Harlan Coben", "True story", "Thrillers"}
    # The desk's own account, and the staff writer on its byline (desk access follows it).
    assert sorted(user.username for user in demo.authors.all()) == ["admin", "writer"]


def test_the_demo_byline_is_a_staff_writer_and_a_guest_with_profiles(client, demo):
    wes, juno = demo.byline
    assert (wes.name, wes.user.username) == ("Wes Okafor", "writer")
    assert (juno.name, juno.user) == ("Juno Tallis", None)
    for contributor in (wes, juno):
        assert contributor.photo.file and contributor.bio and contributor.beat
        assert contributor.links.exists()
        assert client.get(contributor.get_absolute_url()).status_code == 200
    html = client.get(demo.get_absolute_url()).content.decode()
    assert html.count('class="byline__photo"') == 2


def test_the_demo_explainer_has_pictures_with_alt_text_and_credit(demo):
    hero = demo.hero_image.file
    assert hero.storage.exists(hero.name)
    assert demo.hero_alt_text == demo.hero_image.alt != ""
    assert demo.hero_credit_text == DEMO_CREDIT
    image_block = demo.blocks.get(kind=ArticleBlock.Kind.IMAGE)
    assert image_block.image_alt_text
    assert image_block.image_credit_text == DEMO_CREDIT
    assert image_block.image.file.storage.exists(image_block.image.file.name)
    # Every demo picture is one library image, reused wherever it is shown.
    assert Image.objects.filter(file=hero.name).count() == 1


def test_a_lost_demo_picture_is_drawn_again_identically(demo):
    hero = demo.hero_image.file
    storage = hero.storage
    with storage.open(hero.name) as picture:
        original = picture.read()
    storage.delete(hero.name)

    load_demo()

    with storage.open(hero.name) as picture:
        assert picture.read() == original


def test_the_demo_explainer_covers_the_people_and_productions(demo):
    assert set(demo.people.values_list("name", flat=True)) == {
        "Harlan Coben",
        "James Nesbitt",
        "Minnie Driver",
        "Charlotte Coben",
    }
    assert set(demo.productions.values_list("slug", flat=True)) == {
        "run-away",
        "run-away-novel",
        "fool-me-once",
        "the-stranger",
    }


def test_the_series_is_the_2026_netflix_adaptation_of_the_2019_novel(demo):
    series = Production.objects.get(slug="run-away")

    assert series.kind == Production.Kind.SERIES
    assert (series.year, series.platform, series.episode_count) == (2026, "Netflix", 8)
    assert series.release_date.isoformat() == "2026-01-01"
    assert series.filming_location_list == ["Manchester", "North-west England"]
    assert series.based_on.kind == Production.Kind.NOVEL
    assert series.based_on.year == 2019
    where = Availability.objects.current().get(
        production=series, platform="Netflix", affiliate=False
    )
    assert where.platform == "Netflix"
    assert where.available_from.isoformat() == "2026-01-01"
    assert where.available_until is None


def test_the_demo_credits_say_who_did_what(demo):
    credits = {
        (c.person.name, c.production.slug, c.role, c.character_name, c.note)
        for c in Credit.objects.select_related("person", "production")
    }

    assert {
        ("James Nesbitt", "run-away", "actor", "Simon Greene", ""),
        ("Minnie Driver", "run-away", "actor", "Ingrid Greene", ""),
        ("Harlan Coben", "run-away-novel", "author", "", ""),
        ("Harlan Coben", "run-away", "creator", "", ""),
        ("Charlotte Coben", "run-away", "associate_producer", "", ""),
        ("Charlotte Coben", "run-away", "writer", "", ""),
    } <= credits
    # Which two episodes she wrote is data on the credit (demo data), not a note.
    writer = Credit.objects.get(person__slug="charlotte-coben", role="writer")
    assert sorted(e.code for e in writer.episodes.select_related("season")) == ["S1E4", "S1E7"]


def test_the_demo_quotes_are_attributed_and_drivers_is_a_paraphrase(demo):
    quotes = Quote.objects.select_related("speaker", "source")

    assert all(quote.is_citable for quote in quotes)
    assert all(quote.source.url.startswith("https://example.com/") for quote in quotes)
    assert all(quote.productions.filter(slug="run-away").exists() for quote in quotes)
    by_speaker = {}
    for quote in quotes:
        by_speaker.setdefault(quote.speaker.name, []).append(quote)
    assert {q.is_paraphrase for q in by_speaker["Minnie Driver"]} == {True}
    assert {q.is_paraphrase for q in by_speaker["James Nesbitt"]} == {False}
    coben = " ".join(q.text for q in by_speaker["Harlan Coben"])
    assert "my mind spiralled" in coben
    assert "What if that was my lead character's daughter?" in coben
    assert "I take all my fears and channel them this way" in coben


def test_the_demo_body_has_every_kind_of_block_in_reading_order(demo):
    kinds = list(demo.blocks.values_list("kind", flat=True))

    assert kinds[0] == "rich_text"
    # Every kind but a ranked list's entries, which the demo's ranked list shows.
    ranked = {kind.name for kind in registry if kind.ranked}
    assert set(kinds) == {choice.value for choice in ArticleBlock.Kind} - ranked
    assert kinds.count("heading") in {3, 4}
    assert kinds.count("ad_slot") >= 1
    # The ad slot sits between sections, never before the first heading.
    assert kinds.index("ad_slot") > kinds.index("heading")
    also_read = demo.blocks.get(kind="also_read").also_read
    assert also_read.slug == CAST_GUIDE_SLUG
    assert also_read.is_public


def test_the_demo_fact_vs_fiction_blocks_mark_the_inventions(demo):
    facts = demo.blocks.filter(kind=ArticleBlock.Kind.FACT_FICTION)
    claims = " ".join(facts.values_list("claim", flat=True))

    assert facts.count() == 3
    assert set(facts.values_list("fact_verdict", flat=True)) == {"invented"}
    assert "Beacon of the Shining Truth" in claims
    assert "Ash and Dee Dee" in claims
    assert "genealogy" in claims


def test_the_demo_explainer_reads_as_a_real_range(demo):
    low, high = demo.reading_time

    assert 3 <= low < high <= 7
    words = sum(block.word_count for block in demo.blocks.all())
    assert 700 <= words <= 1100
    # The loader leaves the figures a card reads from the row, as an editor's save would.
    assert demo.word_count == len(demo.standfirst.split()) + words


def test_the_second_explainer_points_back(demo):
    cast_guide = Article.objects.published().get(slug=CAST_GUIDE_SLUG)

    assert cast_guide.kind == Article.Kind.CAST_GUIDE
    assert cast_guide.blocks.get(kind="also_read").also_read == demo


# == Disclosure and news ===================================================================


def test_the_demo_series_has_an_affiliate_offer_disclosed_once_on_its_explainer(client, demo):
    offer = Availability.objects.current().get(production__slug="run-away", affiliate=True)
    assert offer.url.startswith("https://northlight.example/")

    response = client.get(demo.get_absolute_url())

    page = lxml_html.fromstring(response.content)
    assert page.xpath("//a[@href=$url]/@rel", url=offer.url) == ["sponsored noopener"]
    assert response.content.decode().count(DEFAULT_AFFILIATE_NOTICE) == 1


def test_the_demo_has_a_sponsored_explainer_with_a_sponsored_link_in_its_text(client, demo):
    article = Article.objects.get(slug=SPONSORED_SLUG)
    assert article.is_sponsored and article.sponsor_name == "Northlight Video"
    assert SiteDisclosure.current().sponsored_domain_list() == ["northlight.example"]

    page = lxml_html.fromstring(client.get(article.get_absolute_url()).content)

    text_links = page.xpath("//div[contains(@class, 'block--rich_text')]//a")
    assert [link.get("rel") for link in text_links] == ["sponsored noopener noreferrer"]
    assert "Sponsored by" in page.text_content() and "Northlight Video" in page.text_content()
    # No affiliate offer above: the notice comes just before the block with the paid link.
    notice = page.xpath("//p[@class='disclosure']")
    assert [element.text for element in notice] == [DEFAULT_AFFILIATE_NOTICE]
    assert notice[0].getnext() is text_links[0].getparent().getparent()


def news_titles(client):
    root = etree.fromstring(client.get("/news-sitemap.xml").content)
    return root.xpath("//news:title/text()", namespaces={"news": NEWS})


NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


@pytest.mark.page_cache_off  # load_demo writes rows directly, as before a server starts
def test_a_fresh_demo_has_news_and_a_reload_keeps_its_first_publication(client):
    loaded = datetime.datetime(2026, 12, 8, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(loaded, tick=False):
        load_demo()
        assert news_titles(client) == [Article.objects.get(slug=SPONSORED_SLUG).title]
    first = Article.objects.get(slug=SPONSORED_SLUG).first_published_at
    assert first == loaded - datetime.timedelta(hours=1)

    with time_machine.travel(loaded + datetime.timedelta(hours=30), tick=False):
        load_demo()
        load_demo("--refresh")
        assert Article.objects.get(slug=SPONSORED_SLUG).first_published_at == first
        assert Article.objects.filter(slug=SPONSORED_SLUG).count() == 1

    three_days = loaded + datetime.timedelta(days=3)
    with time_machine.travel(three_days, tick=False):
        load_demo()
        assert news_titles(client) == []
        load_demo("--refresh")
        article = Article.objects.get(slug=SPONSORED_SLUG)
        assert article.first_published_at == three_days - datetime.timedelta(hours=1)
        assert news_titles(client) == [article.title]


def test_the_demo_ranked_list_counts_down_six_series_with_posters_and_where_to_watch(client, demo):
    ranked = Article.objects.get(slug=RANKED_SLUG)
    assert ranked.kind == Article.Kind.LIST and ranked.countdown
    assert [line.contributor.slug for line in ranked.bylines.all()] == ["juno-tallis"]

    html = client.get(ranked.get_absolute_url()).content.decode()

    numbers = [int(n) for n in re.findall(r'class="entry__rank">(\d+)<', html)]
    assert numbers == [6, 5, 4, 3, 2, 1]
    assert 'id="1-fool-me-once"' in html and 'href="#6-stay-close"' in html
    assert html.count('class="entry__poster"') == 6
    assert html.count('class="entry__watch"') == 6
    assert '"ItemList"' in html
