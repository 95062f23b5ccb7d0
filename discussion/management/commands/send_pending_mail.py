"""`manage.py send_pending_mail`: readers get the mails an SMTP outage held back.

Run it from cron every few minutes (the embedded default sends mail in process and cannot
schedule a retry by itself); with `TASKS_BACKEND=database` the worker retries on its own and
this is a backstop. Each pending mail is sent at most once, so running it often is safe.
It also forgets comment form stamps too old to be accepted anyway (`UsedStamp`).
"""

from django.core.management.base import BaseCommand

from discussion.forms import stamps_forget_expired
from outbox.services import deliveries_send_due


class Command(BaseCommand):
    help = "Send every outbox mail whose next attempt is due (sent at most once each)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many mails.")

    def handle(self, *args, limit, **options):
        stamps_forget_expired()
        counts = deliveries_send_due(limit=limit)
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
        self.stdout.write(summary or "No mail due.")
