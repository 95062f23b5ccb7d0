"""Which tags, people, productions and quotes readers may see named.

The catalogue is public: editors add people, productions and quotes to be shown, and a
person credited on a production's page is named there. What keeps an entry out of public
view is an embargo: an explainer that is not published (a draft, one in review, one
scheduled for later, one archived) names it, and no published explainer does. Such an entry
has no page, feed, follow link, sitemap entry, API answer or search result, and no public
page lists it, until an explainer naming it is published. A tag is public only while a
published explainer carries it (a tag has nothing to show without one).

"Names it" means: an explainer's tags, people, productions or episodes (an episode names
its series, also as the episode a spoiler block spoils up to), and the quotes of its quote
blocks (a quote names its speaker). A person is
also public when credited on a public production or when a public quote is theirs: those
pages name them already.

Each rule is a condition on the model's own rows, so a view adds it to the query it makes
anyway (`public_people(Person.objects.select_related(…))`): no extra query, the same answer
for a page, a list and a count. Reader pages, feeds, sitemaps, search, the API, oEmbed and
follow links all ask here.
"""

import functools
import operator

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef

from taggit.models import Tag, TaggedItem

from people.models import Credit, Person, Quote
from productions.models import Production

from .models import Article, ArticleBlock


def _named_in_public_or_not_at_all(*links):
    """No explainer names the row through `links` (each a queryset of rows pointing at an
    article and at `OuterRef("pk")`), or a published one does."""
    published = Article.objects.published().values("pk")
    unnamed = functools.reduce(operator.and_, (~Exists(link) for link in links))
    named = functools.reduce(
        operator.or_, (Exists(link.filter(article__in=published)) for link in links)
    )
    return unnamed | named


def tag_is_public():
    """A published explainer carries the tag."""
    carried = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=Article.objects.published().values("pk"),
        tag=OuterRef("pk"),
    )
    return Exists(carried)


def production_is_public():
    """No explainer names the production (or one of its episodes), or a published one does."""
    return _named_in_public_or_not_at_all(
        Article.productions.through.objects.filter(production=OuterRef("pk")),
        Article.episodes.through.objects.filter(episode__season__production=OuterRef("pk")),
        ArticleBlock.objects.filter(spoils_up_to__season__production=OuterRef("pk")),
    )


def quote_is_public():
    """No explainer quotes it, or a published one does."""
    return _named_in_public_or_not_at_all(ArticleBlock.objects.filter(quote=OuterRef("pk")))


def person_is_public():
    """No explainer names or quotes the person, or a published one does, or a public
    production credits them, or a public quote is theirs."""
    credited = Credit.objects.filter(
        person=OuterRef("pk"), production__in=public_productions().values("pk")
    )
    quoted = public_quotes().filter(speaker=OuterRef("pk"))
    return (
        _named_in_public_or_not_at_all(
            Article.people.through.objects.filter(person=OuterRef("pk")),
            ArticleBlock.objects.filter(quote__speaker=OuterRef("pk")),
        )
        | Exists(credited)
        | Exists(quoted)
    )


def public_tags(tags=None):
    """`tags` (every tag by default) that readers may see named."""
    return (Tag.objects.all() if tags is None else tags).filter(tag_is_public())


def public_productions(productions=None):
    """`productions` (every one by default) that readers may see named."""
    return (Production.objects.all() if productions is None else productions).filter(
        production_is_public()
    )


def public_people(people=None):
    """`people` (everyone by default) that readers may see named."""
    return (Person.objects.all() if people is None else people).filter(person_is_public())


def public_quotes(quotes=None):
    """`quotes` (every one by default) that readers may see."""
    return (Quote.objects.all() if quotes is None else quotes).filter(quote_is_public())
