"""A production's page: what it is, where to watch it, who made it, what was said about it."""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.views.generic import DetailView

from articles.models import Article
from articles.visibility import public_productions, public_quotes
from core.pagecache import key
from discussion.forms import STARS
from discussion.models import ProductionRating
from people.models import Credit, Quote
from productions.models import Production
from productions.where import where_to_watch

from .. import page_tags, schedule
from ..cache import CachedPageMixin
from ..country import country_choices, country_for
from ..disclosure import affiliate_notice, notice_keys
from ..rankings import featured_in
from ..reviews import critic_reviews, with_audience_rating
from ..structured_data import production_jsonld
from ..watching import watch_forms
from .lists import ListingPaginator
from .schedule import offers_not_over, production_calendar, seasons_with_episodes, webcal


def shown_offers(offers, window):
    """Offers as a page lists them: current ones first ("Leaving Netflix on …" once the end
    is within the calendar's six weeks), then those to come ("Coming to … on …")."""
    for offer in offers:
        offer.coming = offer.starts_at > window.now
        offer.leaving = not offer.coming and offer.ends_at is not None
        offer.leaving = offer.leaving and offer.ends_at <= window.end
    return sorted(
        offers,
        key=lambda o: (o.coming, o.starts_at if o.coming else window.now, o.platform),
    )


def with_source_visibility(queryset, field="based_on"):
    """Productions (or episodes) told whether readers may see what each adapts named
    (`<field>_is_public`), in the query that loads them."""
    return queryset.annotate(
        **{f"{field}_is_public": Exists(public_productions().filter(pk=OuterRef(f"{field}_id")))}
    )


def hide_unpublished_source(obj, field="based_on"):
    """Forget (on this loaded copy only) what `obj` adapts if only unpublished explainers
    name it, so neither the page nor its JSON-LD names it."""
    if getattr(obj, f"{field}_id") and not getattr(obj, f"{field}_is_public"):
        setattr(obj, field, None)
    return obj


class ProductionDetailView(CachedPageMixin, DetailView):
    """A production's page: what it is, where to watch it now, who made it, what was said.
    A production only unpublished explainers name has none (404), and what they alone name
    (its source, an adaptation, a quote) is left out of the others."""

    articles_per_page = 10
    quotes_per_page = 10

    def get_queryset(self):
        productions = Production.objects.select_related("based_on", "poster").prefetch_related(
            Prefetch("adaptations", queryset=public_productions())
        )
        return with_source_visibility(public_productions(productions))

    def get_object(self, queryset=None):
        return hide_unpublished_source(super().get_object(queryset))

    def get_context_data(self, **kwargs):
        production = self.object
        credits = list(
            Credit.objects.filter(production=production)
            .select_related("person")
            .order_by("billing_order", "id")
        )
        articles_page = ListingPaginator(
            Article.objects.published().filter(productions=production).for_listing(),
            self.articles_per_page,
            count_key=f"production:{production.pk}",
        ).get_page(self.request.GET.get("page"))
        quotes_page = Paginator(
            public_quotes(Quote.objects.filter(productions=production))
            .select_related("speaker", "source")
            .order_by("-created_at", "-id"),
            self.quotes_per_page,
        ).get_page(self.request.GET.get("quotes"))
        seasons = seasons_with_episodes(production)
        episodes = [episode for season in seasons for episode in season.episodes.all()]
        forms, positions = watch_forms(self.request, episodes)
        window = schedule.Window.at()
        offers = offers_not_over(production, window.now)
        coming_up, changes = production_calendar(production, seasons, offers, window)
        where = where_to_watch(shown_offers(offers, window), country_for(self.request))
        score = ProductionRating.objects.score_of(production)
        calendar = reverse("production_schedule_ics", kwargs={"slug": production.slug})
        return super().get_context_data(
            seasons=seasons,
            watch_forms=forms,
            watched=positions,
            cast=[credit for credit in credits if credit.role == "actor"],
            crew=[credit for credit in credits if credit.role != "actor"],
            where_to_watch=where,
            country_choices=country_choices(where),
            affiliate_notice=affiliate_notice(where.offers),
            coming_up=coming_up,
            coming_up_days=schedule.by_day(coming_up, window.today),
            page_changes=changes,
            calendar_url=calendar,
            webcal_url=webcal(calendar),
            adaptations=list(production.adaptations.all()),
            featured_in=featured_in(production),
            articles_page=articles_page,
            quotes_page=quotes_page,
            critic_reviews=critic_reviews(production),
            audience_score=score,
            stars=STARS,
            structured_data=with_audience_rating(
                production_jsonld(production, credits, seasons), score
            ),
            **kwargs,
        )

    def get_page_keys(self, context):
        return [
            *page_tags.production_page(self.object, context),
            *notice_keys(context["affiliate_notice"]),
            *(key(entry.article) for entry in context["featured_in"]),
        ]

    def get_watched_series(self, context):
        return [form.series.pk for form in context["watch_forms"]]

    def get_page_cache_timeout(self, context):
        # Where to watch it and what is coming up change with the clock, with no edit to say
        # so: kept until the next offer starts or ends, the next release, or midnight.
        return context["page_changes"]
