"""What the plumbing keeps in the database: purges not yet taken by every cache, and who saw
a reader's email address in the admin."""

from django.conf import settings
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


class AddressView(models.Model):
    """A staff member saw a reader's email address in the admin: who, whose, on which page and
    when, so an administrator can tell who looked (Core › Reader addresses seen). Only the
    address's owner is named, never the address itself."""

    seen_at = models.DateTimeField(auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: Kept when the staff account is deleted.
    viewer_name = models.CharField("seen by", max_length=150)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty for a guest (an address given without an account).",
    )
    #: The reader's account name ("reader-3f9a…", never their address), or the guest's row.
    whose = models.CharField("whose address", max_length=200)
    page = models.CharField(max_length=200)

    class Meta:
        ordering = ["-seen_at", "-pk"]
        verbose_name = "reader address seen"
        verbose_name_plural = "reader addresses seen"
        permissions = [("view_reader_email", "Can see readers' email addresses in the admin")]

    def __str__(self):
        return f"{self.viewer_name} saw the address of {self.whose} ({self.page})"
