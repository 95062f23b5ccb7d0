"""Site-wide pages: search, robots.txt and ads.txt."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from articles.models import SiteDisclosure
from core.http import absolute_url

from ..cache import cached_page
from ..search import ARTICLE_CANDIDATES, MAX_QUERY_LENGTH, SEARCHES


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
                # Explainers are ranked among their newest matches only (reader.search).
                capped = key == "articles" and page.paginator.count >= ARTICLE_CANDIDATES
                sections.append(
                    {"key": key, "heading": heading, "page": page, "items": page, "capped": capped}
                )
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
    """Crawlers may read everything public; never the admin or staff previews. The sitemaps
    are named at `SITE_URL`'s host, whichever alias the crawler asked."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
        f"Sitemap: {absolute_url(reverse('news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
@cached_page(SiteDisclosure.page_key())
def ads_txt(request):
    """The sellers editors authorised in the admin, as ad systems read them (IAB ads.txt).

    A blank record is a 404, not an empty 200: the specification reads a 404 as "no
    declarations" and has deprecated the empty file (ads.txt 1.1, §3.1 and §3.2.1); a site
    that authorises no seller publishes the placeholder line instead.
    """
    text = SiteDisclosure.current().ads_txt.strip()
    if not text:
        raise Http404("No ads.txt")
    lines = [line.rstrip() for line in text.splitlines()]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
