"""No reader ever gets another reader's token, vote, rating or pending comment from the cache,
and the demo explainer with a full page of comments stays a lean page."""

from django.core.management import call_command
from django.test import Client

import pytest

from articles.models import Article
from discussion.models import Comment
from tests.discussion_forms import comment_data, post_url, rate_url, vote_url
from tests.factories import CommentFactory
from tests.reader_data import make_article, make_related

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("discussion_settings")]

#: The demo explainer with 20 comments, in bytes. Issue 9 asked for 40 kB and the page got
#: there (39.2 kB; it was 111 kB). It has since gained the spoiler guard and the comment
#: form's episode picker (issue 12), where to watch (issue 13), its episodes in JSON-LD and
#: the oEmbed link (issues 12 and 14), 4.3 kB in all; short share and vote links
#: (`?share=x`, `?vote=<id>`), the episodes inside their series in JSON-LD, placeholder
#: episode titles left out of the pickers and one element less per paragraph block won
#: 2.3 kB of that back (41.2 kB). Issue 22's demo then gave it more to show, not more markup
#: per thing: a third explainer (sponsored) that it lists under "You may also like", one
#: card of 1.2 kB, and Run Away's affiliate offer with the notice above it, 0.35 kB (43.2 kB).
#: Bylines with profiles then added two contributors' faces and links under the headline,
#: the related card's byline and the authors' pages in JSON-LD: 0.65 kB (43.9 kB; the faces
#: are one small <img> each, not a <picture>). The release calendar's demo rows add the
#: offer leaving Channel 4 to "Streaming on", and the sponsored card its guest byline (44.2 kB).
#: The footer's links to the demo's eight standing pages and the corrections log, with the
#: release calendar's, added 0.9 kB (45.2 kB).
#: The trailer embed (issue 23) adds 2.1 kB: its picture in two formats at three widths (the
#: `image` tag every body picture uses), its title and privacy notice, and its VideoObject
#: (47.1 kB in all; issue 24's design pass is where the page earns bytes back).
#: The demo review of Run Away (issue 23) is one more related card under it: 0.6 kB.
#: The demo ranked list is a fourth explainer it lists under "You may also like": one
#: card with its byline, 1.3 kB.
DEMO_PAGE_BUDGET = 49_500
PENDING = "Words from reader A, waiting for a moderator"


@pytest.fixture
def article():
    """A furnished explainer with comments open and a few approved comments to vote on."""
    article = make_article()
    make_related(article)
    CommentFactory.create_batch(3, article=article)
    return article


def _me(client, article):
    return client.get(f"/discussion/{article.pk}/me/").json()


def test_no_reader_gets_another_readers_token_vote_rating_or_pending_comment(article):
    reader_a = Client()
    comment = Comment.objects.filter(article=article).first()
    reader_a.post(vote_url(comment), {"value": "1"}, follow=True)
    reader_a.post(rate_url(article), {"stars": "4"}, follow=True)
    reader_a.post(post_url(article), comment_data(body=PENDING), follow=True)
    mine = _me(reader_a, article)
    assert mine["votes"] and mine["rating"] == 4 and PENDING in mine["pending_html"]
    token = mine["csrf"]

    anonymous = Client()
    reader_c = Client()
    reader_c.post(vote_url(comment), {"value": "-1"}, follow=True)  # C has cookies of their own
    assert reader_c.cookies
    url = article.get_absolute_url()
    miss, hit = anonymous.get(url), anonymous.get(url)
    for_c_miss, for_c_hit = reader_c.get(url), reader_c.get(url)

    assert miss["X-Page-Cache"] == "miss"
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    assert not hit.cookies and not miss.cookies and "Set-Cookie" not in hit
    for response in (miss, hit, for_c_miss, for_c_hit):
        html = response.content.decode()
        assert token not in html
        assert PENDING not in html
        assert 'aria-pressed="true"' not in html
    theirs_b, theirs_c = _me(anonymous, article), _me(reader_c, article)
    for theirs in (theirs_b, theirs_c):
        assert theirs["csrf"] != token
        assert theirs["rating"] is None
        assert theirs["pending_html"] == ""
    assert theirs_b["votes"] == {}
    assert theirs_c["votes"] == {str(comment.pk): -1}
    # A reader with cookies of their own never gets the shared copy, nor stores one.
    assert "X-Page-Cache" not in for_c_hit
    assert for_c_hit.content == hit.content


def test_demo_explainer_with_twenty_comments_fits_the_page_budget(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo_discussion", stdout=None)
    article = Article.objects.published().order_by("publish_at", "id").first()
    approved = Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
    for number in range(20 - approved.count()):
        CommentFactory(
            article=article,
            guest_name=f"Reader {number}",
            body="The series changed the ending, and I think the novel's version works better.",
        )
    assert approved.count() == 20

    response = client.get(article.get_absolute_url())

    assert response.content.decode().count('<li id="comment-') == 20
    assert len(response.content) <= DEMO_PAGE_BUDGET, len(response.content)
