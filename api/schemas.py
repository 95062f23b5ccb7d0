"""The shapes the API answers with: the OpenAPI schema at /api/v1/openapi.json is made from these.

Each holds only what a reader page shows: no email, IP, moderation state, draft or pending item.
"""

import datetime
import uuid

from ninja import Schema
from pydantic import create_model


class Picture(Schema):
    url: str
    width: int | None
    height: int | None
    alt: str
    credit: str


class Link(Schema):
    """Another object, by the names its page is reached by."""

    id: int
    name: str
    slug: str
    url: str


class TagOut(Schema):
    name: str
    slug: str
    url: str


class SourceOut(Schema):
    id: int
    outlet: str
    title: str
    url: str
    published_on: datetime.date | None


class QuoteOut(Schema):
    id: int
    url: str
    text: str
    is_paraphrase: bool
    context: str
    speaker: Link | None
    source: SourceOut | None
    productions: list[Link]
    created_at: datetime.datetime


class EpisodeRef(Schema):
    """The episode a spoiler spoils up to: clients fold it for readers not that far."""

    season: int
    episode: int
    title: str
    url: str


class EmbedLink(Schema):
    """An embedded post or video, as a link: never the provider's HTML or script."""

    url: str
    title: str
    provider: str
    author: str
    published_on: datetime.date | None
    thumbnail: Picture | None


class BlockFields(Schema):
    """A block's payload: each kind has its own fields (docs/block-kinds.md), no others."""

    text: str | None = None
    heading: str | None = None
    quote: QuoteOut | None = None
    image: Picture | None = None
    caption: str | None = None
    also_read: Link | None = None
    claim: str | None = None
    on_screen: str | None = None
    in_reality: str | None = None
    fact_verdict: str | None = None
    source: SourceOut | None = None
    spoils_up_to: EpisodeRef | None = None
    embed_url: EmbedLink | None = None
    production: Link | None = None


class BlockOut(Schema):
    """One block. `hidden_fields` names the fields readers open themselves (a spoiler's
    text): show them folded, and never quote them in a list, a card or a notification."""

    uid: uuid.UUID
    kind: str
    #: A ranked list's entry: the number readers see beside it (None for other blocks).
    rank: int | None = None
    fields: BlockFields
    hidden_fields: list[str]


class Verdict(Schema):
    value: str
    label: str
    summary: str
    sources: list[SourceOut]


class CorrectionOut(Schema):
    kind: str
    note: str
    published_at: datetime.datetime


class ArticleSummary(Schema):
    id: int
    url: str
    title: str
    slug: str
    standfirst: str
    kind: str
    kind_label: str
    published_at: datetime.datetime
    updated_at: datetime.datetime | None
    byline: list[str]
    hero_image: Picture | None
    verdict: str | None
    comment_count: int
    rating_average: float | None
    rating_count: int


class ArticleDetail(ArticleSummary):
    tags: list[TagOut]
    productions: list[Link]
    people: list[Link]
    verdict_detail: Verdict | None
    blocks: list[BlockOut]
    corrections: list[CorrectionOut]


class PersonLinkOut(Schema):
    label: str
    url: str


class PersonOut(Schema):
    id: int
    url: str
    name: str
    slug: str
    bio: str
    photo: Picture | None
    links: list[PersonLinkOut]


class CreditOut(Schema):
    production: Link
    role: str
    role_label: str
    character_name: str
    note: str


class PersonDetail(PersonOut):
    credits: list[CreditOut]


class AvailabilityOut(Schema):
    platform: str
    #: ISO 3166-1 alpha-2 code; "" means worldwide.
    country: str
    #: The country's English name ("" for worldwide).
    region: str
    #: subscription, free, ads (free with ads), rent, buy or cinema.
    offer_type: str
    url: str
    available_from: datetime.date
    available_until: datetime.date | None


class ProductionOut(Schema):
    id: int
    url: str
    title: str
    slug: str
    kind: str
    kind_label: str
    year: int | None
    release_date: datetime.date | None
    platform: str
    episode_count: int | None
    based_on: Link | None
    synopsis: str
    poster: Picture | None
    availability: list[AvailabilityOut]


class CommentOut(Schema):
    """An approved comment; `parent_id` rebuilds the threads (a parent that is not listed was
    removed: the reader page shows "Comment removed" in its place). A spoiler comment
    (`is_spoiler`: marked so, or spoiling up to an episode) has an empty `body_html`: its
    words are only on the article page, folded."""

    id: int
    parent_id: int | None
    author_name: str
    body_html: str
    is_spoiler: bool
    score: int
    created_at: datetime.datetime
    edited: bool
    block_uid: uuid.UUID | None


def page_of(item):
    """A page of a list: its items and the link to the next page (null on the last)."""
    return create_model(
        f"{item.__name__}Page",
        __base__=Schema,
        items=(list[item], ...),
        next=(str | None, ...),
    )


ArticlePage = page_of(ArticleSummary)
PersonPage = page_of(PersonOut)
ProductionPage = page_of(ProductionOut)
QuotePage = page_of(QuoteOut)
TagPage = page_of(TagOut)
CommentPage = page_of(CommentOut)
