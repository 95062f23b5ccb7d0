"""`manage.py send_purges`: send again the purges a cache or an edge did not take (cron)."""

from django.core.management.base import BaseCommand

from core.models import PendingPurge
from core.pagecache import purges_send


class Command(BaseCommand):
    help = "Send the page-cache purges that a cache or an edge did not take yet."

    def handle(self, *args, **options):
        sent = purges_send()
        waiting = PendingPurge.objects.count()
        self.stdout.write(f"{sent} purges sent, {waiting} still waiting.")
        if waiting:
            # Non-zero so cron mail or monitoring notices a cache that stays down.
            raise SystemExit(1)
