"""Lists of explainers: the home page and a tag's page, and the paginator every list shares."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import ListView

from articles.models import Article
from articles.tags import merged_tag_ids
from articles.visibility import public_tags
from core.pagecache import LISTING, key
from pages.selectors import policy_links

from ..cache import CachedPageMixin, kept_listing
from ..site_jsonld import home_jsonld


class ListingPaginator(Paginator):
    """Pages of public explainers whose total is counted once per change to them.

    Counting every published explainer (the home page) or every explainer quoting a famous
    quote costs more than reading the page shown, and grows with the archive. The total
    changes only when a service invalidates the lists (LISTING) or a scheduled explainer's
    time comes, the same events that renew the cached page showing it, so it is kept
    (`reader.cache.kept_listing`) under `count_key` until then.
    """

    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return kept_listing(f"count:{self.count_key}", lambda: Paginator.count.func(self))


class ListingMixin(CachedPageMixin):
    """A cached list page of explainers whose total is kept by `ListingPaginator`."""

    paginator_class = ListingPaginator
    paginate_by = 12

    def count_key(self):
        raise NotImplementedError

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, count_key=self.count_key(), **kw
        )


class HomeView(ListingMixin, ListView):
    """The latest published explainers, featured first, a page at a time."""

    template_name = "articles/home.html"
    context_object_name = "articles"

    def get_queryset(self):
        return (
            Article.objects.published().for_listing().order_by("-is_featured", "-publish_at", "-id")
        )

    def count_key(self):
        return "home"

    def get_context_data(self, **kwargs):
        # The publisher's policies come from the furniture's kept read (no query when kept).
        data = home_jsonld(policy_links())
        return super().get_context_data(structured_data=data, **kwargs)


def moved_tag(request, url_name, slug):
    """A 301 from a merged tag's former address to the same page of the tag it became."""
    tag = public_tags().filter(pk__in=merged_tag_ids(slug)).first()
    if tag is None:
        return None
    location = reverse(url_name, kwargs={"slug": tag.slug})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)


class TagView(ListingMixin, ListView):
    """Every published explainer with one tag, newest first."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Asked only when no public tag has the slug: a live tag's page costs nothing more.
            moved = moved_tag(request, "articles:tag", kwargs["slug"])
            if moved is None:
                raise
            return moved

    def get_queryset(self):
        # A tag only unpublished explainers carry is not public yet: 404, like them.
        self.tag = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return Article.objects.published().tagged(self.tag).for_listing()

    def count_key(self):
        return f"tag:{self.tag.pk}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)

    def get_page_keys(self, context):
        return [key(self.tag), LISTING]
