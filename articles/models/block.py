"""Article blocks: the ordered pieces of an article's body."""

import functools
import operator
import uuid

from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import slugify

from ..richtext import RichTextField
from .article import Article

#: The payload fields a block may fill; each kind fills its own and leaves the rest empty.
_EMPTY_PAYLOAD = {
    "text": Q(text=""),
    "heading": Q(heading=""),
    "quote": Q(quote=None),
    "image": Q(image=""),
    "also_read": Q(also_read=None),
    "claim": Q(claim=""),
}
#: kind -> (payload fields it uses, what must be filled in, what an editor is told otherwise)
_BLOCK_SHAPES = {
    "rich_text": (
        ["text"],
        ~Q(text=""),
        "A rich-text block needs some text (scripts and other unsafe markup are removed "
        "first), and nothing else: clear its heading, quote, image, link or claim.",
    ),
    "heading": (
        ["heading"],
        ~Q(heading=""),
        "A heading block needs a heading, and nothing else.",
    ),
    "quote": (
        ["quote"],
        Q(quote__isnull=False),
        "A quote block needs a quote, and nothing else: its words come from the quote.",
    ),
    "image": (
        ["image"],
        ~Q(image="") & ~Q(image_alt=""),
        "An image block needs an image and its alt text (credit and caption are optional), "
        "and nothing else.",
    ),
    "also_read": (
        ["also_read"],
        Q(also_read__isnull=False),
        "An “also read” block needs the article it points to, and nothing else.",
    ),
    "fact_fiction": (
        ["claim"],
        ~Q(claim="") & ~Q(in_reality=""),
        "A fact vs fiction block needs a claim and what really happened, and no text, "
        "heading, quote, image or link.",
    ),
    "spoiler": (
        ["text", "heading"],
        ~Q(text=""),
        "A spoiler block needs the hidden text (its label goes in the heading), and nothing else.",
    ),
    "ad_slot": ([], Q(), "An advertisement slot holds no content: leave its fields empty."),
}


def _block_shape(kind):
    """The database rule for one kind: "a quote block has a quote and nothing else"."""
    uses, required, message = _BLOCK_SHAPES[kind]
    empty_rest = [empty for field, empty in _EMPTY_PAYLOAD.items() if field not in uses]
    return models.CheckConstraint(
        condition=~Q(kind=kind) | functools.reduce(operator.and_, empty_rest, required),
        name=f"block_{kind}_shape",
        violation_error_message=message,
    )


class ArticleBlock(models.Model):
    """One piece of an article's body, in order; its stable `uid` lets comments point at it."""

    class Kind(models.TextChoices):
        RICH_TEXT = "rich_text", "Rich text"
        HEADING = "heading", "Heading (H2)"
        QUOTE = "quote", "Quote"
        IMAGE = "image", "Image"
        ALSO_READ = "also_read", "Also read"
        FACT_FICTION = "fact_fiction", "Fact vs fiction"
        SPOILER = "spoiler", "Spoiler"
        AD_SLOT = "ad_slot", "Advertisement slot"

    class FactVerdict(models.TextChoices):
        TRUE = "true", "True"
        EXAGGERATED = "exaggerated", "Exaggerated"
        INVENTED = "invented", "Invented"
        UNCONFIRMED = "unconfirmed", "Unconfirmed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveIntegerField(default=0, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    text = RichTextField(blank=True, help_text="Rich text, or the hidden part of a spoiler.")
    heading = models.CharField(
        max_length=200, blank=True, help_text="Heading text, or a spoiler's label."
    )
    quote = models.ForeignKey(
        "people.Quote", null=True, blank=True, on_delete=models.PROTECT, related_name="blocks"
    )
    image = models.ImageField(upload_to="articles/blocks/", blank=True)
    image_alt = models.CharField(max_length=250, blank=True)
    image_credit = models.CharField(max_length=200, blank=True)
    caption = models.CharField(max_length=300, blank=True)
    also_read = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="also_read_in"
    )
    claim = models.CharField(max_length=300, blank=True, help_text="Fact vs fiction: the claim.")
    on_screen = models.TextField(blank=True, help_text="Fact vs fiction: what the screen shows.")
    in_reality = models.TextField(blank=True, help_text="Fact vs fiction: what really happened.")
    fact_verdict = models.CharField(max_length=20, choices=FactVerdict.choices, blank=True)
    source = models.ForeignKey(
        "people.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="blocks"
    )
    # Approved inline-feedback comments on this block, kept by the discussion services.
    feedback_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [_block_shape(kind) for kind in _BLOCK_SHAPES]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.position}"

    @property
    def anchor(self):
        """The id a heading gets on the page, linked from the table of contents."""
        return slugify(self.heading)[:60] or f"section-{self.uid.hex[:8]}"

    @property
    def public_also_read(self):
        """The "Also read" target, only while readers can see it."""
        target = self.also_read
        return target if target is not None and target.is_public else None

    @property
    def word_count(self):
        parts = [strip_tags(self.text), self.heading, self.caption]
        parts += [self.claim, self.on_screen, self.in_reality]
        if self.quote_id and self.quote:
            parts.append(self.quote.text)
        return sum(len(part.split()) for part in parts if part)
