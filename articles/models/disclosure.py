"""What the site tells readers and ad buyers about money: the affiliate notice, the
affiliate domains whose links are always marked sponsored, and ads.txt."""

import re

from django.core.exceptions import ValidationError
from django.db import models

from core.pagecache import key

from ..adstxt import PLACEHOLDER, ads_txt_errors

DEFAULT_AFFILIATE_NOTICE = (
    "We may earn a commission when you follow a link marked “Affiliate”. "
    "It never decides what we write."
)


#: A host name: labels of letters, digits and inner hyphens, with at least one dot.
_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")


def sponsored_domain_errors(text):
    """One sentence per line of the affiliate domains that is not a domain."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        domain = line.strip().lower().rstrip(".")
        if not domain or _DOMAIN.match(domain):
            continue
        if "/" in domain or ":" in domain:
            errors.append(
                f"Line {number}: “{line.strip()}” is an address: write its domain alone, "
                "such as “amzn.to”."
            )
        else:
            errors.append(f"Line {number}: “{line.strip()}” is not a domain such as “amzn.to”.")
    return errors


class SiteDisclosure(models.Model):
    """The one site-wide record: the line readers see before the first affiliate link on a
    page, the domains whose links are always sponsored, and the /ads.txt file ad systems
    read."""

    #: There is one record; `current()` makes it on first use.
    SINGLETON_ID = 1

    affiliate_notice = models.TextField(
        max_length=400,
        default=DEFAULT_AFFILIATE_NOTICE,
        help_text="Shown once, before the first affiliate or sponsored link on a page.",
    )
    sponsored_domains = models.TextField(
        "affiliate domains",
        blank=True,
        help_text=(
            "One domain per line, e.g. “amzn.to” or “northlight.example”. Every link in an "
            "explainer's text to one of them, or to a subdomain, is marked sponsored and "
            "comes after the notice above, whichever editor wrote it."
        ),
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
        errors = {}
        found = ads_txt_errors(self.ads_txt)
        if found:
            errors["ads_txt"] = found
        found = sponsored_domain_errors(self.sponsored_domains)
        if found:
            errors["sponsored_domains"] = found
        if errors:
            raise ValidationError(errors)

    def sponsored_domain_list(self):
        """The affiliate domains, lower case, as links are compared with them."""
        return [
            line.strip().lower().rstrip(".")
            for line in self.sponsored_domains.splitlines()
            if line.strip()
        ]

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
