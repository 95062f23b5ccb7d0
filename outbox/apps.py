from django.apps import AppConfig


class OutboxConfig(AppConfig):
    """Mail to readers, kept until it is sent; the apps that write mail declare its kinds."""

    name = "outbox"
    verbose_name = "Outbox"
