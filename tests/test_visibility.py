"""The rules of `articles.visibility`: what readers may see named, read the way
`Article.objects.published()` reads "published", for every way an explainer names something."""

import datetime
import itertools

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

import pytest

from articles.models import Article
from articles.visibility import public_people, public_productions, public_quotes, public_tags
from people.models import Credit
from productions.models import Production
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CreditFactory,
    EpisodeFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
WHEN = {"never": None, "past": NOW - datetime.timedelta(hours=1)}
WHEN["future"] = NOW + datetime.timedelta(hours=1)


def shown(queryset, obj):
    return queryset.filter(pk=obj.pk).exists()


#: Every status at every time, but a live explainer without a publish time (a constraint).
STATES = [
    (status, when)
    for status, when in itertools.product(Article.Status.values, WHEN)
    if status not in Article.LIVE_STATUSES or WHEN[when] is not None
]


@pytest.mark.parametrize(("status", "when"), STATES)
def test_what_an_explainer_names_is_public_exactly_when_the_explainer_is(status, when):
    article = ArticleFactory(status=status, publish_at=WHEN[when])
    production, person = ProductionFactory(), PersonFactory()
    quote = QuoteFactory(speaker=PersonFactory())
    article.tags.add("Only here")
    article.productions.add(production)
    article.people.add(person)
    QuoteBlockFactory(article=article, quote=quote)
    published = Article.objects.published().filter(pk=article.pk).exists()

    assert shown(public_tags(), article.tags.get()) == published
    assert shown(public_productions(), production) == published
    assert shown(public_people(), person) == published
    assert shown(public_quotes(), quote) == published
    assert shown(public_people(), quote.speaker) == published


def test_what_no_explainer_names_is_public_but_an_unused_tag_is_not():
    production, person, quote = ProductionFactory(), PersonFactory(), QuoteFactory()
    ArticleFactory(published=True).tags.add("Used")
    ArticleFactory().tags.add("Drafted")

    assert shown(public_productions(), production)
    assert shown(public_people(), person)
    assert shown(public_quotes(), quote)
    assert [tag.name for tag in public_tags()] == ["Used"]


def test_one_published_explainer_is_enough_whatever_the_drafts_say():
    production = ProductionFactory()
    for article in (ArticleFactory(), ArticleFactory(scheduled=True)):
        article.productions.add(production)
    assert not shown(public_productions(), production)

    ArticleFactory(published=True).productions.add(production)

    assert shown(public_productions(), production)


def test_a_series_is_named_by_an_episode_an_explainer_covers_or_a_block_spoils():
    covered, spoiled = EpisodeFactory(), EpisodeFactory()
    ArticleFactory().episodes.add(covered)
    BlockFactory(article=ArticleFactory(), spoils_up_to=spoiled)

    for episode in (covered, spoiled):
        assert not shown(public_productions(), episode.season.production)


def test_a_person_credited_on_a_public_production_or_with_a_public_quote_stays_public():
    drafted = ArticleFactory()
    credited, quoted, hidden = PersonFactory(), PersonFactory(), PersonFactory()
    drafted.people.add(credited, quoted, hidden)
    CreditFactory(person=credited, production=ProductionFactory())
    QuoteFactory(speaker=quoted)
    embargoed_show = ProductionFactory()
    drafted.productions.add(embargoed_show)
    CreditFactory(person=hidden, production=embargoed_show)

    assert shown(public_people(), credited)
    assert shown(public_people(), quoted)
    assert not shown(public_people(), hidden)


def test_the_rules_hold_inside_subqueries_prefetches_and_counts():
    public, embargoed = ProductionFactory(title="Public"), ProductionFactory(title="Embargoed")
    ArticleFactory().productions.add(embargoed)
    person = PersonFactory()
    for production in (public, embargoed):
        CreditFactory(person=person, production=production)
    adaptation = ProductionFactory(based_on=embargoed)
    quote = QuoteFactory(speaker=person)
    quote.productions.add(public, embargoed)

    credits = Credit.objects.filter(production__in=public_productions().values("pk"))
    assert [credit.production for credit in credits] == [public]
    source = Exists(public_productions().filter(pk=OuterRef("based_on_id")))
    assert not Production.objects.annotate(shown=source).get(pk=adaptation.pk).shown
    loaded = public_quotes().prefetch_related(
        Prefetch("productions", queryset=public_productions())
    )
    assert list(loaded.get(pk=quote.pk).productions.all()) == [public]
    assert public_productions().count() == Production.objects.count() - 1
