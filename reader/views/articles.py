"""The article page and its staff preview."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.views.generic import DetailView

from articles.episodes import spoiler_episodes
from articles.models import Article, SlugRedirect
from articles.preview import article_id_from_token
from core.pagecache import LISTING, remember, tag
from discussion import http, selectors
from discussion.forms import STARS, CommentForm
from productions.models import Availability, Episode
from productions.positions import NO_POSITIONS

from .. import page_tags
from ..cache import CachedPageMixin, remember_listing, seconds_until_tomorrow
from ..share import SHARE_NETWORKS, share_address, share_links
from ..structured_data import article_page_jsonld
from ..watching import watch_forms
from .article_body import LazyBody, body_version, collapse_indentation

#: At most this many offers under the headline ("Streaming on Netflix since …").
WATCH_NOW_LIMIT = 6


def read_spoiler_episodes(article):
    """The episodes of every series the article's spoilers may fold by, in order."""
    episodes = list(spoiler_episodes(article))
    known = {episode.pk for episode in episodes}
    gated = [block.spoils_up_to for block in article.blocks.all() if block.is_gated]
    # A block may name an episode of a series the article no longer covers.
    missing = {episode.season.production_id for episode in gated if episode.pk not in known}
    if missing:
        episodes += list(Episode.objects.of_series(missing).in_order())
    return episodes


def read_watch_now(article):
    """Where the productions this explainer covers can be watched today: the same records
    and the same rule (`AvailabilityQuerySet.current`) as the production page."""
    production_ids = [production.pk for production in article.productions.all()]
    if not production_ids:
        return []
    return list(
        Availability.objects.filter(production_id__in=production_ids)
        .current()
        .select_related("production")
        .order_by("production__title", "platform", "region")[:WATCH_NOW_LIMIT]
    )


def article_parts(view):
    """The parts of the page that show the article alone (head tags, header, footer), as HTML:
    rendered once with it and kept with it (`DERIVED`), not on every request."""
    article = view.object
    og_image = article.hero_image.share_url() if article.hero_image else ""
    context = {
        "article": article,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "absolute_url": http.absolute_url(article.get_absolute_url()),
        "og_image_url": http.absolute_url(og_image) if og_image else "",
        "share_links": share_links(article),
        "covered_episodes": article.covered_episode_ranges(),
        "toc": article.table_of_contents(),
        "watch_now": view.derive("watch_now"),
    }
    names = {"meta": "article_meta", "header": "article_header", "footer": "article_footer"}
    return {
        part: mark_safe(render_to_string(f"articles/{name}.html", context))
        for part, name in names.items()
    }


#: What the article page derives from the loaded article alone, each read with the view
#: (`ArticleDetailView.derive`): kept with the article in the cache (`get_object`), read
#: anew where nothing is cached (a staff preview).
DERIVED = {
    "structured_data": lambda view: article_page_jsonld(view.object),
    "body_version": lambda view: body_version(view.object.blocks.all()),
    "spoiler_episodes": lambda view: read_spoiler_episodes(view.object),
    "watch_now": lambda view: read_watch_now(view.object),
    "parts": article_parts,
}


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

    def get_object(self, queryset=None):
        """The article with everything its page shows, read once per version of it.

        The loaded article (blocks, people, productions, tags, sources, corrections) is kept
        under the page's own tags (core.pagecache.remember): any change a service or an
        admin save invalidates is read anew on the next request, and counts no tag covers
        (ratings) are at most PAGE_CACHE_COUNTS_TIMEOUT seconds old, as on cached pages.
        """
        if queryset is not None or settings.PAGE_CACHE_TIMEOUT <= 0:
            return super().get_object(queryset)
        slug = self.kwargs[self.slug_url_kwarg]

        def load():
            self.object = self.get_queryset().filter(slug=slug).first()
            if self.object is None:
                return None, None
            for name in DERIVED:
                self.derive(name)
            return (self.object, self.derived), page_tags.article_page(self.object)

        # Today's date is in the key: where to watch turns over at midnight with no edit.
        digest = hashlib.blake2b(slug.encode(), digest_size=16).hexdigest()
        key = f"reader:article:{digest}:{timezone.localdate().isoformat()}"
        # Shared by this process's requests, which only read it (no copy unpickled for each).
        timeout = settings.PAGE_CACHE_COUNTS_TIMEOUT
        article, derived = remember(key, load, timeout=timeout, shared=True) or (None, {})
        self.derived = dict(derived)
        # A copy read before a scheduled time passed, or just before it was taken down.
        if article is None or not article.is_public:
            raise Http404("No such article.")
        return article

    def get(self, request, *args, **kwargs):
        network = request.GET.get("share")
        if network in SHARE_NETWORKS:
            return HttpResponseRedirect(share_address(self.get_object(), network))
        vote = request.GET.get("vote", "")
        if vote.isascii() and vote.isdigit():
            # A comment's no-JavaScript vote link, short in the page: its vote page.
            return HttpResponseRedirect(reverse("discussion:vote", args=[int(vote)]))
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

    def get_watched_series(self, context):
        return [form.series.pk for form in context["watch_forms"]]

    def get_watch_forms(self):
        """The "how far have you watched?" forms for the series this article's spoilers (its
        blocks' and its comments') may fold by, and the reader's positions in them alone."""
        return watch_forms(self.request, self.derive("spoiler_episodes"))

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.derived = {}

    def derive(self, name):
        """One of `DERIVED`: kept with the cached article, else read now (a staff preview)."""
        if name not in self.derived:
            self.derived[name] = DERIVED[name](self)
        return self.derived[name]

    def get_page_cache_timeout(self, context):
        # Vote and rating counts refresh no cached copy: it is simply re-rendered this often.
        # Where to watch changes with the date, with no edit to say so: as the production
        # page does, no copy outlives local midnight, so an ended offer is never served.
        return min(settings.PAGE_CACHE_COUNTS_TIMEOUT, seconds_until_tomorrow())

    def get_related(self):
        """ "You may also like", as HTML: ranked and rendered once until an explainer is
        published, changed or taken down (`listing`)."""
        article = self.object

        def rank():
            related = Article.objects.published().select_related("hero_image")
            related = list(related.related_to(article, self.related_limit))
            html = render_to_string("articles/related.html", {"related_articles": related})
            return mark_safe(html), [LISTING, tag("article", article.pk)]

        return remember_listing(f"reader:related:{article.pk}", rank, shared=True)

    def get_structured_data(self):
        return self.derive("structured_data")

    def is_personal(self):
        """Whether this visit lands right after the reader's own post without JavaScript.

        Such a visit carries a message ("your comment is awaiting moderation"), and gets the
        reader's own part rendered in (their pending comments, their rating) and is never
        cached. Every other visit gets the page every reader gets: it reads no session and
        no CSRF token, so it sets no cookie; `discussion.js` adds what is personal.
        """
        storage = getattr(self.request, "_messages", None)
        return storage is not None and len(storage) > 0

    #: The query parameters that choose which comments the discussion shows.
    discussion_parameters = ("sort", "page", "block", "reply_to")

    def get_discussion(self, watched=NO_POSITIONS):
        """Rating, sort, one page of threads and the forms, the same for every reader; or None.

        None for an article readers cannot see yet: nobody can take part, so nothing is fetched.
        The shared discussion is rendered once per version of the thread and kept under the
        article's tag (every comment a reader sees changes it); vote and rating counts in it
        are at most PAGE_CACHE_COUNTS_TIMEOUT seconds old, as on cached pages. A reader's own
        visit after posting without JavaScript gets theirs rendered for them.
        """
        article, request = self.object, self.request
        if not article.is_public:
            return None
        # Only what chooses the comments shown: other parameters (a campaign's utm_*, say)
        # change nothing in it, and its sort and page links do not carry them on.
        query = QueryDict(mutable=True)
        for name in self.discussion_parameters:
            if request.GET.get(name):
                query[name] = request.GET[name]
        if self.personal or settings.PAGE_CACHE_TIMEOUT <= 0:
            return self.discussion_context(query)

        def render():
            context = {"article": article, "watched": watched}
            context["discussion"] = self.discussion_context(query)
            html = render_to_string("discussion/article_discussion.html", context)
            return mark_safe(html), [tag("article", article.pk)]

        # Comments that spoil fold by the reader's watched-up-to positions: one copy each.
        variant = f"{query.urlencode()}|{watched.key()}"
        variant = hashlib.blake2b(variant.encode(), digest_size=12).hexdigest()
        key = f"reader:discussion:{article.pk}:{variant}"
        html = remember(key, render, timeout=settings.PAGE_CACHE_COUNTS_TIMEOUT, shared=True)
        return {"html": html}

    def discussion_context(self, query):
        """What discussion/discussion.html shows for `query` (sort, page, passage, reply)."""
        article, request = self.object, self.request
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
            "query": query,
            "state": state,
            "stars": STARS,
            # Always the guest's form: who is signed in is applied by discussion.js.
            "form": CommentForm(
                article=article,
                initial={"parent": reply_to.pk if reply_to else None, "stamp": ""},
            ),
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
        forms, watched = self.get_watch_forms()
        if "discussion" not in kwargs:
            kwargs["discussion"] = self.get_discussion(watched)
        return super().get_context_data(
            body=LazyBody(article, article.body_groups(), self.derive("body_version"), watched),
            parts=self.derive("parts"),
            watch_forms=forms,
            watched=watched,
            personal=self.personal,
            related=self.get_related(),
            structured_data=self.get_structured_data(),
            absolute_url=http.absolute_url(article.get_absolute_url()),
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
