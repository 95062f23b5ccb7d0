"""Mail sent outside the request by django-tasks.

Each mail is first a `MailDelivery` row (see outbox/services.py); a task sends one. In the
embedded default and in tests the ImmediateBackend runs it at once (after the transaction
commits); a mail that fails stays pending and `manage.py send_pending_mail` (cron) retries it.
With `TASKS_BACKEND=database` the task re-enqueues itself with a growing delay for
the worker (`manage.py run_worker`). A mail failure never undoes what caused it.
"""

from django_tasks import task


@task()
def mail_delivery_send(delivery_id):
    """One reader gets one pending mail; while SMTP fails it is retried later, never lost."""
    from .models import MailDelivery
    from .services import delivery_send

    delivery = delivery_send(delivery_id=delivery_id)
    if delivery is None:
        return None
    # django-tasks has no retry of its own: a backend that can defer gets the retry queued;
    # otherwise (the immediate backend) `send_pending_mail` picks the delivery up when due.
    if (
        delivery.status == MailDelivery.Status.PENDING
        and mail_delivery_send.get_backend().supports_defer
    ):
        mail_delivery_send.using(run_after=delivery.next_attempt_at).enqueue(
            delivery_id=delivery.pk
        )
    return delivery.status
