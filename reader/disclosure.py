"""What a page discloses about money: the affiliate notice before the first paid link.

A paid link is a where-to-watch offer ticked *Affiliate*, or a link in an explainer's rich
text that is marked sponsored: by its editor (`rel="sponsored"`, kept by the sanitiser) or
because it goes to one of the site's affiliate domains (`SiteDisclosure.sponsored_domains`,
applied as the page is rendered, so a domain added today marks yesterday's links too).
"""

from dataclasses import dataclass, field

from articles.models import SiteDisclosure
from articles.richtext import links_sponsored, mark_sponsored, outbound_hosts


def affiliate_notice(offers):
    """The line readers see before the first affiliate link among `offers`, or "" when no
    link on the page earns us anything (an offer without a link is not a link)."""
    if any(offer.affiliate and offer.url for offer in offers):
        return SiteDisclosure.current().affiliate_notice
    return ""


def notice_keys(notice):
    """The page cache keys of a page showing `notice`: editing the words purges it."""
    return [SiteDisclosure.page_key()] if notice else []


@dataclass
class Disclosure:
    """What an article page discloses: the notice above its where-to-watch offers
    (`offers_notice`), or the notice before the first block whose text holds a sponsored
    link (`text_notice`, before the block `before`), never both; and the affiliate domains
    its rich text is marked against."""

    offers_notice: str = ""
    text_notice: str = ""
    before: object = None
    sponsored_domains: list = field(default_factory=list)
    read_record: bool = False

    def page_keys(self):
        """The record's key when the page read it: new words or domains purge the page."""
        return [SiteDisclosure.page_key()] if self.read_record else []


def article_disclosure(offers, blocks):
    """The article page's `Disclosure`, reading the site's record at most once and only when
    the page has an affiliate offer or a link off the site in its text."""
    texts = [(block, block.text) for block in blocks if block.text]
    paid_offer = any(offer.affiliate and offer.url for offer in offers)
    linking = any(outbound_hosts(text) or links_sponsored(text) for _, text in texts)
    if not (paid_offer or linking):
        return Disclosure()
    record = SiteDisclosure.current()
    domains = record.sponsored_domain_list()
    found = Disclosure(sponsored_domains=domains, read_record=True)
    if paid_offer:
        found.offers_notice = record.affiliate_notice
        return found
    for block, text in texts:
        if links_sponsored(mark_sponsored(text, domains)):
            found.text_notice, found.before = record.affiliate_notice, block.uid
            break
    return found
