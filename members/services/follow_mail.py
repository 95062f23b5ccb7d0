"""Follow mail: an explainer's first publication owes each follower one notice; a reader
gets at most one mail a day carrying every notice owed (a digest when several arrived).

Every mail goes through the outbox: sent by the task worker, retried while SMTP
is down. Announcing happens once per explainer, ever (`Announcement`).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.http import absolute_url
from core.text import single_line
from outbox.models import MailDelivery
from outbox.services import delivery_queue_prepared

from ..mail import FOLLOW_DIGEST
from ..models import Announcement, Follow, FollowNotice, ReaderProfile
from .follows import follow_unsubscribe_token, follows_unsubscribe_token

#: At most one follow mail per reader in this time; what arrives meanwhile waits for the next.
DIGEST_INTERVAL = datetime.timedelta(hours=24)
#: An explainer first published longer ago than this is never announced (a late worker, or
#: an article older than the feature, re-published).
ANNOUNCE_WINDOW = datetime.timedelta(days=2)


def follow_mail_on_first_publish(*, article_id):
    """Registered with `articles.hooks`: the task worker announces the explainer to its
    followers once it is public (a scheduled one at its time, where the backend can wait)."""
    from .. import tasks

    article = Article.objects.filter(pk=article_id).only("publish_at").first()
    if article is None:
        return
    task = tasks.follow_announce
    if article.publish_at and article.publish_at > timezone.now():
        if not task.get_backend().supports_defer:
            return  # `send_follow_mail` (cron) announces it once it is public.
        task = task.using(run_after=article.publish_at)
    task.enqueue(article_id=article_id)


def article_announce(*, article_id, now=None):
    """Every follower of what a newly public explainer covers is owed one notice, once ever:
    an edit, an unpublish and a re-publish announce nothing. Returns the notices made."""
    now = now or timezone.now()
    with transaction.atomic():
        article = (
            Article.objects.published(now)
            .filter(pk=article_id, first_published_at__gte=now - ANNOUNCE_WINDOW)
            .first()
        )
        if article is None:
            return []
        _announcement, created = Announcement.objects.get_or_create(article=article)
        if not created:
            return []
        silent = set(
            ReaderProfile.objects.filter(follow_mail=False).values_list("user_id", flat=True)
        )
        notices = {}
        for follow in Follow.objects.covering(article).order_by("pk").distinct():
            key = follow.email.lower()
            if key in notices or (follow.user_id and follow.user_id in silent):
                continue
            notices[key] = FollowNotice(email=follow.email, follow=follow, article=article)
        FollowNotice.objects.bulk_create(notices.values(), ignore_conflicts=True)
        emails = sorted({notice.email for notice in notices.values()})
    for email in emails:
        digest_queue(email=email, now=now)
    return list(notices.values())


def _last_digest(email):
    return (
        MailDelivery.objects.filter(kind=FOLLOW_DIGEST, to__iexact=email)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def digest_queue(*, email, now=None):
    """The reader's one follow mail of the day, carrying every explainer owed since the last;
    if one already went in the last 24 hours, the notices wait for the next. Returns the
    delivery, or None."""
    from .. import tasks

    now = now or timezone.now()
    with transaction.atomic():
        notices = list(
            FollowNotice.objects.select_for_update(of=("self",))
            .filter(email__iexact=email, sent_at=None)
            .select_related("article", "follow__production", "follow__person", "follow__tag")
            .order_by("created_at", "pk")
        )
        if not notices:
            return None
        last = _last_digest(email)
        if last is not None and last > now - DIGEST_INTERVAL:
            due = last + DIGEST_INTERVAL
            backend = tasks.follow_digest.get_backend()
            if backend.supports_defer:
                transaction.on_commit(
                    lambda: tasks.follow_digest.using(run_after=due).enqueue(email=email)
                )
            return None
        visible = set(
            Article.objects.published(now)
            .filter(pk__in=[notice.article_id for notice in notices])
            .values_list("pk", flat=True)
        )
        public = [notice for notice in notices if notice.article_id in visible]
        if not public:
            return None
        delivery = delivery_queue_prepared(kind=FOLLOW_DIGEST, **_digest_mail(email, public))
        FollowNotice.objects.filter(pk__in=[notice.pk for notice in public]).update(
            delivery=delivery, sent_at=now
        )
    return delivery


def _digest_mail(email, notices):
    follows = {}
    for notice in notices:
        follows.setdefault(notice.follow_id, notice.follow)
    items = [
        {
            "article": notice.article,
            "url": absolute_url(notice.article.get_absolute_url()),
            "because": notice.follow.target_name,
        }
        for notice in notices
    ]
    unsubscribe = [
        {
            "name": follow.target_name,
            "url": absolute_url(
                reverse("members:follow_unsubscribe", args=[follow_unsubscribe_token(follow)])
            ),
        }
        for follow in follows.values()
    ]
    every = absolute_url(
        reverse(
            "members:follow_unsubscribe_all", args=[follows_unsubscribe_token(follows.values())]
        )
    )
    if len(items) == 1:
        subject = f"New on {settings.SITE_NAME}: {items[0]['article'].title}"
    else:
        subject = f"{len(items)} new explainers on {settings.SITE_NAME}"
    body = render_to_string(
        "members/email/follow_digest.txt",
        {
            "items": items,
            "unsubscribe": unsubscribe,
            "unsubscribe_all": every,
            "SITE_NAME": settings.SITE_NAME,
        },
    )
    return {
        "to": email,
        "subject": single_line(subject),
        "body": body,
        # RFC 8058: one POST to this link, with no sign-in, stops every follow in the mail.
        "headers": {
            "List-Unsubscribe": f"<{every}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def digests_send_due(*, now=None):
    """Send every reader's waiting follow mail whose day has passed; announce public
    explainers first published recently that were not yet (scheduled ones, a lost task).
    Run by `manage.py send_follow_mail` (cron) and by the task worker."""
    now = now or timezone.now()
    recent = (
        Article.objects.published(now)
        .filter(first_published_at__gte=now - ANNOUNCE_WINDOW)
        .exclude(pk__in=Announcement.objects.values("article_id"))
        .values_list("pk", flat=True)
    )
    for article_id in list(recent):
        article_announce(article_id=article_id, now=now)
    waiting = FollowNotice.objects.filter(sent_at=None).values_list("email", flat=True).distinct()
    sent = 0
    for email in sorted(set(waiting)):
        if digest_queue(email=email, now=now) is not None:
            sent += 1
    return sent
