"""The admin site, whose index is the newsroom dashboard instead of a bare list of models."""

from django.contrib.admin import AdminSite

from .selectors import dashboard


class NewsroomAdminSite(AdminSite):
    """What an editor sees on signing in: what waits for them today, each with its link."""

    site_header = "Marquee"
    site_title = "Marquee admin"
    index_title = "Newsroom"
    index_template = "admin/desk/index.html"

    def index(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "dashboard": dashboard(user=request.user),
        }
        return super().index(request, extra_context)
