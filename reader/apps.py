from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """Every public page: how a reader's page is assembled from the domain apps."""

    name = "reader"
    verbose_name = "Reader pages"
