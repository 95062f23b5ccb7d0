"""WordPress pages into standing pages: About, Contact, Privacy… keep their words and address.

A page is keyed on `ImportedItem` like a post (kind "page"), so a second run changes nothing
and a changed page is updated in place. A published page is published here, anything else a
draft (a page readers could not read stays unread); a page whose slug names a role (about,
contact, privacy…) takes that role when no other page holds it. Its old addresses (permalink,
`?page_id=`) answer 301 through `LegacyURL`, as posts' do.
"""

import re
from dataclasses import asdict
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from articles.models import RESERVED_SLUGS, Article
from articles.richtext import sanitize_html
from core.pagecache import invalidate, keys
from pages.models import StandingPage

from ..models import ImportedItem
from .html import page_html
from .records import fingerprint, record_for
from .report import FAILED

#: Bumped when pages are read differently: a re-run after an upgrade reads them again.
PAGE_MAPPING_VERSION = 1
#: A WordPress page's slug -> the role it plays here, when no page holds that role yet.
ROLE_SLUGS = {
    **dict.fromkeys(["about", "about-us"], StandingPage.Role.ABOUT),
    **dict.fromkeys(["masthead", "staff", "team", "our-team"], StandingPage.Role.MASTHEAD),
    **dict.fromkeys(
        ["standards", "ethics", "ethics-policy", "editorial-standards", "editorial-policy"],
        StandingPage.Role.STANDARDS,
    ),
    **dict.fromkeys(
        ["corrections", "corrections-policy", "correction-policy"],
        StandingPage.Role.CORRECTIONS_POLICY,
    ),
    **dict.fromkeys(
        ["fact-checking", "fact-checking-policy", "verification"], StandingPage.Role.FACT_CHECKING
    ),
    **dict.fromkeys(["contact", "contact-us"], StandingPage.Role.CONTACT),
    **dict.fromkeys(["privacy", "privacy-policy"], StandingPage.Role.PRIVACY),
    **dict.fromkeys(
        ["terms", "terms-of-use", "terms-of-service", "terms-and-conditions"],
        StandingPage.Role.TERMS,
    ),
}
#: What a standing page cannot hold (its rich text has no pictures, embeds or galleries).
_DROPPED = re.compile(r"<img\b|<iframe\b|<video\b|<audio\b|\[(gallery|embed|video|audio)\b", re.I)


class PageImporter:
    """Each WordPress page of one run, in its own transaction (a broken one costs only itself)."""

    def __init__(self, *, site, report, keep_addresses):
        self.site = site
        self.report = report
        self.keep_addresses = keep_addresses

    def import_page(self, item):
        entry = self.report.item(item.wp_id, item.post_type, item.title)
        try:
            with transaction.atomic():
                self._import(item, entry)
        except (ValidationError, DatabaseError) as error:
            entry.outcome = FAILED
            entry.note(f"not imported: {error}")
            self.report.count("pages failed")
        if item.comments:
            entry.note(f"its {len(item.comments)} comment(s) stay behind: pages take none")
            self.report.count("comments skipped", len(item.comments))

    def _status(self, item, entry):
        if item.status not in ("publish", "draft", "pending", "private", "future"):
            why = f"status “{item.status}” in WordPress" if item.status else "no status"
            entry.note(f"{why}: left behind")
            return None
        if item.password:
            entry.note("password-protected in WordPress: imported as a draft")
            return StandingPage.Status.DRAFT
        if item.status != "publish":
            entry.note(f"“{item.status}” in WordPress: imported as a draft")
            return StandingPage.Status.DRAFT
        return StandingPage.Status.PUBLISHED

    def _import(self, item, entry):
        status = self._status(item, entry)
        record = record_for(self.site, ImportedItem.Kind.PAGE, item.wp_id)
        if status is None or (record is not None and record.page_id is None):
            if status is not None:
                entry.note("deleted in Marquee since the last import: left alone")
            entry.outcome = "skipped"
            self.report.count("pages skipped")
            return
        page = record.page if record is not None else StandingPage()
        digest = fingerprint(PAGE_MAPPING_VERSION, asdict(item) | {"comments": None}, status)
        if record is not None and record.fingerprint == digest:
            entry.outcome, entry.address = "unchanged", page.get_absolute_url()
            self.report.count("pages unchanged")
            return
        created, before = page.pk is None, keys(page) if page.pk else []
        page.title = item.title[:200] or f"WordPress page {item.wp_id}"
        page.slug = self._slug(page, item, entry)
        if created:
            page.role = self._role(item, entry)
            page.footer_order = item.menu_order
        if _DROPPED.search(item.content or ""):
            entry.note("pictures and embeds are not kept in standing pages: add them by hand")
        page.body = sanitize_html(page_html(item.content))
        page.meta_description = " ".join(item.excerpt.split())[:300]
        page.status = status
        if item.date is not None and created:
            page.updated_at = item.date
        page.full_clean()
        page.save()
        ImportedItem.objects.update_or_create(
            site=self.site,
            kind=ImportedItem.Kind.PAGE,
            wp_id=item.wp_id,
            defaults={"page": page, "fingerprint": digest, "identity": item.identity},
        )
        if status == StandingPage.Status.PUBLISHED:
            self.keep_addresses(item, page=page)
        invalidate(*before, *keys(page))
        entry.outcome = "created" if created else "updated"
        entry.address = page.get_absolute_url()
        self.report.count("pages created" if created else "pages updated")

    def _slug(self, page, item, entry):
        """The page's slug, or a free one: no site page, explainer or other page holds it."""
        wanted = slugify(unquote(item.slug))
        base = (wanted or slugify(item.title) or f"page-{item.wp_id}")[:200]
        if base in RESERVED_SLUGS:
            base = f"{base}-page"
        slug, number = base, 1
        while self._taken(slug, page):
            number += 1
            slug = f"{base}-{number}"
        if wanted and slug != wanted:
            entry.note(f"its address is /{slug}/ (“{item.slug}” was taken or reserved)")
        return slug

    @staticmethod
    def _taken(slug, page):
        others = StandingPage.objects.filter(slug=slug).exclude(pk=page.pk)
        return others.exists() or Article.objects.filter(slug=slug).exists()

    def _role(self, item, entry):
        role = ROLE_SLUGS.get(slugify(unquote(item.slug)), "")
        if role and StandingPage.objects.filter(role=role).exists():
            entry.note(f"another page is already the {role.label.lower()} page: no role given")
            return ""
        return role
