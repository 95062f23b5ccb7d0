"""The article page is one lean HTML for every reader; without JavaScript each form still works
through a page of its own that carries a CSRF token."""

import re

from django.test import Client

import pytest

from articles.models import ArticleBlock
from discussion.models import Comment, CommentVote, Rating, Subscription
from tests.discussion_forms import comment_data, post_url, rate_url, vote_url
from tests.factories import BlockFactory, CommentFactory, QuoteBlockFactory
from tests.reader_data import make_article, make_related

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

#: The article page with a full page of comments, in bytes (it was ~111 kB on the demo).
PAGE_BYTES_BUDGET = 40_000
#: Site search, rating, the one comment form, subscribe, and the shared vote and delete forms.
PAGE_FORMS = 6


@pytest.fixture
def article():
    """A furnished explainer (every block kind) with 20 approved comments, some replies."""
    article = make_article()
    make_related(article)
    roots = CommentFactory.create_batch(14, article=article)
    for root in roots[:6]:
        CommentFactory(article=article, parent=root)
    return article


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_article_page_with_a_page_of_comments_is_lean(client, article):
    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert html.count('<li id="comment-') == 20
    assert len(response.content) <= PAGE_BYTES_BUDGET, len(response.content)
    assert html.count("<form") <= PAGE_FORMS


def test_every_reader_gets_the_same_article_html(client, article):
    comment = Comment.objects.filter(article=article).first()
    guest = Client()
    guest.post(vote_url(comment), {"value": "1"}, follow=True)
    guest.post(post_url(article), comment_data(body="Mine, still pending"), follow=True)
    guest.post(rate_url(article), {"stars": "4"}, follow=True)
    assert CommentVote.objects.exists() and Rating.objects.exists()

    anonymous = client.get(article.get_absolute_url())
    theirs = guest.get(article.get_absolute_url())

    assert theirs.content == anonymous.content
    assert b"Mine, still pending" not in anonymous.content
    assert b'csrfmiddlewaretoken" value=""' in anonymous.content


def test_an_anonymous_visit_sets_no_cookie_and_does_not_vary_on_it(client, article):
    response = client.get(article.get_absolute_url())

    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in client.cookies


def test_the_body_is_rendered_again_when_a_quote_or_a_block_changes(client, db, settings):
    # The page cache would answer first; this is about the body cache under it.
    settings.PAGE_CACHE_TIMEOUT = 0
    article = make_article(block_count=3)
    quote_block = article.blocks.get(kind=ArticleBlock.Kind.QUOTE)
    text_block = article.blocks.exclude(text="").first()
    client.get(article.get_absolute_url())

    quote_block.quote.text = "A brand new line."
    quote_block.quote.save()
    # A change straight in the table, the article row untouched, shows as well.
    type(text_block).objects.filter(pk=text_block.pk).update(text="<p>Rewritten passage.</p>")
    html = client.get(article.get_absolute_url()).content.decode()

    assert "A brand new line." in html
    assert "Rewritten passage." in html


def test_a_post_without_a_token_lands_on_a_page_with_one_and_keeps_the_text(article):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(post_url(article), comment_data(body="Typed without JavaScript"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Post your comment" in html and "Typed without JavaScript" in html
    assert "no-store" in response["Cache-Control"]
    assert not Comment.objects.filter(body="Typed without JavaScript").exists()
    data = comment_data(body="Typed without JavaScript", csrfmiddlewaretoken=_token(html))
    data["stamp"] = re.search(r'name="stamp" value="([^"]+)"', html)[1]
    browser.post(post_url(article), data)
    assert Comment.objects.filter(body="Typed without JavaScript").exists()


def test_javascript_posting_without_a_token_is_told_to_reload(article):
    response = Client(enforce_csrf_checks=True).post(
        post_url(article), comment_data(), headers={"x-requested-with": "XMLHttpRequest"}
    )

    assert response.status_code == 403
    assert "reload the page" in response.json()["error"]


def test_without_javascript_a_reader_picks_a_passage_on_the_comment_page(client, article):
    block = QuoteBlockFactory(article=article, quote__text="Every family has secrets")
    article_page = client.get(article.get_absolute_url()).content.decode()
    comment_page = f"/discussion/{article.pk}/comment/"
    assert f'href="{comment_page}#passages"' in article_page
    # The article page carries no per-passage link: discussion.js builds those controls.
    assert f"?anchor={block.uid}" not in article_page

    passages = client.get(comment_page).content.decode()
    assert 'id="passages"' in passages
    assert f'href="?anchor={block.uid}"' in passages
    html = client.get(f"{comment_page}?anchor={block.uid}").content.decode()

    assert "Every family has secrets" in html
    assert f'name="anchor" value="{block.uid}"' in html
    assert "Your comment on this passage" in html
    assert _token(html)


def test_a_vote_without_javascript_goes_through_the_comments_vote_page(article):
    comment = Comment.objects.filter(article=article).first()
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(vote_url(comment))
    browser.post(
        vote_url(comment), {"value": "1", "csrfmiddlewaretoken": _token(page.content.decode())}
    )

    assert page.status_code == 200 and "Vote up" in page.content.decode()
    comment.refresh_from_db()
    assert comment.score == 1


@pytest.mark.parametrize(
    ("url", "data", "stored"),
    [
        (lambda a: f"/discussion/{a.pk}/rate/", {"stars": "5"}, Rating),
        (
            lambda a: f"/discussion/{a.pk}/subscribe/",
            {"kind": "all", "email": "no-js@example.com"},
            Subscription,
        ),
    ],
    ids=["rating", "subscription"],
)
def test_rating_and_subscribing_without_javascript_take_one_more_click(article, url, data, stored):
    browser = Client(enforce_csrf_checks=True)

    page = browser.post(url(article), data)
    assert page.status_code == 200 and not stored.objects.exists()
    browser.post(url(article), {**data, "csrfmiddlewaretoken": _token(page.content.decode())})

    assert stored.objects.exists()


def test_me_gives_the_token_and_a_form_stamp(client, article):
    payload = client.get(f"/discussion/{article.pk}/me/").json()

    assert payload["csrf"] and payload["stamp"]
    assert payload["authenticated"] is False


def test_a_spoiler_passage_is_named_by_its_label_never_by_its_hidden_text(client, article):
    spoiler = BlockFactory(
        article=article, kind="spoiler", heading="Who the killer is", text="<p>It was Ash.</p>"
    )
    CommentFactory(article=article, anchor_block=spoiler, body="I did not see that coming.")

    passages = client.get(f"/discussion/{article.pk}/comment/").content.decode()
    thread = client.get(article.get_absolute_url()).content.decode()

    assert "Spoiler Who the killer is" in passages
    assert "On the passage" in thread
    assert "It was Ash" not in passages
    assert "It was Ash" not in thread.split('id="discussion"')[1]
