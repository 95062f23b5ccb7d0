"""What the page furniture reads of standing pages: one small query, kept until they change."""

from dataclasses import dataclass

from django.conf import settings

from core.pagecache import FURNITURE
from core.pagestore import store

from .models import StandingPage


@dataclass(frozen=True)
class PageLink:
    """A published standing page as the footer and the publisher's JSON-LD name it."""

    title: str
    url: str
    role: str
    in_footer: bool


def _read():
    rows = StandingPage.objects.furniture().values_list("title", "slug", "role", "show_in_footer")
    return [
        PageLink(title, StandingPage(slug=slug).get_absolute_url(), role, in_footer)
        for title, slug, role, in_footer in rows
    ]


def furniture_links():
    """Published pages the footer lists or the publisher names, in footer order.

    Kept in the page store under `FURNITURE` (which a change to such a page purges, with
    every page showing it), so a page rendered between two such changes reads nothing."""
    if settings.PAGE_CACHE_TIMEOUT <= 0:
        return _read()
    return store.kept("standing-pages", lambda: (_read(), [FURNITURE], settings.PAGE_CACHE_TIMEOUT))


def footer_links():
    return [link for link in furniture_links() if link.in_footer]


def policy_links():
    """{role: absolute-less URL} of the published pages that hold a role."""
    return {link.role: link.url for link in furniture_links() if link.role}
