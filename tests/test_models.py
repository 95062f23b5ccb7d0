"""The content model's rules, enforced by the database whatever path writes the row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

import pytest

from articles.models import Article, ArticleBlock, SlugRedirect
from people.models import Credit, Person, PersonLink, Quote, Source
from productions.models import Availability, Production
from tests.factories import (
    ArticleFactory,
    AvailabilityFactory,
    BlockFactory,
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    QuoteFactory,
    SourceFactory,
    library_image,
)

pytestmark = pytest.mark.django_db


def refused(create):
    """Assert the database refuses what `create` writes, leaving the transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


# --- Article blocks: each kind has its shape ---------------------------------


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def payload(article, tmp_path):
    """Field values by name, so a parametrised case can say "a quote block with text"."""
    quote = QuoteFactory()
    target = ArticleFactory(published=True)
    image = library_image("still.png")
    return {
        "text": {"text": "<p>Words on the page.</p>"},
        "heading": {"heading": "Where the idea came from"},
        "quote": {"quote": quote},
        "image": {"image": image, "image_alt": "A father in a park"},
        "alt_without_image": {"image_alt": "A father in a park"},
        "also_read": {"also_read": target},
        "fact": {"claim": "The cult is real.", "in_reality": "It is invented."},
        "claim_only": {"claim": "The cult is real."},
        "reality_only": {"in_reality": "It is invented."},
        "script_only_text": {"text": "<script>alert(1)</script>"},
    }


def block(article, kind, *parts, payload):
    fields = {}
    for part in parts:
        fields.update(payload[part])
    instance = ArticleBlock(article=article, kind=kind, **fields)
    instance.save()
    return instance


VALID_BLOCKS = [
    ("rich_text", ["text"]),
    ("heading", ["heading"]),
    ("quote", ["quote"]),
    ("image", ["image"]),
    ("also_read", ["also_read"]),
    ("fact_fiction", ["fact"]),
    ("spoiler", ["text"]),
    ("spoiler", ["text", "heading"]),
    ("ad_slot", []),
]


@pytest.mark.parametrize(("kind", "parts"), VALID_BLOCKS)
def test_each_block_kind_is_accepted_with_its_own_fields(article, payload, kind, parts):
    saved = block(article, kind, *parts, payload=payload)

    assert ArticleBlock.objects.get(pk=saved.pk).kind == kind


INVALID_BLOCKS = [
    ("rich_text", [], "a rich-text block without text"),
    ("rich_text", ["script_only_text"], "a rich-text block whose only text is a script"),
    ("rich_text", ["text", "quote"], "a rich-text block that also has a quote"),
    ("rich_text", ["text", "heading"], "a rich-text block that also has a heading"),
    ("heading", [], "a heading block without a heading"),
    ("heading", ["heading", "quote"], "a heading block with a quote"),
    ("heading", ["heading", "text"], "a heading block with body text"),
    ("quote", [], "a quote block without a quote"),
    ("quote", ["quote", "text"], "a quote block that also has text"),
    ("quote", ["quote", "heading"], "a quote block that also has a heading"),
    ("quote", ["quote", "also_read"], "a quote block that also links an article"),
    ("image", ["alt_without_image"], "an image block without an image"),
    ("image", ["image", "text"], "an image block with body text"),
    ("also_read", [], "an also-read block without an article"),
    ("also_read", ["also_read", "quote"], "an also-read block with a quote"),
    ("fact_fiction", ["claim_only"], "a fact-vs-fiction block without what really happened"),
    ("fact_fiction", ["reality_only"], "a fact-vs-fiction block without a claim"),
    ("fact_fiction", ["fact", "text"], "a fact-vs-fiction block with body text"),
    ("spoiler", ["heading"], "a spoiler with a label but nothing hidden"),
    ("spoiler", ["text", "quote"], "a spoiler with a quote"),
    ("ad_slot", ["text"], "an ad slot with text"),
    ("ad_slot", ["heading"], "an ad slot with a heading"),
]


@pytest.mark.parametrize(
    ("kind", "parts"),
    [case[:2] for case in INVALID_BLOCKS],
    ids=[case[2] for case in INVALID_BLOCKS],
)
def test_database_refuses_a_block_of_the_wrong_shape(article, payload, kind, parts):
    refused(lambda: block(article, kind, *parts, payload=payload))

    assert not ArticleBlock.objects.filter(article=article).exists()


def test_an_invalid_block_explains_itself_to_the_editor(article):
    quote_block = ArticleBlock(article=article, kind="quote", heading="Not here")

    with pytest.raises(ValidationError) as error:
        quote_block.full_clean()

    assert "A quote block needs a quote, and nothing else" in str(error.value)


def test_database_refuses_turning_a_text_block_into_a_quote_block_without_a_quote(article):
    saved = BlockFactory(article=article)

    refused(lambda: ArticleBlock.objects.filter(pk=saved.pk).update(kind="quote"))


def test_block_uid_stays_the_same_across_saves_and_edits(article):
    saved = BlockFactory(article=article, text="<p>First draft.</p>")
    uid = saved.uid

    saved.text = "<p>Second draft, rewritten.</p>"
    saved.position = 99
    saved.save()
    saved.refresh_from_db()

    assert saved.uid == uid
    assert saved.text == "<p>Second draft, rewritten.</p>"


def test_block_uids_are_unique(article):
    first = BlockFactory(article=article)

    refused(lambda: BlockFactory(article=article, uid=first.uid))


def test_heading_anchor_comes_from_the_heading_text(article):
    heading = BlockFactory(article=article, kind="heading", text="", heading="Why it feels real")

    assert heading.anchor == "why-it-feels-real"


def test_block_word_count_includes_the_quoted_words(article):
    quote = QuoteFactory(text="one two three four")
    block_ = BlockFactory(article=article, kind="quote", text="", quote=quote)

    assert block_.word_count == 4


# --- Articles ------------------------------------------------------------------


def test_article_slugs_are_unique():
    ArticleFactory(slug="is-run-away-a-true-story")

    refused(lambda: ArticleFactory(slug="is-run-away-a-true-story"))


@pytest.mark.parametrize("status", [Article.Status.PUBLISHED, Article.Status.SCHEDULED])
def test_a_public_article_needs_a_publish_time(status):
    refused(lambda: ArticleFactory(status=status, publish_at=None))


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_a_draft_needs_no_publish_time(status):
    assert ArticleFactory(status=status, publish_at=None).pk


@pytest.mark.parametrize(
    ("rating_count", "rating_sum"),
    [(1, 0), (1, 6), (2, 11), (0, 3)],
    ids=["below one star", "above five stars", "above five stars each", "stars without votes"],
)
def test_database_refuses_a_rating_sum_outside_one_to_five_stars(rating_count, rating_sum):
    article = ArticleFactory()

    refused(
        lambda: Article.objects.filter(pk=article.pk).update(
            rating_count=rating_count, rating_sum=rating_sum
        )
    )


def test_rating_average_is_rounded_and_absent_without_votes():
    article = ArticleFactory()
    assert article.rating_average is None

    Article.objects.filter(pk=article.pk).update(rating_count=3, rating_sum=13)
    article.refresh_from_db()

    assert article.rating_average == 4.3


def test_old_slugs_are_unique():
    article = ArticleFactory()
    SlugRedirect.objects.create(old_slug="run-away-true-story", article=article)

    refused(lambda: SlugRedirect.objects.create(old_slug="run-away-true-story", article=article))


# --- Productions and availability ----------------------------------------------


def test_production_slugs_are_unique():
    ProductionFactory(slug="run-away")

    refused(lambda: ProductionFactory(slug="run-away"))


def test_a_production_cannot_be_based_on_itself():
    production = ProductionFactory()

    refused(lambda: Production.objects.filter(pk=production.pk).update(based_on=production))


def test_a_series_can_be_based_on_a_novel():
    novel = ProductionFactory(kind=Production.Kind.NOVEL, year=2019)
    series = ProductionFactory(based_on=novel)

    assert list(novel.adaptations.all()) == [series]


@pytest.mark.parametrize("year", [1066, 3000])
def test_a_production_year_must_be_plausible(year):
    refused(lambda: ProductionFactory(year=year))


@pytest.mark.parametrize("days", [0, -1], ids=["same day", "before"])
def test_availability_until_must_be_after_from(days):
    start = datetime.date(2026, 1, 1)

    refused(
        lambda: AvailabilityFactory(
            available_from=start, available_until=start + datetime.timedelta(days=days)
        )
    )


def test_the_same_offer_cannot_be_entered_twice():
    offer = AvailabilityFactory(country="GB")

    refused(
        lambda: AvailabilityFactory(
            production=offer.production, country="GB", available_from=offer.available_from
        )
    )


def test_current_availability_is_open_ended_or_not_yet_over():
    today = datetime.date(2026, 3, 1)
    open_ended = AvailabilityFactory(available_from=datetime.date(2026, 1, 1))
    still_on = AvailabilityFactory(
        available_from=datetime.date(2025, 1, 1), available_until=datetime.date(2026, 3, 1)
    )
    ended = AvailabilityFactory(
        available_from=datetime.date(2024, 1, 1), available_until=datetime.date(2026, 2, 28)
    )
    not_yet = AvailabilityFactory(available_from=datetime.date(2026, 6, 1))

    current = set(Availability.objects.current(today=today))
    expired = set(Availability.objects.expired(today=today))

    assert current == {open_ended, still_on}
    assert expired == {ended}
    assert not_yet not in current | expired


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Production.Kind.SERIES, "TVSeries"),
        (Production.Kind.MINISERIES, "TVSeries"),
        (Production.Kind.FILM, "Movie"),
        (Production.Kind.NOVEL, "Book"),
        (Production.Kind.PODCAST, "PodcastSeries"),
        (Production.Kind.OTHER, "CreativeWork"),
    ],
)
def test_production_schema_type_follows_its_kind(kind, schema_type):
    assert Production(kind=kind).schema_type == schema_type


# --- People, credits, sources and quotes ------------------------------------------


def test_person_slugs_are_unique():
    PersonFactory(slug="harlan-coben")

    refused(lambda: PersonFactory(slug="harlan-coben"))


def test_a_person_link_is_listed_once():
    person = PersonFactory()
    PersonLink.objects.create(person=person, label="Website", url="https://harlancoben.com/")

    refused(
        lambda: PersonLink.objects.create(
            person=person, label="Site", url="https://harlancoben.com/"
        )
    )


def test_database_refuses_a_negative_billing_order():
    credit = CreditFactory()

    refused(lambda: Credit.objects.filter(pk=credit.pk).update(billing_order=-1))


@pytest.mark.parametrize("role", [Credit.Role.WRITER, Credit.Role.ASSOCIATE_PRODUCER])
def test_only_actors_play_a_character(role):
    refused(lambda: CreditFactory(role=role, character_name="Simon Greene"))


def test_the_same_credit_cannot_be_entered_twice():
    credit = CreditFactory(character_name="Simon Greene")

    refused(
        lambda: CreditFactory(
            person=credit.person, production=credit.production, character_name="Simon Greene"
        )
    )


def test_one_person_can_hold_two_roles_on_a_production():
    person = PersonFactory(name="Charlotte Coben")
    production = ProductionFactory()

    Credit.objects.create(person=person, production=production, role="associate_producer")
    Credit.objects.create(person=person, production=production, role="writer", note="2 episodes")

    assert person.credits.count() == 2


def test_source_urls_are_unique_but_many_sources_have_none():
    SourceFactory(url="https://example.com/interview")
    Source.objects.create(outlet="Print edition", title="Interview", url="")
    Source.objects.create(outlet="Print edition", title="Another interview", url="")

    refused(lambda: SourceFactory(url="https://example.com/interview"))


def test_a_quote_cannot_be_empty():
    refused(lambda: QuoteFactory(text=""))


def test_a_quote_is_citable_only_with_a_speaker_and_a_source():
    speaker = PersonFactory()
    source = SourceFactory()

    assert QuoteFactory(speaker=speaker, source=source).is_citable
    assert not QuoteFactory(speaker=None, source=source).is_citable
    assert not QuoteFactory(speaker=speaker, source=None).is_citable


def test_a_quoted_person_cannot_be_deleted_from_under_their_quotes():
    quote = QuoteFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        Person.objects.filter(pk=quote.speaker_id).delete()

    assert Quote.objects.filter(pk=quote.pk).exists()
