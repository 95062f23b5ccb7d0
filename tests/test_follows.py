"""Following a production, person or tag: double opt-in by address, one mail when an
explainer covering it is first published (none for edits or re-publishes), at most one mail
per reader a day, one-click unsubscribe, and the mail budget and rate limits."""

import datetime
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from articles import services as articles
from members.mail import FOLLOW_DIGEST
from members.models import Follow, ReaderProfile
from members.services import (
    digests_send_due,
    follow_request,
)
from outbox.models import MailDelivery
from tests.factories import ArticleFactory, BlockFactory, PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_away(db):
    return ProductionFactory(title="Run Away", slug="run-away")


def draft_about(production, title="Is Run Away a true story?"):
    article = ArticleFactory(with_hero=True, title=title)
    BlockFactory(article=article)
    article.productions.add(production)
    return article


def publish(article, editor, capture, now=None):
    with capture(execute=True):
        articles.article_publish(article=article, user=editor, now=now)


def link_in(body, prefix):
    """The one link in a mail under `prefix`. Signed links carry the second they were made,
    so the test reads the link the mail holds rather than signing its own."""
    [link] = re.findall(rf"https?://[^/\s]+({re.escape(prefix)}[^\s]+/)", body)
    return link


def digests(mailoutbox):
    return [message for message in mailoutbox if "Confirm" not in message.subject]


def test_following_by_address_waits_for_the_confirmation_link(
    client, run_away, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:follow", args=["production", run_away.slug]),
            {"email": "fan@example.com"},
        )
    assert b"confirm your address" in response.content
    follow = Follow.objects.get(email="fan@example.com")
    assert not follow.is_active
    assert [message.to for message in mailoutbox] == [["fan@example.com"]]
    link = link_in(mailoutbox[0].body, "/follow/confirm/")
    # Opening the link (a mail scanner does) changes nothing; the button does.
    assert client.get(link).status_code == 200
    follow.refresh_from_db()
    assert not follow.is_active
    client.post(link)
    follow.refresh_from_db()
    assert follow.is_active
    # A used link does nothing more.
    assert client.post(link).status_code == 200


def test_a_signed_in_reader_follows_at_once(client, reader, run_away):
    client.force_login(reader)
    client.post(reverse("members:follow", args=["production", run_away.slug]))
    assert Follow.objects.get(user=reader, production=run_away).is_active


def test_a_follow_form_without_a_token_lands_on_the_follow_page(run_away):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("members:follow", args=["production", run_away.slug]), {"email": "fan@example.com"}
    )
    assert response.status_code == 200
    assert b'value="fan@example.com"' in response.content
    assert b"csrfmiddlewaretoken" in response.content
    assert not Follow.objects.exists()


def test_the_first_publish_mails_each_follower_once(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    follow_request(target=run_away, user=reader)
    person = PersonFactory(name="Harlan Coben")
    follow_request(target=person, user=reader)
    article = draft_about(run_away)
    article.people.add(person)
    publish(article, editor, django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.to == [reader.email]
    assert article.title in message.subject
    assert article.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/follow/unsubscribe-all/" in message.extra_headers["List-Unsubscribe"]
    assert "/follow/unsubscribe/" in message.body
    assert MailDelivery.objects.get(kind=FOLLOW_DIGEST).status == "sent"


def test_no_mail_for_an_edit_or_a_re_publish(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    follow_request(target=run_away, user=reader)
    article = draft_about(run_away)
    publish(article, editor, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    later = timezone.now() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        articles.article_record_edit(article=article, previous_slug=article.slug, user=editor)
        articles.article_unpublish(article=article, user=editor)
    publish(article, editor, django_capture_on_commit_callbacks, now=later)
    digests_send_due(now=later)
    assert len(mailoutbox) == 1


def test_one_mail_per_reader_per_day_with_a_digest_of_the_rest(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    follow_request(target=run_away, user=reader)
    publish(draft_about(run_away, "First"), editor, django_capture_on_commit_callbacks)
    publish(draft_about(run_away, "Second"), editor, django_capture_on_commit_callbacks)
    publish(draft_about(run_away, "Third"), editor, django_capture_on_commit_callbacks)
    assert [message.subject for message in mailoutbox] == ["New on Marquee: First"]

    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_due(now=timezone.now() + datetime.timedelta(hours=12)) == 0
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send_due(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    digest = mailoutbox[1]
    assert digest.subject == "2 new explainers on Marquee"
    assert "Second" in digest.body and "Third" in digest.body and "First" not in digest.body


def test_the_unsubscribe_link_stops_the_follow_in_one_click(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    follow = follow_request(target=run_away, user=reader)
    publish(draft_about(run_away), editor, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0].body, "/follow/unsubscribe/")
    # RFC 8058: the mail client POSTs with no token and no sign-in.
    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    follow.refresh_from_db()
    assert not follow.is_active
    publish(draft_about(run_away, "Another"), editor, django_capture_on_commit_callbacks)
    digests_send_due(now=timezone.now() + datetime.timedelta(days=1, hours=1))
    assert len(mailoutbox) == 1


def test_the_list_unsubscribe_header_stops_every_follow_in_the_digest(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Harlan Coben")
    on_show = follow_request(target=run_away, user=reader)
    on_person = follow_request(target=person, user=reader)
    publish(draft_about(run_away, "First"), editor, django_capture_on_commit_callbacks)
    about_person = draft_about(ProductionFactory(), "Second")
    about_person.people.add(person)
    publish(about_person, editor, django_capture_on_commit_callbacks)
    publish(draft_about(run_away, "Third"), editor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        digests_send_due(now=timezone.now() + datetime.timedelta(hours=25))
    digest = mailoutbox[-1]
    assert "Harlan Coben" in digest.body and "Run Away" in digest.body
    link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        link.removeprefix(settings.SITE_URL), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    on_show.refresh_from_db()
    on_person.refresh_from_db()
    assert not on_show.is_active and not on_person.is_active


def test_a_reader_who_turned_follow_mail_off_gets_none(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    ReaderProfile.objects.create(user=reader, display_name="Ann", follow_mail=False)
    follow_request(target=run_away, user=reader)
    publish(draft_about(run_away), editor, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_a_scheduled_explainer_is_announced_once_it_is_public(
    run_away, reader, editor, mailoutbox, django_capture_on_commit_callbacks
):
    follow_request(target=run_away, user=reader)
    article = draft_about(run_away)
    when = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        articles.article_schedule(article=article, user=editor, publish_at=when)
        digests_send_due()
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        digests_send_due(now=when + datetime.timedelta(minutes=5))
    assert [message.subject for message in mailoutbox] == [f"New on Marquee: {article.title}"]


def test_follow_confirmations_obey_the_mail_budget(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DISCUSSION_MAIL_BUDGET = {"follow_address": 2}
    for index in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            follow_request(target=ProductionFactory(title=f"Show {index}"), email="x@example.com")
    assert len(mailoutbox) == 2
    assert Follow.objects.filter(email="x@example.com").count() == 4


def test_the_follow_form_is_rate_limited(client, settings, run_away):
    settings.DISCUSSION_RATE_LIMITS = {"follow": "2/h"}
    url = reverse("members:follow", args=["production", run_away.slug])
    for index in range(2):
        assert client.post(url, {"email": f"f{index}@example.com"}).status_code == 200
    assert client.post(url, {"email": "f9@example.com"}).status_code == 429
    assert Follow.objects.count() == 2


def test_following_from_the_production_page_works_without_javascript(client, run_away):
    html = client.get(run_away.get_absolute_url()).content.decode()
    assert f'action="{reverse("members:follow", args=["production", run_away.slug])}"' in html
