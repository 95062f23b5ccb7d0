"""What the site tells readers and ad buyers about money: the affiliate notice and ads.txt."""

from django.core.exceptions import ValidationError
from django.db import models

from core.pagecache import key

from ..adstxt import PLACEHOLDER, ads_txt_errors

DEFAULT_AFFILIATE_NOTICE = (
    "We may earn a commission when you follow a where-to-watch link marked “Affiliate”. "
    "It never decides what we write."
)


class SiteDisclosure(models.Model):
    """The one site-wide record: the line readers see before the first affiliate link on a
    page, and the /ads.txt file ad systems read."""

    #: There is one record; `current()` makes it on first use.
    SINGLETON_ID = 1

    affiliate_notice = models.TextField(
        max_length=400,
        default=DEFAULT_AFFILIATE_NOTICE,
        help_text="Shown once, before the first affiliate or sponsored link on a page.",
    )
    ads_txt = models.TextField(
        "ads.txt",
        blank=True,
        help_text=(
            "Served as /ads.txt. One line per seller: domain, account id, DIRECT or RESELLER, "
            "optional certification id; variables such as contact=…; # starts a comment. "
            f"Blank: /ads.txt is not found (any seller may claim the site). To authorise "
            f"no seller, write “{PLACEHOLDER}”."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "disclosure and ads.txt"
        verbose_name_plural = "disclosure and ads.txt"

    def __str__(self):
        return "Disclosure and ads.txt"

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = ads_txt_errors(self.ads_txt)
        if errors:
            raise ValidationError({"ads_txt": errors})

    def cache_keys(self):
        """Pages with an affiliate link and /ads.txt show this record."""
        return [self.page_key()]

    @classmethod
    def page_key(cls):
        """The surrogate key of the record, named by a page that shows it."""
        return key(cls, cls.SINGLETON_ID)

    @classmethod
    def current(cls):
        """The record as it stands (the defaults until an editor saves it)."""
        found = cls.objects.filter(pk=cls.SINGLETON_ID).first()
        return found or cls(pk=cls.SINGLETON_ID)
