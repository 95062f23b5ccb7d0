"""Follow mail, sent outside the request by django-tasks (the mail itself goes through the
outbox, `outbox.tasks.mail_delivery_send`)."""

from django_tasks import task


@task()
def follow_announce(article_id):
    """Followers of what a newly public explainer covers are each owed one mail."""
    from .services import article_announce

    return len(article_announce(article_id=article_id))


@task()
def follow_digest(email):
    """A reader whose day since the last follow mail has passed gets the waiting ones."""
    from .services.follow_mail import digest_queue

    delivery = digest_queue(email=email)
    return delivery.pk if delivery else None
