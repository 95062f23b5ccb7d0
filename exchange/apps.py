from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Imports from WordPress, the old addresses they bring along, and whole-site export."""

    name = "exchange"
    verbose_name = "Import and export"
