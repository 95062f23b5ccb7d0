"""Authors are mailed once when their explainer's review date passes; a new date re-arms it."""

import datetime
import io
import smtplib

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import pytest

from articles.models import Article, ReviewReminder
from articles.services import review_reminders_send
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    return UserFactory(username="ana", email="ana@example.com")


@pytest.fixture
def overdue(ana):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return ArticleFactory(
        published=True, authors=[ana], review_by=yesterday, title="Is Fool Me Once true?"
    )


def test_authors_get_one_mail_when_the_review_date_passes(overdue):
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)

    assert "Review reminders sent: 1" in out.getvalue()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.com"]
    assert "Is Fool Me Once true?" in message.subject
    assert f"/admin/articles/article/{overdue.pk}/change/" in message.body


def test_the_reminder_is_sent_once_per_passed_date(overdue):
    review_reminders_send()
    review_reminders_send(today=timezone.localdate() + datetime.timedelta(days=3))

    assert len(mail.outbox) == 1
    assert ReviewReminder.objects.get().review_by == overdue.review_by


def test_a_new_review_date_rearms_the_reminder(overdue):
    review_reminders_send()
    overdue.review_by = timezone.localdate() + datetime.timedelta(days=30)
    overdue.save()

    review_reminders_send()
    assert len(mail.outbox) == 1
    review_reminders_send(today=overdue.review_by)

    assert len(mail.outbox) == 2


def test_nothing_is_sent_before_the_date_or_for_pieces_readers_cannot_see(ana):
    today = timezone.localdate()
    ArticleFactory(published=True, authors=[ana], review_by=today + datetime.timedelta(days=1))
    ArticleFactory(authors=[ana], review_by=today - datetime.timedelta(days=5))
    ArticleFactory(
        status=Article.Status.ARCHIVED, authors=[ana], review_by=today - datetime.timedelta(days=5)
    )

    assert review_reminders_send() == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_a_failed_mail_is_not_recorded_and_goes_out_on_the_next_run(overdue, monkeypatch):
    def smtp_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("SMTP is down")

    monkeypatch.setattr("articles.reminders.send_mail", smtp_down)
    assert review_reminders_send() == {"sent": 0, "failed": 1}
    assert not ReviewReminder.objects.exists()

    monkeypatch.undo()
    review_reminders_send()

    assert len(mail.outbox) == 1
