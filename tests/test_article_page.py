"""The article page: what a reader sees on an explainer, and what they never see."""

import datetime
import io
import re
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

import pytest

from articles.demo import TRUE_STORY_SLUG
from articles.models import Article, ArticleBlock, SlugRedirect
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    PersonFactory,
    ProductionFactory,
)
from tests.reader_data import make_article, make_related

#: Rows change through factories between requests (no service, so no purge).
pytestmark = pytest.mark.page_cache_off

#: The article page's query budget built from the database (nothing kept), whatever the
#: number of blocks or comments: the article and its relations (byline, tags, productions,
#: episodes, people, sources, corrections, blocks), the series its spoilers fold by, where
#: to watch, the threads, related articles and their bylines, and the footer's standing
#: pages (read on every render only here, with the page cache off; kept until they change
#: otherwise).
ARTICLE_PAGE_QUERY_BUDGET = 18


@pytest.fixture
def article(db):
    """A published explainer with one block of every kind (see tests/reader_data.py)."""
    return make_article()


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_published_article_shows_headline_standfirst_byline_and_reading_time(client, article):
    html = page(client, article)

    assert '<h1 id="article-title">Is Run Away a true story?</h1>' in html
    assert article.standfirst in html
    assert (
        'By <a class="byline__name" href="/authors/ada-writer/" rel="author">Ada Writer</a>' in html
    )
    assert f"{article.reading_time_display} read" in html
    published = article.first_published_at.isoformat()
    assert f'Published <time datetime="{published}"' in html


def test_updated_date_shows_only_after_an_edit_since_publishing(client, article):
    assert "Updated <time" not in page(client, article)

    article.updated_at = timezone.now()
    article.save()

    assert f'Updated <time datetime="{article.updated_at.isoformat()}"' in page(client, article)


def test_hero_image_has_dimensions_alt_text_and_credit(client, article):
    html = page(client, article)

    hero = re.search(r'<img src="[^"]+hero[^"]*" alt="([^"]+)" width="(\d+)" height="(\d+)"', html)
    assert hero, "the hero image needs width and height against layout shift"
    assert hero.group(1) == "A father searching a park at dusk"
    assert "Image via Netflix" in html


@pytest.mark.parametrize(
    "status, when",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.IN_REVIEW, None),
        (Article.Status.ARCHIVED, -1),
        (Article.Status.SCHEDULED, +1),
        (Article.Status.PUBLISHED, +1),
    ],
)
def test_unpublished_and_future_articles_are_404(client, db, status, when):
    publish_at = timezone.now() + datetime.timedelta(days=when) if when else None
    hidden = ArticleFactory(status=status, publish_at=publish_at)

    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_once_its_time_has_come(client, db):
    due = ArticleFactory(
        status=Article.Status.SCHEDULED, publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    assert client.get(due.get_absolute_url()).status_code == 200


def test_old_slug_redirects_permanently_to_the_current_address(client, article):
    SlugRedirect.objects.create(old_slug="is-run-away-real", article=article)

    response = client.get("/is-run-away-real/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_old_slug_of_an_unpublished_article_is_404(client, db):
    draft = ArticleFactory()
    SlugRedirect.objects.create(old_slug="old-draft", article=draft)

    assert client.get("/old-draft/").status_code == 404


def test_table_of_contents_links_to_each_heading_anchor(client, article):
    html = page(client, article)

    headings = [b for b in article.blocks.all() if b.kind == ArticleBlock.Kind.HEADING]
    assert headings
    for heading in headings:
        assert f'<a href="#{heading.anchor}">{heading.heading}</a>' in html
        assert f'<h2 id="{heading.anchor}"' in html


def test_pull_quote_shows_exact_words_speaker_link_source_and_permalink(client, article):
    quote = article.blocks.get(kind=ArticleBlock.Kind.QUOTE).quote

    html = page(client, article)

    assert f"<p>{quote.text}</p>" in html
    assert f'<a href="{quote.speaker.get_absolute_url()}">{quote.speaker.name}</a>' in html
    assert f'<a href="{quote.source.url}">{quote.source.outlet}' in html
    assert "20 December 2025" in html
    assert f'href="{quote.get_absolute_url()}"' in html
    assert "Paraphrase" not in html


def test_paraphrase_is_labelled_as_such(client, article):
    quote = article.blocks.get(kind=ArticleBlock.Kind.QUOTE).quote
    quote.is_paraphrase = True
    quote.save()

    html = page(client, article)

    assert "quote--paraphrase" in html
    assert 'Paraphrase<span class="visually-hidden">: reported speech' in html


def test_consecutive_fact_blocks_share_one_accessible_table(client, article):
    html = page(client, article)

    assert html.count('<table class="fact-table">') == 1
    assert html.count('<th scope="row">') == 2
    assert '<th scope="col">In reality</th>' in html
    assert "<caption>Fact vs fiction</caption>" in html


def test_spoiler_is_closed_until_the_reader_opens_it(client, article):
    html = page(client, article)

    assert '<details class="spoiler">' in html  # no "open" attribute
    assert "Who took Paige?</summary>" in html


def test_ad_slot_is_an_empty_hidden_container(client, article):
    html = page(client, article)

    slot = re.search(r'<aside class="ad-slot" aria-hidden="true"[^>]*>(.*?)</aside>', html, re.S)
    assert slot and slot.group(1).strip() == ""


def test_also_read_links_to_a_public_article_and_hides_a_draft(client, article):
    block = article.blocks.get(kind=ArticleBlock.Kind.ALSO_READ)
    html = page(client, article)
    assert f'<a href="{block.also_read.get_absolute_url()}">{block.also_read.title}</a>' in html

    block.also_read.status = Article.Status.DRAFT
    block.also_read.save()

    assert block.also_read.title not in page(client, article)


def test_verdict_box_names_the_verdict_and_its_sources(client, article):
    html = page(client, article)

    assert "Verdict:</span> Fiction, inspired by real events" in html
    assert article.verdict_summary.replace("'", "&#x27;") in html
    assert "Coben on the idea" in html


def test_tags_and_covered_productions_and_people_are_linked(client, article):
    html = page(client, article)

    assert 'href="/tags/netflix/"' in html
    assert 'href="/productions/run-away-series/"' in html
    assert 'href="/people/harlan-coben/"' in html
    assert "Covered in this explainer" in html


def test_corrections_show_newest_first_at_the_end(client, article):
    CorrectionFactory(article=article, note="Newest note.", published_at=timezone.now())

    html = page(client, article)

    assert html.index("Newest note.") < html.index("An earlier version gave the wrong")
    assert html.index("Corrections and updates") > html.index("article__body")


def test_share_links_are_plain_links_and_copy_button_needs_javascript(client, article):
    html = page(client, article)

    for network in ("x", "facebook", "whatsapp", "reddit"):
        assert f'href="?share={network}" rel="nofollow noopener"' in html
    assert 'href="mailto:?subject=' in html
    # The copy button only works with JavaScript, which adds it (static/js/share.js).
    assert "share__copy" not in html
    # No third-party script on the page: only our own, from /static/.
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert "/static/js/share.js" in scripts
    assert all(src.startswith("/static/") for src in scripts), scripts


@pytest.mark.parametrize(
    "network, address",
    [
        ("x", "https://twitter.com/intent/tweet?url="),
        ("facebook", "https://www.facebook.com/sharer/sharer.php?u="),
        ("whatsapp", "https://wa.me/?text="),
        ("reddit", "https://www.reddit.com/submit?url="),
    ],
)
def test_a_share_link_leads_to_the_network_with_the_articles_address(
    client, article, network, address
):
    response = client.get(article.get_absolute_url(), {"share": network})

    assert response.status_code == 302
    assert response["Location"].startswith(address)
    shared = quote(f"{settings.SITE_URL}{article.get_absolute_url()}", safe="")
    assert shared in response["Location"]


def test_an_unknown_share_network_shows_the_article(client, article):
    response = client.get(article.get_absolute_url(), {"share": "myspace"})

    assert response.status_code == 200
    assert article.title in response.content.decode()


def test_each_block_has_a_stable_anchor_and_the_discussion_seams(client, article):
    html = page(client, article)

    for block in article.blocks.all():
        assert f'id="block-{block.uid}"' in html
    template_names = [t.name for t in client.get(article.get_absolute_url()).templates]
    assert "discussion/article_discussion.html" in template_names
    assert "discussion/block_feedback.html" in template_names


def test_related_articles_rank_by_shared_productions_people_tags_then_newest(client, db):
    production, person = ProductionFactory(), PersonFactory()
    article = ArticleFactory(published=True)
    article.productions.add(production)
    article.people.add(person)
    article.tags.add("thrillers")
    now = timezone.now()

    def other(title, days_ago, productions=(), people=(), tags=(), **kwargs):
        made = ArticleFactory(
            published=True,
            title=title,
            publish_at=now - datetime.timedelta(days=days_ago),
            **kwargs,
        )
        made.productions.add(*productions)
        made.people.add(*people)
        made.tags.add(*tags)
        return made

    other("Only a tag, newer", 1, tags=["thrillers"])
    other("Only a tag, older", 5, tags=["thrillers"])
    other("Shares the person", 3, people=[person])
    other("Shares the production", 4, productions=[production])
    other("Shares everything", 9, productions=[production], people=[person], tags=["thrillers"])
    other("A draft", 1, productions=[production], status=Article.Status.DRAFT)
    other("Unrelated", 1)

    response = client.get(article.get_absolute_url())

    related = response.content.decode().split('<section class="related"')[1]
    titles = re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', related)
    assert titles == [
        "Shares everything",
        "Shares the production",
        "Shares the person",
        "Only a tag, newer",
    ]


def test_page_title_description_canonical_and_opengraph(client, article):
    article.seo_title = "Run Away: true story?"
    article.save()

    html = page(client, article)

    assert "<title>Run Away: true story? · Marquee</title>" in html
    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:image" content="{settings.SITE_URL}/media/images/hero' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


@pytest.mark.parametrize("block_count", [3, 30])
def test_article_page_query_count_does_not_grow_with_blocks(
    client, db, block_count, django_assert_max_num_queries
):
    article = make_article(block_count=block_count)
    make_related(article)

    with django_assert_max_num_queries(ARTICLE_PAGE_QUERY_BUDGET):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["article"].blocks.all()) == block_count


def test_every_link_on_the_demo_article_resolves(client, db):
    call_command("load_demo", stdout=io.StringIO())
    demo = Article.objects.get(slug=TRUE_STORY_SLUG)
    html = page(client, demo)

    hrefs = set(re.findall(r'<a [^>]*href="([^"]+)"', html))
    hrefs |= set(re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', html))
    images = set(re.findall(r'<img src="(/media/[^"]+)"', html))
    internal = {href for href in hrefs if href.startswith("/") and not href.startswith("//")}
    anchors = {href[1:] for href in hrefs if href.startswith("#")}
    # Links to this page with a query: share (a redirect to the network), reply, sort…
    queries = {href for href in hrefs if href.startswith("?")}
    external = hrefs - internal - queries - {f"#{anchor}" for anchor in anchors}

    assert len(internal) > 10, "the demo article should link to people, productions, quotes…"
    for url in sorted(internal | images):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url
    for query in sorted(queries):
        response = client.get(demo.get_absolute_url() + query.replace("&amp;", "&"))
        assert response.status_code == 200 or (
            response.status_code == 302 and response["Location"].startswith("https://")
        ), query
    for anchor in anchors:
        assert f'id="{anchor}"' in html, f"#{anchor} points nowhere"
    for url in external:
        assert url.startswith(("https://", "http://", "mailto:")), url


def test_article_view_can_be_subclassed_to_show_a_draft(rf, db):
    """The staff preview subclasses ArticleDetailView; a never-published draft must render."""
    from reader.views import ArticleDetailView

    class EveryArticleView(ArticleDetailView):
        def get_queryset(self):
            return Article.objects.for_detail()

    draft = make_article(status=Article.Status.DRAFT, publish_at=None, first_published_at=None)

    response = EveryArticleView.as_view()(rf.get("/"), slug=draft.slug)
    response.render()

    assert response.status_code == 200
    assert response.context_data["article"] == draft
    assert "Is Run Away a true story?" in response.content.decode()


def test_every_aria_reference_on_the_demo_article_points_at_an_element(client, db):
    call_command("load_demo", stdout=io.StringIO())
    html = page(client, Article.objects.get(slug=TRUE_STORY_SLUG))

    ids = set(re.findall(r'\sid="([^"]+)"', html))
    referenced = re.findall(r'aria-(?:describedby|labelledby)="([^"]+)"', html)
    assert referenced
    for names in referenced:
        for name in names.split():
            assert name in ids, f"aria reference to #{name}, which is not on the page"
