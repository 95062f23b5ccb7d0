"""The home page, tag pages, the article page and its staff preview."""

import hashlib
import re
from urllib.parse import quote as urlquote

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import get_template, render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, ListView

from taggit.models import Tag

from articles.blocks import registry as block_registry
from articles.models import Article, SlugRedirect
from articles.preview import article_id_from_token
from core.pagecache import LISTING, tag
from discussion import http, selectors
from discussion.forms import STARS, CommentForm, SubscribeForm

from .. import page_tags
from ..cache import CachedPageMixin
from ..structured_data import article_page_jsonld

#: How long a rendered article body stays cached; a new version gets a new key at once.
BODY_CACHE_SECONDS = 24 * 60 * 60
#: Where a passage's feedback control goes in the cached body (filled in on every request).
_FEEDBACK_SLOT = re.compile(r"<!--feedback ([0-9a-f-]{36})-->")
#: A line break and the indentation after it: the browser shows it as one space anyway.
_INDENT = re.compile(rb"\n\s+")


def collapse_indentation(response):
    """The page without the templates' indentation and blank lines, the same to a reader.

    Left alone when the page has preformatted text, whose spaces do show.
    """
    if b"<pre" not in response.content:
        response.content = _INDENT.sub(b"\n", response.content)
    return response


def _row(instance, skip=()):
    """Every stored value of one row, and whether readers see it now (scheduled articles)."""
    if instance is None:
        return None
    fields = instance._meta.concrete_fields
    values = tuple(getattr(instance, f.attname) for f in fields if f.attname not in skip)
    return (values, getattr(instance, "is_public", None))


def body_version(blocks):
    """A stamp that changes whenever anything the block loop shows changes: every stored
    field of each block, in order (but its feedback count, filled in per request), and of
    the quotes, speakers, sources and linked articles it shows, with their visibility."""
    paths = [path.split("__") for path in block_registry.select_related()]
    parts = []
    for block in blocks:
        parts.append(_row(block, skip={"feedback_count"}))
        for path in paths:
            instance = block
            for name in path:
                instance = getattr(instance, name, None) if instance is not None else None
                parts.append(_row(instance))
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


def article_body(article, groups):
    """The article's blocks as HTML, rendered once per version of what they show and then
    served from the cache; only the passages' feedback controls (comment counts, whether
    comments are open) are rendered per request."""
    blocks = list(article.blocks.all())
    key = f"reader:article-body:{article.pk}:{body_version(blocks)}"
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "articles/article_body.html", {"groups": groups, "feedback_slots": True}
        )
        cache.set(key, body, BODY_CACHE_SECONDS)
    if not _FEEDBACK_SLOT.search(body):
        return mark_safe(body)
    template = get_template("discussion/block_feedback.html")
    by_uid = {str(block.uid): block for block in blocks}
    # Our own templates rendered it all, escaping what editors and readers wrote.
    return mark_safe(
        _FEEDBACK_SLOT.sub(
            lambda match: template.render({"block": by_uid[match[1]], "article": article}),
            body,
        )
    )


class LazyBody:
    """The article body, rendered where the page template shows it: the page's own template
    renders first, as for any page, and a template that never shows the body costs nothing."""

    def __init__(self, article, groups):
        self.article, self.groups, self.html = article, groups, None

    def __html__(self):
        if self.html is None:
            self.html = article_body(self.article, self.groups)
        return self.html

    __str__ = __html__


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
        related = Article.objects.published().select_related("hero_image")
        return list(related.related_to(self.object, self.related_limit))

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

    def is_personal(self):
        """Whether this visit lands right after the reader's own post without JavaScript.

        Such a visit carries a message ("your comment is awaiting moderation"), and gets the
        reader's own part rendered in (their pending comments, their rating) and is never
        cached. Every other visit gets the page every reader gets: it reads no session and
        no CSRF token, so it sets no cookie; `discussion.js` adds what is personal.
        """
        storage = getattr(self.request, "_messages", None)
        return storage is not None and len(storage) > 0

    def get_discussion(self):
        """Rating, sort, one page of threads and the forms, the same for every reader; or None.

        None for an article readers cannot see yet: nobody can take part, so nothing is fetched.
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
        state = None
        if self.personal:
            state = selectors.reader_state(article=article, **http.reader_identity(request))
        reply_to = discussion["reply_to"]
        return {
            **discussion,
            "state": state,
            "stars": STARS,
            # Always the guest's form: who is signed in is applied by discussion.js.
            "form": CommentForm(
                article=article,
                initial={"parent": reply_to.pk if reply_to else None, "stamp": ""},
            ),
            "subscribe_form": SubscribeForm(),
        }

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(collapse_indentation)
        if self.personal:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        article = self.object
        self.personal = self.is_personal()
        if "discussion" not in kwargs:
            kwargs["discussion"] = self.get_discussion()
        og_image = article.hero_image.share_url() if article.hero_image else ""
        return super().get_context_data(
            body=LazyBody(article, article.body_groups()),
            personal=self.personal,
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
