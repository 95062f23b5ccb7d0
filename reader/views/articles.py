"""The home page, tag pages, the article page and its staff preview."""

from urllib.parse import quote as urlquote

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from taggit.models import Tag

from articles.models import Article, SlugRedirect
from articles.preview import article_id_from_token
from core.pagecache import LISTING, tag
from discussion import http, selectors
from discussion.forms import STARS, CommentForm, SubscribeForm
from images.fields import share_url

from .. import page_tags
from ..cache import CachedPageMixin
from ..structured_data import article_page_jsonld


class HomeView(CachedPageMixin, ListView):
    """The latest published explainers, featured first, a page at a time."""

    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return (
            Article.objects.published().for_listing().order_by("-is_featured", "-publish_at", "-id")
        )


class TagView(CachedPageMixin, ListView):
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

    def get_page_cache_tags(self, context):
        return [tag("tag", self.tag.pk), LISTING]


class ArticleDetailView(CachedPageMixin, DetailView):
    """An explainer as readers see it, with its discussion; unpublished ones are 404 for everyone.

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

    def get_page_cache_tags(self, context):
        return page_tags.article_page(self.object)

    def get_last_modified(self, context):
        return self.object.last_modified

    def get_page_cache_timeout(self, context):
        # Vote and rating counts refresh no cached copy: it is simply re-rendered this often.
        return settings.PAGE_CACHE_COUNTS_TIMEOUT

    def get_related_articles(self):
        return list(Article.objects.published().related_to(self.object, self.related_limit))

    def get_structured_data(self):
        return article_page_jsonld(self.object)

    def get_share_links(self):
        """Plain links to the usual networks: no third-party script ever loads."""
        url = urlquote(http.absolute_url(self.object.get_absolute_url()), safe="")
        title = urlquote(self.object.title, safe="")
        return [
            ("X", f"https://twitter.com/intent/tweet?url={url}&text={title}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
            ("WhatsApp", f"https://wa.me/?text={title}%20{url}"),
            ("Reddit", f"https://www.reddit.com/submit?url={url}&title={title}"),
            ("Email", f"mailto:?subject={title}&body={url}"),
        ]

    def get_discussion(self):
        """Rating, sort, one page of threads, the forms and this reader's own part, or None.

        None for an article readers cannot see yet: nobody can take part, so nothing is fetched.
        The reader's own state (votes, rating, pending comments) is rendered too, so the page
        works without JavaScript; `discussion.js` refreshes it from `discussion/<id>/me/` so a
        cached copy of the shared page would still show each reader their own.
        """
        article, request = self.object, self.request
        if not article.is_public:
            return None
        query = request.GET
        discussion = selectors.article_discussion(
            article=article,
            sort=query.get("sort"),
            page=query.get("page", 1),
            block_uid=selectors.parse_uid(query.get("block")),
            reply_to_id=selectors.parse_id(query.get("reply_to")),
        )
        state = selectors.reader_state(article=article, **http.reader_identity(request))
        selectors.apply_reader_state(discussion["nodes"], state)
        reply_to = discussion["reply_to"]
        return {
            **discussion,
            "state": state,
            "stars": STARS,
            "form": CommentForm(
                article=article,
                user=request.user,
                initial={"parent": reply_to.pk if reply_to else None},
            ),
            "subscribe_form": SubscribeForm(user=request.user),
        }

    def get_context_data(self, **kwargs):
        article = self.object
        if "discussion" not in kwargs:
            kwargs["discussion"] = self.get_discussion()
        og_image = share_url(article.hero_image)
        return super().get_context_data(
            groups=article.body_groups(),
            toc=article.table_of_contents(),
            related_articles=self.get_related_articles(),
            structured_data=self.get_structured_data(),
            share_links=self.get_share_links(),
            absolute_url=http.absolute_url(article.get_absolute_url()),
            og_image_url=http.absolute_url(og_image) if og_image else "",
            **kwargs,
        )


class ArticlePreviewView(ArticleDetailView):
    """A draft as readers will see it, at a signed link that expires; 404 when tampered or old."""

    page_cache_enabled = False

    def get_queryset(self):
        # Any status: the signed token, not publication, is what lets staff see it.
        return Article.objects.for_detail()

    def get_object(self, queryset=None):
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
        # The page leaves the discussion out: a preview is not where readers take part.
        return super().get_context_data(noindex=True, is_preview=True, discussion=None, **kwargs)
