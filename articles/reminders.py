"""Review reminders: authors hear once when an explainer passes its "Review by" date."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from .models import Article, ReviewReminder

logger = logging.getLogger(__name__)


def _review_reminder_text(article):
    link = settings.SITE_URL + reverse("admin:articles_article_change", args=[article.pk])
    return (
        f"“{article.title}” was due for review on {article.review_by:%d %B %Y}.\n\n"
        "Check that it is still accurate (where to watch, dates, cast), then set a new "
        f"“Review by” date:\n{link}\n"
    )


def review_reminders_send(*, today=None):
    """Authors of explainers past their review date get one mail per passed date.

    A reminder is recorded in the same transaction as its mail is sent: when SMTP fails,
    nothing is recorded and the next run tries again; once sent, never again for that date.
    Returns how many mails were sent and how many failed (those go again next run).
    """
    today = today or timezone.localdate()
    already = ReviewReminder.objects.filter(article=OuterRef("pk"), review_by=OuterRef("review_by"))
    due = (
        Article.objects.due_for_review(today)
        .exclude(Exists(already))
        .prefetch_related("authors")
        .order_by("review_by", "pk")
    )
    counts = {"sent": 0, "failed": 0}
    for article in due:
        addresses = sorted({author.email for author in article.authors.all() if author.email})
        if not addresses:
            continue
        try:
            counts["sent"] += _review_reminder_send(article, addresses)
        except (smtplib.SMTPException, OSError):
            logger.exception(
                "Review reminder for article %s not sent; next run retries", article.pk
            )
            counts["failed"] += 1
    return counts


def _review_reminder_send(article, addresses):
    """Record and send one reminder in one transaction: a failed send records nothing."""
    with transaction.atomic():
        _, created = ReviewReminder.objects.get_or_create(
            article=article,
            review_by=article.review_by,
            defaults={"sent_to": ", ".join(addresses)},
        )
        if not created:
            return 0
        send_mail(
            f"Due for review: {article.title}",
            _review_reminder_text(article),
            settings.DEFAULT_FROM_EMAIL,
            addresses,
        )
    return 1
