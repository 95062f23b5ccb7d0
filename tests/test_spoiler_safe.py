"""Spoiler-safe everywhere: a spoiler's words stay inside its fold, marked `data-nosnippet`
on the page, and out of every surface that quotes a page elsewhere (meta and social tags,
JSON-LD, feeds, sitemaps, oEmbed, the API's lists, search); editors are warned when the
title, standfirst or SEO fields repeat them."""

import json
import xml.etree.ElementTree as ET

import lxml.html
import pytest

from articles.models import Article, ArticleBlock
from articles.search import search_parts
from articles.spoilers import spoiler_echoes
from discussion.services import comment_approve
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CommentFactory,
    ProductionFactory,
    SubscriptionFactory,
    season_with_episodes,
)
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

#: One unique word per kind of spoiler, so a leak names where it came from.
IN_BLOCK = "Quorbleton"
IN_FOLDED_BLOCK = "Vantrelisk"
IN_COMMENT = "Zandrovish"
IN_FOLDED_COMMENT = "Pellomirt"
IN_SYNOPSIS = "Mirtlefane"
SECRETS = (IN_BLOCK, IN_FOLDED_BLOCK, IN_COMMENT, IN_FOLDED_COMMENT, IN_SYNOPSIS)


@pytest.fixture
def no_page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 0


@pytest.fixture
def spoiled(no_page_cache):
    """A series with a spoiler synopsis on S1E3, and an explainer about it with a spoiler
    block (one folded by episode, one not) and spoiler comments (marked, and up to S1E5)."""
    series = ProductionFactory(title="Lantern Hill", slug="lantern-hill")
    episodes = season_with_episodes(series)
    episode = episodes[2]
    episode.synopsis = f"The lighthouse keeper {IN_SYNOPSIS} drowns the mayor."
    episode.synopsis_has_spoilers = True
    episode.save()
    article = ArticleFactory(
        published=True,
        kind=Article.Kind.ENDING_EXPLAINED,
        title="Lantern Hill ending explained",
        slug="lantern-hill-ending",
        standfirst="What the last scene of the series means, and what it leaves open.",
    )
    article.productions.set([series])
    article.episodes.set([episode])
    BlockFactory(article=article, text="<p>The series opens on a storm at the harbour.</p>")
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who set the fire",
        text=f"<p>It was {IN_BLOCK}, the harbour master.</p>",
    )
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="The last scene",
        text=f"<p>The boat belongs to {IN_FOLDED_BLOCK}.</p>",
        spoils_up_to=episodes[5],
    )
    CommentFactory(article=article, is_spoiler=True, body=f"So {IN_COMMENT} lied all along!")
    CommentFactory(article=article, body=f"{IN_FOLDED_COMMENT} returns", spoils_up_to=episodes[4])
    CommentFactory(article=article, body="Loved the harbour scenes.")
    return series, episode, article


def outside_nosnippet(html):
    """The page's text and attribute values that are not inside a `data-nosnippet` element,
    JSON-LD and meta tags included."""
    root = lxml.html.document_fromstring(html)
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        hidden = any(
            "data-nosnippet" in node.attrib for node in [element, *element.iterancestors()]
        )
        if hidden:
            continue
        found += [str(value) for value in element.attrib.values()]
        found.append(element.text or "")
        # A tail is text after the element, inside its parent.
        parent = element.getparent()
        if parent is None or not any(
            "data-nosnippet" in node.attrib for node in [parent, *parent.iterancestors()]
        ):
            found.append(element.tail or "")
    return " ".join(found)


def inside_nosnippet(html):
    root = lxml.html.document_fromstring(html)
    return " ".join(element.text_content() for element in root.xpath("//*[@data-nosnippet]"))


def assert_no_secret(text, where):
    leaked = [word for word in SECRETS if word in text]
    assert not leaked, f"{where} shows {leaked}"


def test_spoilers_are_on_the_article_page_only_inside_data_nosnippet(client, spoiled):
    _series, _episode, article = spoiled
    html = client.get(article.get_absolute_url()).content.decode()

    shown = inside_nosnippet(html)
    for word in (IN_BLOCK, IN_FOLDED_BLOCK, IN_COMMENT, IN_FOLDED_COMMENT):
        assert word in shown
    assert_no_secret(outside_nosnippet(html), "the article page outside data-nosnippet")
    # The labels readers choose by stay quotable: only what they open is marked.
    assert "Who set the fire" in outside_nosnippet(html)
    assert "Loved the harbour scenes." in outside_nosnippet(html)


def test_a_spoiler_comments_vote_page_keeps_it_folded_and_out_of_snippets(client, spoiled):
    _series, _episode, article = spoiled
    spoilers = article.comments.exclude(body="Loved the harbour scenes.")
    assert spoilers.count() == 2
    for comment in spoilers:
        html = client.get(f"/discussion/comment/{comment.pk}/vote/").content.decode()
        assert '<details class="comment-spoiler">' in html
        assert_no_secret(outside_nosnippet(html), "a spoiler comment's vote page")
    plain = article.comments.get(body="Loved the harbour scenes.")
    html = client.get(f"/discussion/comment/{plain.pk}/vote/").content.decode()
    assert "comment-spoiler" not in html


def test_a_spoiler_synopsis_is_on_the_episode_page_only_inside_data_nosnippet(client, spoiled):
    _series, episode, _article = spoiled
    html = client.get(episode.get_absolute_url()).content.decode()

    assert IN_SYNOPSIS in inside_nosnippet(html)
    assert_no_secret(outside_nosnippet(html), "the episode page outside data-nosnippet")
    ld = lxml.html.document_fromstring(html).xpath('//script[@type="application/ld+json"]')
    episode_data = [json.loads(script.text) for script in ld]
    assert episode_data
    assert_no_secret(json.dumps(episode_data), "the episode's JSON-LD")


def test_spoilers_are_in_no_meta_tag_or_json_ld_of_the_article(client, spoiled):
    _series, _episode, article = spoiled
    root = lxml.html.document_fromstring(client.get(article.get_absolute_url()).content)

    metas = " ".join(meta.get("content", "") for meta in root.xpath("//head/meta"))
    assert "What the last scene of the series means" in metas
    assert_no_secret(metas, "meta, og: and twitter: tags")
    scripts = root.xpath('//script[@type="application/ld+json"]')
    assert scripts
    assert_no_secret(" ".join(script.text for script in scripts), "JSON-LD")


def test_spoilers_are_in_no_feed_sitemap_or_oembed(client, spoiled):
    series, _episode, article = spoiled
    feeds = ["/feed/", "/feed/atom/", f"/productions/{series.slug}/feed/"]
    for path in feeds:
        response = client.get(path)
        assert response.status_code == 200, path
        assert article.title in response.content.decode(), path
        assert_no_secret(response.content.decode(), path)

    index = client.get("/sitemap.xml").content
    sitemap = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [
        loc.text.split("testserver", 1)[-1] for loc in ET.fromstring(index).iter(f"{sitemap}loc")
    ]
    # The index and every sitemap it names (its other entries are the pages themselves).
    sitemaps = {"/sitemap.xml": index}
    sitemaps |= {path: client.get(path).content for path in locations if "sitemap" in path}
    assert article.get_absolute_url() in b" ".join(sitemaps.values()).decode()
    for path, xml in sitemaps.items():
        assert_no_secret(xml.decode(), path)

    url = f"http://testserver{article.get_absolute_url()}"
    answer = client.get("/oembed/", {"url": url})
    assert answer.status_code == 200
    assert_no_secret(answer.content.decode(), "oEmbed")


def test_the_api_lists_carry_no_spoiler_words(client, spoiled):
    series, _episode, article = spoiled
    for path in ("/api/v1/articles/", "/api/v1/productions/"):
        body = client.get(path).content.decode()
        assert article.title in body or series.title in body, path
        assert_no_secret(body, path)

    comments = client.get(f"/api/v1/articles/{article.slug}/comments/").json()["items"]
    assert_no_secret(json.dumps(comments), "the comments list")
    by_flag = sorted((item["is_spoiler"], bool(item["body_html"])) for item in comments)
    # The two spoiler comments are flagged with their words withheld; the other is whole.
    assert by_flag == [(False, True), (True, False), (True, False)]


def test_the_article_detail_api_carries_spoiler_blocks_marked_as_such(client, spoiled):
    _series, _episode, article = spoiled
    blocks = client.get(f"/api/v1/articles/{article.slug}/").json()["blocks"]

    hiding = [block for block in blocks if block["hidden_fields"]]
    assert [block["hidden_fields"] for block in hiding] == [["text"], ["text"]]
    assert hiding[0]["fields"]["spoils_up_to"] is None
    assert hiding[1]["fields"]["spoils_up_to"]["episode"] == 6
    assert not any(block["hidden_fields"] for block in blocks if block not in hiding)


def test_search_does_not_find_an_explainer_by_its_spoilers_words(client, spoiled):
    _series, _episode, article = spoiled
    for word in SECRETS:
        html = client.get("/search/", {"q": word}).content.decode()
        assert article.title not in html, word

    found = client.get("/search/", {"q": "harbour"}).content.decode()
    assert article.title in found
    assert_no_secret(found, "search results")


def test_the_stored_search_document_leaves_out_a_spoilers_hidden_text(spoiled):
    _series, _episode, article = spoiled
    document = " ".join(text for _weight, text in search_parts(article))

    assert_no_secret(document, "the search document")
    assert "Who set the fire" in document


# --------------------------------------------------------------------------- editor warning


def spoiler_block(text, heading="What happens"):
    return ArticleBlock(kind=ArticleBlock.Kind.SPOILER, heading=heading, text=text)


def open_block(text):
    return ArticleBlock(kind=ArticleBlock.Kind.RICH_TEXT, text=text)


def test_a_standfirst_repeating_three_words_of_a_spoiler_is_warned_about():
    blocks = [spoiler_block("<p>In the end the harbour master burns the lighthouse.</p>")]
    fields = {
        "title": "Lantern Hill explained",
        "standfirst": "Why the master burns the lighthouse",
    }

    [warning] = spoiler_echoes(fields=fields, blocks=blocks)
    assert warning.startswith("The standfirst repeats “master burns lighthouse”")


def test_a_long_repeated_passage_is_named_once_not_in_three_word_pieces():
    blocks = [
        spoiler_block("<p>The adopted adults traced each other through a genealogy site.</p>")
    ]
    fields = {"seo_description": "How adopted adults traced each other via a genealogy site"}

    [warning] = spoiler_echoes(fields=fields, blocks=blocks)
    assert "repeats “adopted adults traced” from" in warning


def test_a_name_only_the_spoiler_uses_is_warned_about_in_the_seo_description():
    blocks = [
        open_block("<p>Maud runs the harbour.</p>"),
        spoiler_block("<p>The stranger is really Tobias, her brother.</p>"),
    ]
    fields = {"seo_description": "Maud, Tobias and the harbour: the ending explained"}

    [warning] = spoiler_echoes(fields=fields, blocks=blocks)
    assert "SEO description repeats “tobias”" in warning
    assert "maud" not in warning


def test_words_the_article_says_openly_or_only_in_a_spoiler_label_are_not_warned_about():
    blocks = [
        open_block("<p>The harbour master burns the lighthouse in episode one.</p>"),
        spoiler_block("<p>The harbour master burns the lighthouse again.</p>", heading="Fire"),
    ]
    fields = {"title": "Fire at the harbour", "standfirst": "The harbour master burns it all"}

    assert spoiler_echoes(fields=fields, blocks=blocks) == []
    assert spoiler_echoes(fields=fields, blocks=[open_block("<p>Tobias</p>")]) == []


def test_saving_an_article_whose_standfirst_gives_a_spoiler_away_warns_and_saves(client, editor):
    article = ArticleFactory(title="Lantern Hill ending explained", slug="lantern-hill-ending")
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who set the fire",
        text="<p>The harbour master burns the lighthouse to hide the letters.</p>",
    )
    client.force_login(editor)
    standfirst = "Why the harbour master burns the lighthouse, and what the letters said."

    response = client.post(
        change_url(article), article_form_data(article, standfirst=standfirst), follow=True
    )

    article.refresh_from_db()
    assert article.standfirst == standfirst
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "The standfirst repeats “harbour master burns lighthouse” from" in warnings[0]
    # The writing aids say it again beside the search and social previews.
    page = client.get(change_url(article)).content
    [aids] = lxml.html.document_fromstring(page).find_class("mq-aids__spoilers")
    assert "harbour master burns lighthouse" in aids.text_content()


def test_saving_an_article_whose_fields_keep_off_the_spoiler_warns_of_nothing(client, editor):
    article = ArticleFactory(title="Lantern Hill ending explained", slug="lantern-hill-ending")
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        text="<p>The harbour master burns the lighthouse to hide the letters.</p>",
    )
    client.force_login(editor)

    response = client.post(change_url(article), article_form_data(article), follow=True)

    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert not lxml.html.document_fromstring(client.get(change_url(article)).content).find_class(
        "mq-aids__spoilers"
    )


# --------------------------------------------------------------------------- notification mail


@pytest.mark.usefixtures("discussion_settings")
def test_a_spoiler_comments_notification_mail_does_not_quote_it(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True)
    SubscriptionFactory(article=article, email="fan@example.com")
    comment = CommentFactory(
        article=article, is_spoiler=True, body=f"{IN_COMMENT} was the mole", pending=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, moderator=moderator)

    [message] = mailoutbox
    assert_no_secret(message.body, "the notification mail")
    assert "It contains spoilers" in message.body
    assert "/discussion/unsubscribe/" in message.body
