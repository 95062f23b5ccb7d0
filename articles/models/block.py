"""Article blocks: the ordered pieces of an article's body."""

import uuid

from django.db import models

from core.text import SingleLineCharField

from ..blocks import registry
from ..embeds import display
from ..embeds.providers import validate_url
from ..richtext import RichTextField
from .article import Article


class ArticleBlock(models.Model):
    """One piece of an article's body, in order; its stable `uid` lets comments point at it."""

    #: One member per registered kind, e.g. `ArticleBlock.Kind.RICH_TEXT`.
    Kind = registry.choices_class(module=__name__, qualname="ArticleBlock.Kind")

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
    heading = SingleLineCharField(
        max_length=200, blank=True, help_text="Heading text, or a spoiler's label."
    )
    quote = models.ForeignKey(
        "people.Quote", null=True, blank=True, on_delete=models.PROTECT, related_name="blocks"
    )
    image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pick from the image library, or upload a new one with “+”.",
    )
    image_alt = SingleLineCharField(
        "alt text (here only)",
        max_length=250,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    image_credit = SingleLineCharField(
        "credit (here only)",
        max_length=200,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    caption = SingleLineCharField(
        "caption (here only)",
        max_length=300,
        blank=True,
        help_text="Leave empty to use the library image's own.",
    )
    also_read = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="also_read_in"
    )
    claim = SingleLineCharField(max_length=300, blank=True, help_text="Fact vs fiction: the claim.")
    on_screen = models.TextField(blank=True, help_text="Fact vs fiction: what the screen shows.")
    in_reality = models.TextField(blank=True, help_text="Fact vs fiction: what really happened.")
    fact_verdict = models.CharField(max_length=20, choices=FactVerdict.choices, blank=True)
    source = models.ForeignKey(
        "people.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="blocks"
    )
    spoils_up_to = models.ForeignKey(
        "productions.Episode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spoiler_blocks",
        help_text="Spoiler: the episode it gives away. Readers who have not watched that far "
        "see it folded, with the episode named; feeds and search never show it.",
    )
    embed_url = models.URLField(
        "address to embed",
        max_length=500,
        blank=True,
        validators=[validate_url],
        help_text="Embed: the address of a YouTube, Vimeo, X, Instagram, TikTok or Bluesky "
        "post or video, or of an article or quote of this site. Its title and picture are "
        "fetched when you save; readers load nothing from the provider until they click.",
    )
    embed_date = models.DateField(
        "video first published on",
        null=True,
        blank=True,
        help_text="Embed of a video: the day it was first published, which search engines ask "
        "for (YouTube does not say; Vimeo's own date is used when this is empty).",
    )
    # Embed: the provider's description as fetched at the last save (or why it failed).
    embed_data = models.JSONField(default=dict, blank=True, editable=False)
    embed_thumbnail = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    production = models.ForeignKey(
        "productions.Production",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="list_entries",
        help_text="Ranked entry: the film, series or book, picked from the catalogue.",
    )
    # Approved inline-feedback comments on this block, kept by the discussion services.
    feedback_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            *registry.constraints(),
            # A ranked list names a production once (blocks without one are not counted).
            models.UniqueConstraint(
                fields=["article", "production"],
                name="block_production_once_per_article",
                violation_error_message="This list already has an entry for that production.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.position}"

    @property
    def admin_title(self):
        """Its own words in its admin title bar: a heading's text, a quote, a caption…"""
        return self.spec.title(self) if self.kind in registry.names else ""

    @property
    def spec(self):
        """Everything about this block's kind (articles.blocks): template, text, feedback…"""
        return registry[self.kind]

    @property
    def anchor(self):
        """The id it gets on the page, linked from the table of contents or a ranked list's
        contents: a heading's words, a ranked entry's number and title ("3-run-away")."""
        return self.spec.anchor(self) or f"section-{self.uid.hex[:8]}"

    @property
    def rank(self):
        """Its number in a ranked list (entries only, else None): as a query counted it
        (`list_rank`, reader.rankings.featured_in), else as its article numbers it."""
        counted = getattr(self, "list_rank", None)
        return counted if counted is not None else self.article.entry_numbers().get(self.uid)

    @property
    def image_alt_text(self):
        """The picture's alt text here: the block's own, else the library image's."""
        return self.image_alt or (self.image.alt if self.image_id else "")

    @property
    def image_credit_text(self):
        return self.image_credit or (self.image.credit if self.image_id else "")

    @property
    def caption_text(self):
        return self.caption or (self.image.caption if self.image_id else "")

    @property
    def embed(self):
        """The embedded post or video as readers see it, from its stored description."""
        return display.shown(self)

    @property
    def public_also_read(self):
        """The "Also read" target, only while readers can see it."""
        target = self.also_read
        return target if target is not None and target.is_public else None

    @property
    def plain_text(self):
        """The words readers read in this block, without markup."""
        return self.spec.plain_text(self)

    @property
    def excerpt(self):
        """What may be quoted of this block elsewhere on the site (never a spoiler's text)."""
        return self.spec.excerpt(self)

    @property
    def is_gated(self):
        """Whether it spoils up to an episode: folded for readers not that far, never in
        feeds, search documents or excerpts."""
        return self.spoils_up_to_id is not None

    @property
    def public_text(self):
        """Its words where they may show outside the article (search, excerpts): none if gated,
        never a spoiler's hidden text (`BlockKind.quotable_text`)."""
        return "" if self.is_gated else self.spec.quotable_text(self)

    @property
    def word_count(self):
        """How many words it adds to the article's reading time."""
        return len(self.plain_text.split())
