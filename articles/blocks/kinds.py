"""The kinds of block an article body is made of, in the order editors choose from."""

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import slugify

from core.http import absolute_url

from .base import BlockKind, register


def _words(*parts):
    return " ".join(part.strip() for part in parts if part and part.strip())


@register
class RichText(BlockKind):
    """Paragraphs of the explainer: the prose readers read and comment on."""

    name = "rich_text"
    label = "Rich text"
    title_fields = ("text",)
    fields = ("text",)
    word_fields = ("text",)
    required = ("text",)
    message = (
        "A rich-text block needs some text (scripts and other unsafe markup are removed "
        "first), and nothing else: clear its heading, quote, image, link or claim."
    )
    takes_feedback = True

    def plain_text(self, block):
        return strip_tags(block.text)


@register
class Heading(BlockKind):
    """A section title (H2) readers can jump to from the table of contents."""

    name = "heading"
    label = "Heading (H2)"
    title_fields = ("heading",)
    fields = ("heading",)
    word_fields = ("heading",)
    required = ("heading",)
    message = "A heading block needs a heading, and nothing else."
    in_table_of_contents = True

    def plain_text(self, block):
        return block.heading


@register
class Quote(BlockKind):
    """A quote card: someone's words, their speaker and where they said it."""

    name = "quote"
    label = "Quote"
    title_fields = ("quote",)
    fields = ("quote",)
    word_fields = ("quote",)
    required = ("quote",)
    message = "A quote block needs a quote, and nothing else: its words come from the quote."
    takes_feedback = True
    select_related = ("quote__speaker", "quote__source")

    def plain_text(self, block):
        return block.quote.text if block.quote_id else ""

    def publish_problems(self, block, number):
        quote = block.quote if block.quote_id else None
        if quote is None:
            return []
        problems = []
        if quote.speaker_id is None:
            problems.append(f"a speaker for the quote in block {number} (“{quote.text[:40]}”)")
        if quote.source_id is None:
            problems.append(f"a source for the quote in block {number} (“{quote.text[:40]}”)")
        return problems

    def incomplete(self):
        return Q(quote__speaker=None) | Q(quote__source=None)


@register
class Image(BlockKind):
    """A picture from the image library in the body; its alt text, credit and caption are the
    library's unless the block gives its own."""

    name = "image"
    label = "Image"
    title_fields = ("caption", "image_alt", "image")
    fields = ("image",)
    word_fields = ("caption",)
    details = ("image_alt", "image_credit", "caption")
    required = ("image",)
    message = (
        "An image block needs an image from the library (its own alt text, credit and "
        "caption are optional), and nothing else."
    )
    counts_as_picture = True
    takes_feedback = True
    select_related = ("image",)

    def plain_text(self, block):
        return _caption(block)


@register
class Embed(BlockKind):
    """A video or post of an allow-listed provider (YouTube, Vimeo, X, Instagram, TikTok,
    Bluesky, this site): readers see its stored title and picture, and load nothing from the
    provider until they click (articles/embeds/)."""

    name = "media_embed"
    label = "Embed (video or post)"
    title_fields = ("embed_url",)
    fields = ("embed_url",)
    details = ("embed_date",)
    required = ("embed_url",)
    message = (
        "An embed block needs the address of the post or video, and nothing else: clear its "
        "text, heading, quote, image, link or claim."
    )
    counts_as_picture = True
    takes_feedback = True
    select_related = ("embed_thumbnail",)

    def title(self, block):
        shown = block.embed
        return f"{shown.provider_name}: {shown.title}" if shown.title else block.embed_url

    def plain_text(self, block):
        # Readers read its title (or, until it is fetched, its address).
        return block.embed.title or block.embed_url

    def csp_sources(self, block):
        shown = block.embed
        return shown.provider.origin_hosts() if shown.loads_on_click else {}

    def jsonld(self, block):
        shown = block.embed
        # Search engines require a date: without it, no VideoObject rather than a faulty one.
        uploaded = block.embed_date.isoformat() if block.embed_date else shown.upload_date
        if not (shown.is_video and shown.title and shown.thumbnail and uploaded):
            return None
        thumbnail = absolute_url(shown.thumbnail.file.url)
        data = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": shown.title,
            "description": shown.description or f"{shown.title}, on {shown.provider_name}.",
            "thumbnailUrl": [thumbnail],
            "embedUrl": shown.provider.player_url(block.embed_url) or block.embed_url,
            "contentUrl": block.embed_url,
            "uploadDate": uploaded,
        }
        if shown.duration:
            data["duration"] = f"PT{shown.duration}S"
        return data


def _caption(block):
    """The block's own caption, else its library image's (historical models in migrations too,
    whose `image` was a file: they have no `image_id`)."""
    if block.caption or not getattr(block, "image_id", None):
        return block.caption
    return block.image.caption


@register
class AlsoRead(BlockKind):
    """A link to another explainer, shown while that explainer is public."""

    name = "also_read"
    label = "Also read"
    title_fields = ("also_read",)
    fields = ("also_read",)
    required = ("also_read",)
    message = "An “also read” block needs the article it points to, and nothing else."
    select_related = ("also_read",)


@register
class FactFiction(BlockKind):
    """One row of the "fact vs fiction" table: a claim, the screen, the reality, a verdict."""

    name = "fact_fiction"
    label = "Fact vs fiction"
    title_fields = ("claim",)
    fields = ("claim",)
    word_fields = ("claim", "on_screen", "in_reality")
    details = ("on_screen", "in_reality", "fact_verdict", "source")
    field_labels = {"fact_verdict": "verdict"}
    required = ("claim", "in_reality")
    message = (
        "A fact vs fiction block needs a claim and what really happened, and no text, "
        "heading, quote, image or link."
    )
    takes_feedback = True
    grouped = True
    select_related = ("source",)

    def plain_text(self, block):
        return _words(block.claim, block.on_screen, block.in_reality)


@register
class Spoiler(BlockKind):
    """Text hidden until the reader opens it, under a label; it may name the episode it
    spoils up to, and is then folded for readers who have not watched that far."""

    name = "spoiler"
    label = "Spoiler"
    title_fields = ("heading", "text")
    fields = ("heading", "text")
    word_fields = ("heading", "text")
    details = ("spoils_up_to",)
    select_related = ("spoils_up_to__season",)
    field_labels = {"heading": "label", "text": "hidden text"}
    required = ("text",)
    message = (
        "A spoiler block needs the hidden text (its label goes in the heading), and nothing else."
    )
    takes_feedback = True
    hidden_fields = ("text",)

    def plain_text(self, block):
        return _words(block.heading, strip_tags(block.text))

    def quotable_text(self, block):
        # Quoting the hidden text elsewhere would spoil it: only its label goes out.
        return block.heading

    def excerpt(self, block):
        return _words(self.label, block.heading) if block.heading else self.label


@register
class AdSlot(BlockKind):
    """A place for an advertisement between passages; it holds no content."""

    name = "ad_slot"
    label = "Advertisement slot"
    message = "An advertisement slot holds no content: leave its fields empty."


@register
class Entry(BlockKind):
    """One entry of a ranked list: a production from the catalogue, numbered on the page,
    with a blurb, a poster (the production's own unless the entry picks one) and where to
    watch it. Only a ranked-list article holds entries (`articles.rankings`)."""

    name = "entry"
    label = "Ranked entry"
    title_fields = ("production",)
    fields = ("production", "text", "image")
    word_fields = ("production", "text")
    required = ("production",)
    message = (
        "A ranked entry needs a production from the catalogue (its blurb and poster are "
        "optional), and nothing else: clear its heading, quote, link or claim."
    )
    counts_as_picture = True
    takes_feedback = True
    ranked = True
    select_related = ("production__poster",)

    def plain_text(self, block):
        title = block.production.title if block.production_id else ""
        return _words(title, strip_tags(block.text))

    def anchor(self, block):
        title = block.production.title if block.production_id else ""
        return slugify(f"{block.rank or ''} {title}")[:60]
