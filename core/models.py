"""What the plumbing keeps in the database: purges not yet taken by every cache."""

from django.db import models


class PendingPurge(models.Model):
    """Surrogate keys a change touched, written with the change and deleted once every cache
    (the page store, each edge) dropped the pages showing them: readers never keep seeing
    a page a cache outage made it miss."""

    keys = models.JSONField()
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return ", ".join(self.keys)
