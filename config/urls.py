from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("discussion.urls")),
    # The read API (/api/v1/) and oEmbed (/oembed/).
    path("", include("api.urls")),
    path("", include("members.urls")),
    path("accounts/", include("members.account_urls")),
    # Last: every public page, ending with an article's URL, /<slug>/ at the root.
    path("", include("reader.urls")),
]

# 404.html and 500.html (Django's default handlers) render the errors in the site's style.


def serve_media(request, path):
    """Uploaded files, from MEDIA_ROOT as it is now (tests point it at a temporary folder).

    Browsers keep them long: an upload gets a new name rather than new bytes under the old one.
    """
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Cache-Control"] = f"public, max-age={settings.MEDIA_MAX_AGE}, immutable"
    return response


if settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))
