"""An episode's page, and the endpoint that remembers how far a reader has watched a series."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from articles.models import Article
from articles.visibility import public_productions, public_quotes
from core.pagecache import seconds_until_next
from people.models import Credit, Quote
from productions.models import Availability, Episode
from productions.positions import SUMMARIES, WATCHED_COOKIE, WATCHED_MAX_AGE, Positions
from productions.where import where_to_watch

from .. import page_tags, schedule
from ..cache import CachedPageMixin
from ..country import country_choices, country_for
from ..disclosure import affiliate_notice, notice_keys
from ..structured_data import episode_jsonld
from .lists import ListingPaginator
from .productions import hide_unpublished_source, shown_offers, with_source_visibility


class EpisodeDetailView(CachedPageMixin, DetailView):
    """One episode: when it aired, who made it, the explainers about it and its quotes.
    An episode of a series only unpublished explainers name has none (404)."""

    template_name = "productions/episode_detail.html"
    context_object_name = "episode"
    articles_per_page = 10
    quotes_per_page = 10

    def get_object(self, queryset=None):
        episodes = Episode.objects.select_related("season__production", "adapts")
        episode = get_object_or_404(
            with_source_visibility(episodes, "adapts"),
            season__production__in=public_productions().values("pk"),
            season__production__slug=self.kwargs["slug"],
            season__number=self.kwargs["season"],
            number=self.kwargs["number"],
        )
        return hide_unpublished_source(episode, "adapts")

    def neighbours(self, episode):
        """The episodes before and after it in the series (across seasons), or None."""
        season, number = episode.position
        siblings = Episode.objects.filter(season__production_id=episode.season.production_id)
        siblings = siblings.select_related("season__production")
        earlier = Q(season__number__lt=season) | Q(season__number=season, number__lt=number)
        later = Q(season__number__gt=season) | Q(season__number=season, number__gt=number)
        previous = siblings.filter(earlier).order_by("-season__number", "-number").first()
        following = siblings.filter(later).order_by("season__number", "number").first()
        return previous, following

    def get_context_data(self, **kwargs):
        episode = self.object
        credits = list(
            Credit.objects.filter(episodes=episode)
            .select_related("person")
            .order_by("billing_order", "id")
        )
        articles_page = ListingPaginator(
            Article.objects.published().filter(episodes=episode).for_listing(),
            self.articles_per_page,
            count_key=f"episode:{episode.pk}",
        ).get_page(self.request.GET.get("page"))
        quotes_page = Paginator(
            public_quotes(Quote.objects.filter(episodes=episode))
            .for_listing()
            .order_by("-created_at", "-id"),
            self.quotes_per_page,
        ).get_page(self.request.GET.get("quotes"))
        previous, following = self.neighbours(episode)
        window = schedule.Window.at()
        offers = season_offers(episode.season, window.now)
        where = where_to_watch(shown_offers(offers, window), country_for(self.request))
        moments = [o.starts_at for o in offers] + [o.ends_at for o in offers]
        return super().get_context_data(
            where_to_watch=where,
            country_choices=country_choices(where),
            affiliate_notice=affiliate_notice(where.offers),
            offers_change=seconds_until_next(moments, now=window.now),
            series=episode.season.production,
            credits=credits,
            articles_page=articles_page,
            quotes_page=quotes_page,
            previous_episode=previous,
            next_episode=following,
            structured_data=episode_jsonld(episode, credits),
            **kwargs,
        )

    def get_page_keys(self, context):
        return [
            *page_tags.episode_page(self.object, context),
            *notice_keys(context["affiliate_notice"]),
        ]

    def get_page_cache_timeout(self, context):
        # An offer starting or ending changes the page with no edit to say so.
        return context["offers_change"]


def season_offers(season, now):
    """Where an episode of `season` can be watched (not ended at `now`): offers for that
    season first, then the whole production's."""
    offers = (
        Availability.objects.filter(production_id=season.production_id)
        .filter(Q(season__isnull=True) | Q(season=season))
        .not_over(now=now)
        .select_related("season")
        .order_by(F("season_id").asc(nulls_last=True), "platform", "country", "starts_at")[:100]
    )
    found = list(offers)
    for offer in found:
        offer.production = season.production
    return found


@csrf_exempt
@require_POST
def watched_set(request, slug):
    """Remember "I've watched up to S1E4" for one series in a cookie, then go back (or answer
    JSON to static/js/spoilers.js, which unfolds the page in place). No CSRF token: the pages
    carrying the form are cached; a post from another site is refused by core/origin.py."""
    series = get_object_or_404(public_productions(), slug=slug)
    choice = request.POST.get("episode", "").strip()
    episode = None
    if choice:
        if not (choice.isascii() and choice.isdigit()):
            return _refused(request, series)
        episode = (
            Episode.objects.select_related("season")
            .filter(pk=int(choice), season__production=series)
            .first()
        )
        if episode is None:
            return _refused(request, series)
    positions = Positions.from_request(request).with_position(
        series.pk, episode.position if episode else None
    )
    if "application/json" in request.headers.get("accept", ""):
        response = JsonResponse(
            {
                "ok": True,
                "series": series.pk,
                "position": list(episode.position) if episode else None,
                "label": episode.reader_label if episode else "",
                "summaries": SUMMARIES,
            }
        )
    else:
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = series.get_absolute_url()
        response = redirect(target)
        response.status_code = 303
    if positions:
        response.set_cookie(
            WATCHED_COOKIE,
            positions.cookie_value(),
            max_age=WATCHED_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(WATCHED_COOKIE, samesite="Lax")
    return response


def _refused(request, series):
    message = f"Choose an episode of {series.title}."
    if "application/json" in request.headers.get("accept", ""):
        return JsonResponse({"ok": False, "error": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
