"""Author pages: who writes the explainers, and an index of them.

A contributor has a page only while a published explainer carries their byline
(`articles.visibility.public_contributors`): a profile with only drafts or embargoed
pieces is a 404, so a byline never shows before its piece, and a profile with nothing to
read is not a page for readers or search engines.
"""

from django.db.models import Exists, OuterRef
from django.views.generic import DetailView, ListView

from articles.models import Article, Byline, Contributor
from articles.visibility import public_contributors
from core.pagecache import LISTING, key
from images.models import Image

from ..cache import CachedPageMixin
from ..site_jsonld import profile_page_jsonld
from .lists import ListingMixin, ListingPaginator


def articles_by(contributor):
    """The contributor's published explainers, newest first (a page at a time): an EXISTS on
    the byline by index, so the cost does not grow with the archive."""
    lines = Byline.objects.filter(article=OuterRef("pk"), contributor=contributor)
    return Article.objects.published().filter(Exists(lines)).for_listing()


class AuthorDetailView(CachedPageMixin, DetailView):
    """A contributor's profile: photo, name, job title, beat, bio, links, and their explainers."""

    template_name = "authors/author_detail.html"
    context_object_name = "contributor"
    articles_per_page = 12

    def get_queryset(self):
        return public_contributors(
            Contributor.objects.select_related("photo").prefetch_related("links")
        )

    def get_context_data(self, **kwargs):
        contributor = self.object
        articles_page = ListingPaginator(
            articles_by(contributor),
            self.articles_per_page,
            count_key=f"contributor:{contributor.pk}",
        ).get_page(self.request.GET.get("page"))
        links = contributor.links.all()
        return super().get_context_data(
            articles_page=articles_page,
            links=links,
            structured_data=profile_page_jsonld(contributor, links),
            **kwargs,
        )

    def get_page_keys(self, context):
        found = [key(self.object), LISTING]
        if self.object.photo_id:
            found.append(key(Image, self.object.photo_id))
        return found


class AuthorIndexView(ListingMixin, ListView):
    """Everyone with a published explainer on their byline, by name."""

    template_name = "authors/author_list.html"
    context_object_name = "contributors"
    paginate_by = 48

    def get_queryset(self):
        return public_contributors(Contributor.objects.select_related("photo")).order_by(
            "name", "pk"
        )

    def count_key(self):
        return "authors"

    def get_page_keys(self, context):
        found = [LISTING, *(key(contributor) for contributor in context["contributors"])]
        found += [key(Image, c.photo_id) for c in context["contributors"] if c.photo_id]
        return found
