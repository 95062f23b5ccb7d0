from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read API (/api/v1/) and oEmbed (/oembed/): published content for other sites and apps."""

    name = "api"
    verbose_name = "Read API and oEmbed"
