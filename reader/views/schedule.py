"""The release calendar's pages: `/schedule/`, `/schedule.ics` and each production's
`schedule.ics` (reader/schedule.py says what is on them)."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from articles.visibility import public_productions
from core.http import absolute_url
from core.pagecache import mark_cacheable
from productions.models import Episode

from .. import schedule
from ..cache import CachedPageMixin
from ..ical import calendar_response


def webcal(path):
    """The `webcal://` address of a calendar, which calendar apps open as a subscription."""
    address = absolute_url(path)
    return "webcal://" + address.split("://", 1)[1]


class ScheduleView(CachedPageMixin, TemplateView):
    """/schedule/: premieres, episodes, arrivals and departures of the next six weeks, by day."""

    template_name = "productions/schedule.html"

    def get_context_data(self, **kwargs):
        window = schedule.Window.at()
        items = schedule.upcoming(window)
        return super().get_context_data(
            window=window,
            items=items,
            days=schedule.by_day(items, window.today),
            weeks=schedule.WINDOW.days // 7,
            calendar_url=reverse("schedule_ics"),
            webcal_url=webcal(reverse("schedule_ics")),
            site_zone=settings.TIME_ZONE,
            **kwargs,
        )

    def get_page_keys(self, context):
        return schedule.page_keys(context["items"])

    def get_page_cache_timeout(self, context):
        return schedule.changes_at(context["window"], context["items"])


@require_GET
def schedule_ics(request):
    """/schedule.ics: the site-wide calendar, for calendar apps."""
    window = schedule.Window.at()
    items = schedule.upcoming(window)
    response = calendar_response(
        items, name=f"{settings.SITE_NAME}: release calendar", now=window.now
    )
    return mark_cacheable(
        response,
        keys=schedule.page_keys(items),
        timeout=schedule.changes_at(window, items),
    )


def seasons_with_episodes(production):
    """A production's seasons in order, each with its episodes, in two queries; an episode's
    URL and label read its season and series without another."""
    seasons = list(
        production.seasons.order_by("number").prefetch_related(
            Prefetch("episodes", queryset=Episode.objects.order_by("number", "id"))
        )
    )
    for season in seasons:
        season.production = production
        for episode in season.episodes.all():
            episode.season = season
    return seasons


def offers_not_over(production, now):
    """Where `production` is or will be available (not ended at `now`), current first."""
    return list(
        production.availabilities.not_over(now=now)
        .select_related("season")
        .order_by("season__number", "platform", "country", "starts_at")[:100]
    )


def production_calendar(production, seasons, offers, window):
    """A production's items, and when its page (where to watch included) changes by itself."""
    for offer in offers:
        offer.production = production
    items = schedule.upcoming_for(window, seasons, offers)
    moments = [o.starts_at for o in offers] + [o.ends_at for o in offers]
    return items, schedule.changes_at(window, items, *moments)


@require_GET
def production_schedule_ics(request, slug):
    """/productions/<slug>/schedule.ics: one production's calendar."""
    production = get_object_or_404(public_productions(), slug=slug)
    window = schedule.Window.at(timezone.now())
    seasons = seasons_with_episodes(production)
    offers = offers_not_over(production, window.now)
    items, timeout = production_calendar(production, seasons, offers, window)
    name = f"{production.title} · {settings.SITE_NAME}"
    response = calendar_response(items, name=name, now=window.now)
    keys = [*schedule.page_keys(items), *production.cache_keys()]
    return mark_cacheable(response, keys=keys, timeout=timeout)
