"""Mail about the discussion, sent outside the request by django-tasks.

In the embedded default and in tests the ImmediateBackend runs these at once (after the
transaction commits); in production `TASKS_BACKEND=database` queues them for `db_worker`.
A mail failure is logged and never undoes the comment that caused it.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from django_tasks import task

from .http import absolute_url
from .models import Comment, Subscription

logger = logging.getLogger(__name__)


@task()
def comment_notify_subscribers(comment_id):
    """Subscribers get one mail about a newly approved comment, with a one-click unsubscribe."""
    from .services import notification_recipients, unsubscribe_token

    comment = (
        Comment.objects.select_related("article", "user", "parent__user")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None:
        return 0
    sent = 0
    for subscription in notification_recipients(comment):
        unsubscribe_url = absolute_url(
            reverse("discussion:unsubscribe", args=[unsubscribe_token(subscription)])
        )
        context = {
            "comment": comment,
            "article": comment.article,
            "subscription": subscription,
            "comment_url": absolute_url(comment.get_absolute_url()),
            "unsubscribe_url": unsubscribe_url,
            "SITE_NAME": settings.SITE_NAME,
        }
        message = EmailMessage(
            subject=render_to_string("discussion/email/notification_subject.txt", context)
            .strip()
            .replace("\n", " "),
            body=render_to_string("discussion/email/notification.txt", context),
            to=[subscription.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        try:
            message.send()
        except Exception:
            logger.exception(
                "Could not send the notification about comment %s to subscription %s",
                comment.pk,
                subscription.pk,
            )
        else:
            sent += 1
    return sent


@task()
def subscription_send_confirmation(subscription_id):
    """A guest who asked to be notified gets a link to confirm the address (double opt-in)."""
    from .services import confirm_token

    subscription = (
        Subscription.objects.select_related("article")
        .filter(pk=subscription_id, confirmed_at=None)
        .first()
    )
    if subscription is None:
        return 0
    context = {
        "subscription": subscription,
        "article": subscription.article,
        "confirm_url": absolute_url(
            reverse("discussion:subscription_confirm", args=[confirm_token(subscription)])
        ),
        "SITE_NAME": settings.SITE_NAME,
    }
    message = EmailMessage(
        subject=render_to_string("discussion/email/confirm_subject.txt", context)
        .strip()
        .replace("\n", " "),
        body=render_to_string("discussion/email/confirm.txt", context),
        to=[subscription.email],
    )
    try:
        message.send()
    except Exception:
        logger.exception(
            "Could not send the confirmation mail for subscription %s", subscription.pk
        )
        return 0
    return 1
