"""Announce newly public explainers to followers and send follow mail whose day has come.

Run from cron (every few minutes) where tasks run in process: it covers scheduled explainers
and digests held back by the one-mail-a-day rule. With `TASKS_BACKEND=database` the worker
does the same by itself; running this as well is harmless (every step happens once).
"""

from django.core.management.base import BaseCommand

from members.services import digests_send_due


class Command(BaseCommand):
    help = "Announce new explainers to followers and send follow mail that is due."

    def handle(self, *args, **options):
        sent = digests_send_due()
        self.stdout.write(f"Follow mail queued for {sent} reader(s).")
