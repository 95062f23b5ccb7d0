"""Work the articles app runs outside a request, with django-tasks."""

from django_tasks import task


@task()
def review_reminders_send_daily():
    """Once a day: authors hear about explainers whose review date has passed (once per date)."""
    from .services import review_reminders_send

    return review_reminders_send()
