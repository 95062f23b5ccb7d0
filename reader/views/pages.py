"""Standing pages (/about/, /standards/…), their staff preview, and the corrections log."""

from django.http import Http404
from django.views.generic import DetailView, ListView

from articles.models import Article, Correction
from articles.models.notes import CORRECTIONS
from core.http import absolute_url
from core.pagecache import LISTING
from pages.models import StandingPage
from pages.preview import page_id_from_token

from ..cache import CachedPageMixin

#: Corrections a page of the log shows.
CORRECTIONS_PER_PAGE = 30


class StandingPageView(CachedPageMixin, DetailView):
    """A published standing page at /<slug>/. The article view hands over a slug no article
    has (`ArticleDetailView.get`), so an article page pays nothing for pages; a draft is 404."""

    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return StandingPage.objects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            absolute_url=absolute_url(self.object.get_absolute_url()), **kwargs
        )

    def get_page_keys(self, context):
        return self.object.cache_keys()

    def get_last_modified(self, context):
        return self.object.updated_at


class StandingPagePreviewView(StandingPageView):
    """A standing page in any status, at a signed link that expires; 404 when tampered or old."""

    page_cache_enabled = False

    def get_object(self, queryset=None):
        page_id = page_id_from_token(self.kwargs["token"])
        page = StandingPage.objects.filter(pk=page_id).first() if page_id else None
        if page is None:
            raise Http404("This preview link is invalid or has expired.")
        return page

    def get_context_data(self, **kwargs):
        return super().get_context_data(noindex=True, is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response


def public_corrections():
    """Corrections of live explainers, newest first (an unpublished explainer's never show)."""
    return (
        Correction.objects.filter(
            kind=Correction.Kind.CORRECTION, article__in=Article.objects.published()
        )
        .select_related("article")
        .only("note", "published_at", "article__title", "article__slug")
        .order_by("-published_at", "-id")
    )


class CorrectionsView(CachedPageMixin, ListView):
    """/corrections/: every correction on a live explainer, newest first, a page at a time."""

    template_name = "pages/corrections.html"
    context_object_name = "corrections"
    paginate_by = CORRECTIONS_PER_PAGE

    def get_queryset(self):
        return public_corrections()

    def get_page_keys(self, context):
        return [CORRECTIONS, LISTING]
