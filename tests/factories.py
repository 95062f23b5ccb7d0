"""factory-boy factories for every model; traits give the common states."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from articles.bylines import contributor_for
from articles.models import Article, ArticleBlock, Byline, Contributor, ContributorLink, Correction
from articles.services import article_update_search_vector
from images.models import Image
from pages.models import StandingPage
from people.models import Credit, Person, Quote, Source
from productions.models import Availability, Episode, Production, Season


def png_file(name="image.png", size=(8, 6), color=(120, 30, 60)):
    """A small real PNG, for image fields."""
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)


class ImageFactory(DjangoModelFactory):
    """A library image: a small real PNG with alt text and a credit."""

    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: png_file("picture.png"))
    alt = "A father searching a park at dusk"
    credit = "Image via Netflix"


def library_image(name="picture.png", size=(8, 6), **fields):
    """A library image of a new PNG of `size` (the shorthand tests use for a picture)."""
    return ImageFactory(file=png_file(name, size=size), **fields)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class ProductionFactory(DjangoModelFactory):
    class Meta:
        model = Production

    title = factory.Sequence(lambda n: f"Production {n}")
    slug = factory.Sequence(lambda n: f"production-{n}")
    kind = Production.Kind.SERIES
    year = 2026
    platform = "Netflix"


class SeasonFactory(DjangoModelFactory):
    class Meta:
        model = Season

    production = factory.SubFactory(ProductionFactory)
    number = 1


class EpisodeFactory(DjangoModelFactory):
    class Meta:
        model = Episode

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda episode: f"Episode {episode.number}")
    air_date = datetime.date(2026, 1, 1)


def season_with_episodes(series, number=1, count=8):
    """A season of `series` with episodes 1..count, in order."""
    season = SeasonFactory(production=series, number=number)
    return [EpisodeFactory(season=season, number=n) for n in range(1, count + 1)]


class AvailabilityFactory(DjangoModelFactory):
    class Meta:
        model = Availability

    production = factory.SubFactory(ProductionFactory)
    platform = "Netflix"
    available_from = datetime.date(2026, 1, 1)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"person-{n}")


class ContributorFactory(DjangoModelFactory):
    """A guest contributor (no staff account) with a profile."""

    class Meta:
        model = Contributor

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"contributor-{n}")
    job_title = "Contributing writer"
    beat = "TV drama, Harlan Coben adaptations"
    bio = "Writes about thrillers and the true stories behind them."


class ContributorLinkFactory(DjangoModelFactory):
    class Meta:
        model = ContributorLink

    contributor = factory.SubFactory(ContributorFactory)
    label = "Personal site"
    url = factory.Sequence(lambda n: f"https://writer{n}.example.com/")


class CreditFactory(DjangoModelFactory):
    class Meta:
        model = Credit

    person = factory.SubFactory(PersonFactory)
    production = factory.SubFactory(ProductionFactory)
    role = Credit.Role.ACTOR
    character_name = factory.Faker("name")


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    outlet = "Netflix Tudum"
    title = factory.Sequence(lambda n: f"Interview {n}")
    url = factory.Sequence(lambda n: f"https://example.com/interview-{n}")
    published_on = datetime.date(2025, 12, 20)


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    text = factory.Faker("sentence", nb_words=12)
    speaker = factory.SubFactory(PersonFactory)
    source = factory.SubFactory(SourceFactory)


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Is show {n} a true story?")
    slug = factory.Sequence(lambda n: f"is-show-{n}-a-true-story")
    standfirst = "The series feels real. Here is what is true and what is invented."
    kind = Article.Kind.TRUE_STORY
    status = Article.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Article.Status.PUBLISHED,
            publish_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1)),
            first_published_at=factory.SelfAttribute("publish_at"),
        )
        scheduled = factory.Trait(
            status=Article.Status.SCHEDULED,
            publish_at=factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1)),
        )
        with_hero = factory.Trait(
            hero_image=factory.LazyFunction(lambda: library_image("hero.png")),
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        """Desk access for these users, and each on the byline (their own contributor), as an
        article they wrote through the admin ends up."""
        if create and extracted:
            self.authors.set(extracted)
            for position, user in enumerate(extracted):
                Byline.objects.get_or_create(
                    article=self, contributor=contributor_for(user), defaults={"position": position}
                )

    @factory.post_generation
    def byline(self, create, extracted, **kwargs):
        """These contributors on the byline, in order (and nobody's desk access)."""
        if create and extracted:
            for position, contributor in enumerate(extracted):
                Byline.objects.create(article=self, contributor=contributor, position=position)

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        """Searchable at once, as the services leave an article after an editor saves it."""
        if create:
            article_update_search_vector(article=self)


class BlockFactory(DjangoModelFactory):
    """A rich-text block by default; pass kind and its fields for the others."""

    class Meta:
        model = ArticleBlock
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    kind = ArticleBlock.Kind.RICH_TEXT
    text = "<p>Plain words for a paragraph of the explainer.</p>"

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        """The article's search document includes the new block, as after an admin save."""
        if create:
            article_update_search_vector(article=self.article)


class HeadingBlockFactory(BlockFactory):
    kind = ArticleBlock.Kind.HEADING
    text = ""
    heading = factory.Sequence(lambda n: f"Section {n}")


class QuoteBlockFactory(BlockFactory):
    kind = ArticleBlock.Kind.QUOTE
    text = ""
    quote = factory.SubFactory(QuoteFactory)


class CorrectionFactory(DjangoModelFactory):
    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory, published=True)
    note = "An earlier version gave the wrong release date."


class StandingPageFactory(DjangoModelFactory):
    """A published standing page at /page-N/; `status="draft"` for one readers cannot see."""

    class Meta:
        model = StandingPage

    title = factory.Sequence(lambda n: f"Standing page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "<p>What the publisher says about itself.</p>"
    status = StandingPage.Status.PUBLISHED


# == Discussion ==========================================================================
# Comments, votes, ratings and subscriptions. Factories write rows directly (they bypass the
# services), so stored counters are only right where a test sets them or uses the services.

from discussion.models import (  # noqa: E402
    Ban,
    Comment,
    CommentVote,
    ModerationFlag,
    Rating,
    Subscription,
)


class CommentFactory(DjangoModelFactory):
    """An approved guest comment by default; pass `user=` for a signed-in author."""

    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory, published=True)
    parent = None
    user = None
    guest_name = factory.Faker("first_name")
    guest_email = factory.Sequence(lambda n: f"guest{n}@example.com")
    body = factory.Faker("paragraph", nb_sentences=2)
    status = Comment.Status.APPROVED
    approved_at = factory.LazyFunction(timezone.now)
    ip = "203.0.113.7"

    class Params:
        pending = factory.Trait(status=Comment.Status.PENDING, approved_at=None)

    @factory.lazy_attribute
    def root(self):
        return (self.parent.root or self.parent) if self.parent else None

    @factory.lazy_attribute
    def depth(self):
        return self.parent.depth + 1 if self.parent else 0

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if kwargs.get("user") is not None:
            kwargs["guest_name"] = ""
            kwargs["guest_email"] = ""
        return kwargs


class VoteFactory(DjangoModelFactory):
    class Meta:
        model = CommentVote

    comment = factory.SubFactory(CommentFactory)
    voter_key = factory.Sequence(lambda n: f"g:voter-{n}")
    value = 1
    ip = "203.0.113.8"


class RatingFactory(DjangoModelFactory):
    class Meta:
        model = Rating

    article = factory.SubFactory(ArticleFactory, published=True)
    voter_key = factory.Sequence(lambda n: f"g:rater-{n}")
    value = 4
    ip = "203.0.113.9"


class SubscriptionFactory(DjangoModelFactory):
    """A confirmed subscription to all new comments; `confirmed_at=None` for an unconfirmed one."""

    class Meta:
        model = Subscription

    article = factory.SubFactory(ArticleFactory, published=True)
    email = factory.Sequence(lambda n: f"subscriber{n}@example.com")
    kind = Subscription.Kind.ALL
    confirmed_at = factory.LazyFunction(timezone.now)


class BanFactory(DjangoModelFactory):
    class Meta:
        model = Ban

    email = factory.Sequence(lambda n: f"banned{n}@example.com")


class ModerationFlagFactory(DjangoModelFactory):
    class Meta:
        model = ModerationFlag

    kind = ModerationFlag.Kind.VOTES
    ip = "198.51.100.1"
    count = 40
    window_minutes = 10


# == End of discussion ====================================================================
