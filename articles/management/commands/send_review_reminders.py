"""`manage.py send_review_reminders`: run the daily review-reminder task (put it in cron).

Each explainer's authors are mailed once per passed "review by" date, so running it more
often than daily is harmless. With `TASKS_BACKEND=database` the task is queued for
the worker (`manage.py run_worker`); in the embedded default it runs at once.
"""

from django.core.management.base import BaseCommand, CommandError

from django_tasks.base import TaskResultStatus

from articles.tasks import review_reminders_send_daily


class Command(BaseCommand):
    help = "Mail authors whose explainers are past their review date (once per date)."

    def handle(self, *args, **options):
        result = review_reminders_send_daily.enqueue()
        if result.status == TaskResultStatus.FAILED:
            # Nothing was recorded for the mail that failed: the next run tries it again.
            raise CommandError(f"Review reminders failed: {result.errors[-1].exception_class_path}")
        if result.is_finished:
            counts = result.return_value
            self.stdout.write(
                f"Review reminders sent: {counts['sent']}, failed (retried next run): "
                f"{counts['failed']}."
            )
        else:
            self.stdout.write("Review reminders queued for the task worker.")
