"""Who paid for an explainer: readers see the sponsor on its card, page, feeds and data."""

from django.core.exceptions import ValidationError
from django.db import models

from core.text import SingleLineCharField


class Sponsorship(models.Model):
    """The sponsor fields of an article: blank name means editorial, nobody paid."""

    class SponsorLabel(models.TextChoices):
        SPONSORED = "sponsored", "Sponsored by"
        PARTNERSHIP = "partnership", "Paid partnership with"

    sponsor_name = SingleLineCharField(
        max_length=120,
        blank=True,
        help_text="Who paid for this explainer. Blank: not sponsored.",
    )
    sponsor_label = models.CharField(
        max_length=20,
        choices=SponsorLabel.choices,
        default=SponsorLabel.SPONSORED,
        help_text="The words readers see before the sponsor's name.",
    )
    sponsor_url = models.URLField(
        "sponsor link",
        blank=True,
        help_text="The sponsor's site; readers' links to it are marked sponsored.",
    )
    sponsor_logo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Shown small beside the sponsor's name on the article page.",
    )

    class Meta:
        abstract = True

    @property
    def is_sponsored(self):
        """Whether readers are told someone paid for this explainer."""
        return bool(self.sponsor_name)

    @property
    def sponsor_line(self):
        """“Sponsored by Acme” as readers see it on cards and in feeds; blank when editorial."""
        if not self.sponsor_name:
            return ""
        return f"{self.get_sponsor_label_display()} {self.sponsor_name}"

    def clean(self):
        """A link or logo without a name would credit nobody: the name comes first."""
        super().clean()
        if not self.sponsor_name and (self.sponsor_url or self.sponsor_logo_id):
            raise ValidationError({"sponsor_name": "Name the sponsor, or clear its link and logo."})
