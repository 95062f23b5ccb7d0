from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read API (/api/v1/) and oEmbed (/oembed/): published content for other sites and apps."""

    name = "api"
    verbose_name = "Read API and oEmbed"

    def ready(self):
        # An embed block pointing at one of the site's own pages is described by oEmbed here.
        from articles.embeds.providers import register_own_site

        from .oembed import own_page_answer

        register_own_site(own_page_answer)
