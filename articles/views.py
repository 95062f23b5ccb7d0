from urllib.parse import quote as urlquote

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView

from taggit.models import Tag

from productions.structured_data import absolute_url

from .models import Article, SlugRedirect
from .search import MAX_QUERY_LENGTH, SEARCHES
from .structured_data import article_page_jsonld


class HomeView(ListView):
    """The latest published explainers, featured first, a page at a time."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return (
            Article.objects.published().for_listing().order_by("-is_featured", "-publish_at", "-id")
        )


class TagView(ListView):
    """Every published explainer with one tag, newest first."""

    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 12
    # A tag only drafts use is not public yet: 404, like the drafts themselves.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class ArticleDetailView(DetailView):
    """An explainer as readers see it; unpublished ones are 404 for everyone.

    Subclasses (the staff preview) reuse the context building: override
    `get_queryset()` / `get_object()` and everything else follows.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    related_limit = 4

    def get_queryset(self):
        return Article.objects.published().for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            target = self.get_redirect_target()
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target.get_absolute_url())

    def get_redirect_target(self):
        """The published article that used to live at this slug, if any."""
        slug = self.kwargs.get(self.slug_url_kwarg)
        if not slug:
            return None
        redirect = (
            SlugRedirect.objects.filter(old_slug=slug, article__in=Article.objects.published())
            .select_related("article")
            .first()
        )
        return redirect.article if redirect else None

    def get_related_articles(self):
        return list(Article.objects.published().related_to(self.object, self.related_limit))

    def get_structured_data(self):
        return article_page_jsonld(self.object)

    def get_share_links(self):
        """Plain links to the usual networks: no third-party script ever loads."""
        url = urlquote(absolute_url(self.object.get_absolute_url()), safe="")
        title = urlquote(self.object.title, safe="")
        return [
            ("X", f"https://twitter.com/intent/tweet?url={url}&text={title}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
            ("WhatsApp", f"https://wa.me/?text={title}%20{url}"),
            ("Reddit", f"https://www.reddit.com/submit?url={url}&title={title}"),
            ("Email", f"mailto:?subject={title}&body={url}"),
        ]

    def get_context_data(self, **kwargs):
        article = self.object
        return super().get_context_data(
            groups=article.body_groups(),
            toc=article.table_of_contents(),
            related_articles=self.get_related_articles(),
            structured_data=self.get_structured_data(),
            share_links=self.get_share_links(),
            absolute_url=absolute_url(article.get_absolute_url()),
            og_image_url=absolute_url(article.hero_image.url) if article.hero_image else "",
            **kwargs,
        )


class SearchView(TemplateView):
    """Search over public explainers, people, productions and quotes, a page at a time."""

    template_name = "search/results.html"
    preview_size = 5
    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # PostgreSQL refuses NUL in any text, so a pasted or forged one is dropped, not sent.
        query = " ".join(self.request.GET.get("q", "").replace("\x00", "").split())
        kind = self.request.GET.get("type", "")
        if kind not in SEARCHES:
            kind = ""
        context.update(query=query, kind=kind, kinds=[(key, v[0]) for key, v in SEARCHES.items()])
        if not query:
            context["message"] = "Type a word or two to search explainers, people and shows."
            return context
        if len(query) > MAX_QUERY_LENGTH:
            context["message"] = (
                f"That search is too long: please use at most {MAX_QUERY_LENGTH} characters."
            )
            return context
        sections = []
        for key, (heading, search) in SEARCHES.items():
            if kind and key != kind:
                continue
            results = search(query)
            if kind or key == "articles":
                page = Paginator(results, self.paginate_by).get_page(self.request.GET.get("page"))
                sections.append({"key": key, "heading": heading, "page": page, "items": page})
            else:
                items = list(results[: self.preview_size + 1])
                sections.append(
                    {
                        "key": key,
                        "heading": heading,
                        "items": items[: self.preview_size],
                        "more": len(items) > self.preview_size,
                    }
                )
        context["sections"] = sections
        context["total"] = sum(
            section["page"].paginator.count if "page" in section else len(section["items"])
            for section in sections
        )
        return context


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    """Crawlers may read everything public; never the admin or staff previews."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class ArticlePreviewView(ArticleDetailView):
    """A draft as readers will see it, at a signed link that expires; 404 when tampered or old."""

    def get_queryset(self):
        # Any status: the signed token, not publication, is what lets staff see it.
        return Article.objects.for_detail()

    def get_object(self, queryset=None):
        from .preview import article_id_from_token

        article_id = article_id_from_token(self.kwargs["token"])
        if article_id is None:
            raise Http404("This preview link is invalid or has expired.")
        try:
            return self.get_queryset().get(pk=article_id)
        except Article.DoesNotExist as exc:
            raise Http404("No such article.") from exc

    def get(self, request, *args, **kwargs):
        # No old-slug redirect here: a preview link names its article itself.
        self.object = self.get_object()
        response = self.render_to_response(self.get_context_data(object=self.object))
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(noindex=True, is_preview=True, **kwargs)
