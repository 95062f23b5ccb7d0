"""Reusable reader-page content: one fully furnished explainer built with the factories.

Other test modules (the discussion's query budgets, for instance) import
`make_article` to get an article with every kind of block.
"""

import datetime
import itertools

from django.utils import timezone

from articles.models import Article, ArticleBlock
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CorrectionFactory,
    CreditFactory,
    HeadingBlockFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    QuoteFactory,
    SourceFactory,
    UserFactory,
    library_image,
)


def _quote_about(article):
    quote = QuoteFactory()
    quote.productions.set(article.productions.all())
    return quote


def _fact_block(article, n):
    return BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.FACT_FICTION,
        text="",
        claim=f"Claim number {n} from the show",
        on_screen="The father finds his daughter in a park.",
        in_reality="The author found a pipe in his daughter's room.",
        fact_verdict=ArticleBlock.FactVerdict.INVENTED,
        source=SourceFactory(),
    )


#: The body of the furnished article, in order: one of every block kind.
_BLOCK_MAKERS = [
    lambda article, n: HeadingBlockFactory(article=article, heading=f"Where it came from {n}"),
    lambda article, n: BlockFactory(article=article, text=f"<p>Paragraph {n} of the body.</p>"),
    lambda article, n: QuoteBlockFactory(article=article, quote=_quote_about(article)),
    lambda article, n: _fact_block(article, n),
    lambda article, n: _fact_block(article, f"{n}b"),
    lambda article, n: BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who took Paige?",
        text="<p>The ending, revealed.</p>",
    ),
    lambda article, n: BlockFactory(article=article, kind=ArticleBlock.Kind.AD_SLOT, text=""),
    lambda article, n: BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.IMAGE,
        text="",
        image=library_image(f"block-{n}.png", size=(40, 30)),
        image_alt="The park at dusk",
        image_credit="Image via Netflix",
        caption="Where it all starts.",
    ),
    lambda article, n: BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.ALSO_READ,
        text="",
        also_read=ArticleFactory(published=True, title=f"Also read target {n}"),
    ),
]


def make_article(block_count=9, **fields):
    """A published explainer with everything around it, and `block_count` blocks of every kind."""
    production = ProductionFactory(title="Run Away", slug="run-away-series", episode_count=8)
    person = PersonFactory(name="Harlan Coben", slug="harlan-coben")
    CreditFactory(person=person, production=production, role="creator", character_name="")
    defaults = {
        "title": "Is Run Away a true story?",
        "slug": "is-run-away-a-true-story",
        "verdict": Article.Verdict.INSPIRED,
        "verdict_summary": "Fiction, inspired by a real moment in the author's family.",
        "authors": [UserFactory(first_name="Ada", last_name="Writer")],
    }
    article = ArticleFactory(published=True, with_hero=True, **{**defaults, **fields})
    article.productions.add(production)
    article.people.add(person)
    article.tags.add("Netflix", "True stories")
    article.verdict_sources.add(SourceFactory(title="Coben on the idea"))
    CorrectionFactory(article=article, published_at=timezone.now() - datetime.timedelta(hours=2))
    makers = itertools.cycle(_BLOCK_MAKERS)
    for n in range(block_count):
        next(makers)(article, n)
    return article


def make_related(article, count=3):
    """Published explainers sharing the article's production, to fill "You may also like"."""
    production = article.productions.first()
    related = []
    for n in range(count):
        other = ArticleFactory(published=True, with_hero=True, title=f"Related explainer {n}")
        other.productions.add(production)
        related.append(other)
    return related
