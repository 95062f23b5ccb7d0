"""The outbox in the admin: read-only, for seeing which mails wait for SMTP and why."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import MailDelivery


@admin.register(MailDelivery)
class MailDeliveryAdmin(ReadOnlyAdmin):
    """Editors see which mails wait for SMTP, how often they were tried and why they failed."""

    list_display = ["kind_label", "to", "status", "attempts", "next_attempt_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to"]
    date_hierarchy = "created_at"

    @admin.display(description="kind", ordering="kind")
    def kind_label(self, delivery):
        return delivery.kind_label
