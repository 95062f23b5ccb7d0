"""The outbox in the admin: read-only, for seeing which mails wait for SMTP and why."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from core.privacy import ReaderEmailAdminMixin

from .models import MailDelivery


@admin.register(MailDelivery)
class MailDeliveryAdmin(ReaderEmailAdminMixin, ReadOnlyAdmin):
    """Staff see which mails wait for SMTP, how often they were tried and why they failed; the
    recipients' addresses only with core.view_reader_email, and each page showing them is
    recorded."""

    name_shows_address = True
    list_display = ["kind_label", "to", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    date_hierarchy = "created_at"
    email_fields = ("to",)
    email_search_fields = ("to",)

    def address_owner(self, delivery):
        return None, f"recipient of mail #{delivery.pk}"

    @admin.display(description="kind", ordering="kind")
    def kind_label(self, delivery):
        return delivery.kind_label
