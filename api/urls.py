"""The read API under /api/v1/ and oEmbed at /oembed/ (config/urls.py includes this before the
reader's pages, so neither address is taken for an article slug)."""

from django.urls import path
from django.views.generic import RedirectView

from . import oembed
from .v1 import api as api_v1

app_name = "api"

urlpatterns = [
    # Someone opening the API's address by hand lands on its interactive docs.
    path(
        "api/v1/",
        RedirectView.as_view(pattern_name="api:v1:openapi-view"),
        name="home",
    ),
    path("api/v1/", api_v1.urls),
    path("oembed/", oembed.oembed, name="oembed"),
]
