"""What a page discloses about money: the affiliate notice before the first paid link."""

from articles.models import SiteDisclosure


def affiliate_notice(offers):
    """The line readers see before the first affiliate link among `offers`, or "" when no
    link on the page earns us anything (an offer without a link is not a link)."""
    if any(offer.affiliate and offer.url for offer in offers):
        return SiteDisclosure.current().affiliate_notice
    return ""


def notice_keys(notice):
    """The page cache keys of a page showing `notice`: editing the words purges it."""
    return [SiteDisclosure.page_key()] if notice else []
