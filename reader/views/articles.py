"""The article page and its staff preview."""

import contextlib
import re

from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    QueryDict,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from articles.blocks import registry
from articles.episodes import spoiler_episodes
from articles.models import Article, SlugRedirect
from articles.preview import article_id_from_token
from core.countries import country_phrase
from core.http import absolute_url
from core.pagecache import seconds_until_next, seconds_until_tomorrow
from discussion import http, selectors
from discussion.forms import STARS, CommentForm
from productions.models import Availability, Episode
from productions.where import country_order, country_rank, for_country

from ..cache import CachedPageMixin, RenditionMixin, is_personal
from ..country import country_for
from ..disclosure import article_disclosure
from ..rankings import ranked_list
from ..reviews import review_jsonld, review_page_keys
from ..share import SHARE_NETWORKS, share_address, share_links
from ..structured_data import article_page_jsonld
from ..watching import watch_forms
from .pages import StandingPageView

#: At most this many offers under the headline ("Streaming on Netflix since …").
WATCH_NOW_LIMIT = 6
#: A line break and the indentation after it: the browser shows it as one space anyway.
_INDENT = re.compile(rb"\n\s+")


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


def read_watch_now(article, now, country=""):
    """Where the productions this explainer covers can be watched at `now` in `country`
    (the same records and rule, `AvailabilityQuerySet.current`, as the production page:
    that country's offers, then worldwide ones), the seconds until that changes by itself
    (an offer shown ends, one starts before midnight, or midnight), and whether another
    country would see other offers."""
    midnight = seconds_until_tomorrow()
    production_ids = [production.pk for production in article.productions.all()]
    if not production_ids:
        return [], midnight, False
    # Offers starting later today come in the same query: their moment ends this copy.
    offers = list(
        Availability.objects.shown_today(now=now)
        .filter(production_id__in=production_ids)
        .select_related("production")
        .alias(rank=country_order(country))
        .order_by("rank", "production__title", "platform", "country")[: 2 * WATCH_NOW_LIMIT]
    )
    by_country = len(offers) == 2 * WATCH_NOW_LIMIT or any(o.country for o in offers)
    current = [offer for offer in offers if offer.starts_at <= now]
    watch_now = for_country(current, country)[:WATCH_NOW_LIMIT]
    watch_now.sort(key=lambda o: (o.production.title, country_rank(o, country), o.platform))
    moments = [offer.starts_at for offer in offers] + [offer.ends_at for offer in watch_now]
    return watch_now, seconds_until_next(moments, now=now, longest=midnight), by_country


def collapse_indentation(response):
    """The page without the templates' indentation, the same to a reader (left alone when
    the page has preformatted text, whose spaces do show)."""
    if b"<pre" not in response.content:
        response.content = _INDENT.sub(b"\n", response.content)
    return response


#: The query parameters that choose which comments the discussion shows.
DISCUSSION_PARAMETERS = ("sort", "page", "block", "reply_to")


def article_discussion(request, article, *, personal):
    """Rating, sort, one page of threads and the forms: the same for every reader but one
    who has just posted without JavaScript (`personal`), who gets their own part rendered in."""
    # Only what chooses the comments shown: a campaign's utm_* changes nothing in it.
    query = QueryDict(mutable=True)
    for name in DISCUSSION_PARAMETERS:
        if request.GET.get(name):
            query[name] = request.GET[name]
    discussion = selectors.article_discussion(
        article=article,
        sort=query.get("sort"),
        page=query.get("page", 1),
        block_uid=selectors.parse_uid(query.get("block")),
        reply_to_id=selectors.parse_id(query.get("reply_to")),
    )
    state = None
    if personal:
        state = selectors.reader_state(article=article, **http.reader_identity(request))
    reply_to = discussion["reply_to"]
    # Always the guest's form: who is signed in is applied by discussion.js.
    initial = {"parent": reply_to.pk if reply_to else None, "stamp": ""}
    form = CommentForm(article=article, initial=initial)
    return {**discussion, "query": query, "state": state, "stars": STARS, "form": form}


class ArticleDetailView(RenditionMixin, CachedPageMixin, DetailView):
    """An explainer as readers see it, with its discussion; unpublished ones are 404 for everyone.

    Read top to bottom: `get` answers the short links and old slugs, `get_queryset` loads the
    article with everything its page shows (a fixed number of queries), `get_context_data`
    assembles the page, the template renders it. Subclasses (the staff preview) override
    `get_queryset()` / `get_object()` and everything else follows.
    """

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    related_limit = 4
    rendition_parameters = DISCUSSION_PARAMETERS

    def get_queryset(self):
        return Article.objects.published().for_detail()

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
            # Asked only when no live article has the slug: a published standing page
            # (/about/), whose slug no article may take, and the other way round.
            with contextlib.suppress(Http404):
                return StandingPageView.as_view()(request, *args, **kwargs)
            # The published article that used to live at this slug, if any.
            moved = SlugRedirect.objects.filter(
                old_slug=self.kwargs.get(self.slug_url_kwarg, ""),
                article__in=Article.objects.published(),
            ).select_related("article")
            if not moved:
                raise
            return HttpResponsePermanentRedirect(moved[0].article.get_absolute_url())

    def get_context_data(self, **kwargs):
        article, request = self.object, self.request
        self.personal = is_personal(request)
        forms, watched = watch_forms(request, read_spoiler_episodes(article))
        if "discussion" not in kwargs:
            public = article.is_public
            kwargs["discussion"] = (
                article_discussion(request, article, personal=self.personal) if public else None
            )
        now, country = timezone.now(), country_for(request)
        watch_now, watch_changes, self.watch_by_country = read_watch_now(article, now, country)
        ranking = ranked_list(article, now, country)
        self.watch_by_country = self.watch_by_country or ranking.by_country
        # A ranked entry shows where to watch it beside it: the header lists the others.
        ranked = {block.production_id for block in ranking.entries}
        watch_now = [offer for offer in watch_now if offer.production_id not in ranked]
        self.watch_changes = min(filter(None, (watch_changes, ranking.changes)))
        disclosure = article_disclosure([*watch_now, *ranking.offers], article.blocks.all())
        og_image = article.hero_image.share_url() if article.hero_image else ""
        related = Article.objects.published().select_related("hero_image").with_bylines()
        return super().get_context_data(
            absolute_url=absolute_url(article.get_absolute_url()),
            og_image_url=absolute_url(og_image) if og_image else "",
            share_links=share_links(article),
            covered_episodes=article.covered_episode_ranges(),
            toc=article.table_of_contents(),
            ranking=ranking,
            watch_now=watch_now,
            # Offers held in one country are the reader's: the heading says which, once.
            watch_in=country_phrase(country) if any(o.country for o in watch_now) else "",
            affiliate_notice=disclosure.offers_notice,
            disclosure=disclosure,
            groups=article.body_groups(),
            watch_forms=forms,
            watched=watched,
            personal=self.personal,
            related_articles=related.related_to(article, self.related_limit),
            structured_data=[
                data for data in (*article_page_jsonld(article), review_jsonld(article)) if data
            ],
            **kwargs,
        )

    # What the page cache keeps: the keys of what it shows, its date, its spoiler variants.
    def get_page_keys(self, context):
        return [
            *self.object.page_keys(),
            *context["disclosure"].page_keys(),
            *review_page_keys(self.object),
            *context["ranking"].page_keys(),
        ]

    def get_last_modified(self, context):
        return self.object.last_modified

    def get_watched_series(self, context):
        return [form.series.pk for form in context["watch_forms"]]

    def get_by_country(self, context):
        return self.watch_by_country

    def get_page_cache_timeout(self, context):
        # Where to watch changes with the clock, with no edit to say so: no copy outlives
        # the next offer's start or end, or local midnight, so an ended offer is never served.
        return self.watch_changes

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.add_post_render_callback(collapse_indentation)
        # Embeds' players and scripts, loaded after a reader's click: only on pages that have them.
        policy = registry.csp_sources(self.object.blocks.all())
        if policy:
            response._csp_update = policy
        if self.personal:
            add_never_cache_headers(response)
        return response


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
