"""/corrections/: every correction on a live explainer, newest first, with RSS and Atom feeds."""

import datetime
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from articles.models import Correction
from pages.models import StandingPage
from tests.factories import ArticleFactory, CorrectionFactory, StandingPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def dated(days_ago, **fields):
    return CorrectionFactory(
        published_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )


def test_the_log_lists_corrections_newest_first_with_their_article_and_date(client):
    older = dated(3, note="The series has eight parts.", article__title="Is Run Away true?")
    newer = dated(1, note="The novel came out in 2019.", article__title="Run Away ending")

    html = client.get("/corrections/").content.decode()

    assert html.index(newer.note) < html.index(older.note)
    assert f'<a href="{newer.article.get_absolute_url()}">Run Away ending</a>' in html
    assert newer.published_at.strftime("%-d %B %Y") in html


@pytest.mark.page_cache_off
def test_corrections_of_unpublished_explainers_and_updates_never_show(client):
    CorrectionFactory(note="Shown correction.")
    CorrectionFactory(note="Draft's correction.", article=ArticleFactory())
    CorrectionFactory(note="Scheduled one.", article=ArticleFactory(scheduled=True))
    CorrectionFactory(note="An update, not a correction.", kind=Correction.Kind.UPDATE)

    html = client.get("/corrections/").content.decode()
    feed = client.get("/corrections/feed/").content.decode()

    assert "Shown correction." in html and "Shown correction." in feed
    for hidden in ("Draft's correction.", "Scheduled one.", "An update, not a correction."):
        assert hidden not in html and hidden not in feed


@pytest.mark.page_cache_off
def test_the_log_is_paginated_and_costs_the_same_queries_with_many_corrections(client):
    for n in range(2):
        dated(n, note=f"Correction {n}.")
    with CaptureQueriesContext(connection) as few:
        client.get("/corrections/")
    for n in range(2, 75):
        dated(n, note=f"Correction {n}.")
    with CaptureQueriesContext(connection) as many:
        first = client.get("/corrections/").content.decode()

    assert len(many) == len(few)
    assert "Correction 0." in first and "Correction 29." in first and "Correction 30." not in first
    assert 'rel="next" href="?page=2"' in first
    last = client.get("/corrections/?page=3").content.decode()
    assert "Correction 74." in last and "Page 3 of 3" in last


def test_the_feeds_carry_the_newest_corrections(client):
    correction = dated(1, note="The novel came out in 2019.", article__title="Run Away ending")

    rss = ElementTree.fromstring(client.get("/corrections/feed/").content)
    atom = ElementTree.fromstring(client.get("/corrections/feed/atom/").content)

    (item,) = rss.iter("item")
    assert item.findtext("title") == "Correction: Run Away ending"
    assert item.findtext("description") == "The novel came out in 2019."
    assert item.findtext("link").endswith(correction.article.get_absolute_url())
    (entry,) = atom.iter(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}summary") == "The novel came out in 2019."


def test_a_new_correction_shows_at_once_on_the_cached_log(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    from tests.workflow_forms import article_form_data, change_url

    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)
    article = ArticleFactory(with_hero=True, published=True)
    assert "No corrections so far." in client.get("/corrections/").content.decode()

    client.force_login(editor)
    data = article_form_data(article)
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-kind": "correction",
            "corrections-0-note": "The series has eight parts, not six.",
            "corrections-0-published_at_0": timezone.localdate().isoformat(),
            "corrections-0-published_at_1": "00:00:00",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(article), data)
    client.logout()

    assert "eight parts, not six" in client.get("/corrections/").content.decode()
    assert "eight parts, not six" in client.get("/corrections/feed/").content.decode()


def test_the_corrections_policy_page_links_to_the_log_and_its_feed(client):
    StandingPageFactory(slug="corrections-policy", role=StandingPage.Role.CORRECTIONS_POLICY)
    StandingPageFactory(slug="about", role=StandingPage.Role.ABOUT)

    policy = client.get("/corrections-policy/").content.decode()
    about = client.get("/about/").content.decode()

    assert 'href="/corrections/">Every correction' in policy
    assert 'href="/corrections/feed/"' in policy
    assert "Every correction" not in about
