"""WordPress posts, pages, pictures and comments into articles, standing pages (`pages.py`),
the image library, comments and old addresses.

Idempotent: every post, picture and comment is keyed by the WordPress site and its id on
`ImportedItem`, with a fingerprint of what was read; a second run with the same file
changes nothing, a changed post is updated in place, nothing is ever added twice, and an
export of another site at the same address is refused rather than written over the first.
Nothing that readers could not read in WordPress becomes public. No mail is sent and
nothing is fetched from the network.
"""

import contextlib
from dataclasses import asdict
from pathlib import Path
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify

from articles import workflow
from articles.hooks import root_slug_holder
from articles.models import RESERVED_SLUGS, Article, ArticleBlock
from articles.services import article_save_imported
from core.pagecache import LISTING, invalidate
from discussion.services import comments_recount
from people.models import Person

from ..models import ImportedItem
from . import matching
from .addresses import keep_old_addresses
from .comments import CommentImporter
from .html import parse_post
from .mappers import map_post
from .pages import PageImporter
from .pictures import PictureImporter, thrown_away
from .records import fingerprint, record_for
from .report import FAILED, ImportReport
from .wxr import WXRError, WXRSource, site_key

#: Bumped when posts map to blocks differently: a re-run after an upgrade maps them again.
MAPPING_VERSION = 2
#: WordPress post status -> Marquee status. Private posts were for the site's staff only:
#: they come across as drafts, never public. Trash and auto-drafts are left behind.
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.DRAFT,
}
#: WordPress's default category, which says nothing about a post.
SKIPPED_TERMS = frozenset({"uncategorized"})
#: What other kinds of item are, for the report: they are not imported.
OTHER_TYPES = {
    "nav_menu_item": "menu entries",
    "wp_block": "reusable blocks",
    "wp_template": "theme templates",
    "wp_template_part": "theme template parts",
    "wp_global_styles": "theme styles",
    "wp_navigation": "navigation menus",
    "custom_css": "custom CSS",
}


class WordPressImporter:
    """One run of `import_wordpress`: reads the whole file first (a damaged one is refused
    before anything is written), then writes each post in its own transaction."""

    def __init__(
        self,
        *,
        path,
        media_dir=None,
        kind=Article.Kind.NEWS,
        progress=None,
        site="",
        people=(),
        dry_run=False,
    ):
        self.source = WXRSource(path)
        self.site = site_key(site) if site else self.source.site
        self.media_dir = media_dir
        self.kind = kind
        self.progress = progress or (lambda line: None)
        self.dry_run = dry_run
        self.report = ImportReport(site=self.site, dry_run=dry_run)
        #: Names an editor confirmed as people (`--person`), lower-cased.
        self.people = {" ".join(name.split()).casefold() for name in people if name.strip()}
        self.people_found = {}
        self.pictures = PictureImporter(
            source=self.source,
            site=self.site,
            media_dir=media_dir,
            report=self.report,
            keep_addresses=self._legacy_urls,
        )
        self.comments = CommentImporter(site=self.site, report=self.report)
        self.pages = PageImporter(
            site=self.site, report=self.report, keep_addresses=self._legacy_urls
        )
        self.touched_articles = set()
        #: Tags by lower-cased name, this run.
        self.tags = {}

    def run(self):
        self._refuse_another_site()
        if not self.source.site_address:
            self.report.note(
                f"The export names no site address: its items are remembered under "
                f"“{self.site}”. Pass --site to give the site a name."
            )
        if self.source.control_characters:
            self.report.note(
                f"{self.source.control_characters} control character(s) XML forbids were "
                "removed from the file (WordPress exports them from pasted text)."
            )
        with self._written_only_if_wanted():
            self.pictures.import_all()
            posts = self.source.counts["post"]
            number = 0
            for item in self.source.items():
                if item.post_type == "post":
                    number += 1
                    self.progress(f"[{number}/{posts}] {item.title or item.slug}")
                    self._one_post(item)
                elif item.post_type == "page":
                    self.pages.import_page(item)
            for post_type, number in sorted(self.source.counts.items()):
                if post_type not in ("post", "page", "attachment"):
                    what = OTHER_TYPES.get(post_type, f"items of type “{post_type}”")
                    self.report.note(f"{number} {what} not imported: Marquee has no such thing.")
            touched = self.touched_articles | self.comments.touched
            if touched:
                comments_recount(article_ids=touched)
                invalidate(LISTING)
        return self.report

    @contextlib.contextmanager
    def _written_only_if_wanted(self):
        """A dry run does everything in one transaction it then rolls back."""
        if not self.dry_run:
            yield
            return
        with thrown_away(), transaction.atomic():
            try:
                yield
            finally:
                transaction.set_rollback(True)

    def _refuse_another_site(self):
        """Two exports that claim one address but are different sites: the second is refused
        before anything is written, rather than overwriting the first one's posts."""
        known = dict(
            ImportedItem.objects.filter(site=self.site, kind=ImportedItem.Kind.POST)
            .exclude(identity="")
            .values_list("wp_id", "identity")
        )
        shared = [
            (wp_id, identity)
            for (post_type, wp_id), identity in self.source.identities.items()
            if post_type == "post" and wp_id in known
        ]
        differ = sum(known[wp_id] != identity for wp_id, identity in shared)
        if shared and differ * 2 > len(shared):
            raise WXRError(
                f"{differ} of the {len(shared)} posts whose ids were already imported from "
                f"{self.site} have another guid and date here: this looks like a different "
                "site at the same address. Nothing was imported. To keep both, run the "
                "import again with --site and a name for this one."
            )

    # Posts ---------------------------------------------------------------------------------

    def _one_post(self, item):
        entry = self.report.item(item.wp_id, item.post_type, item.title)
        try:
            with transaction.atomic():
                article = self.import_post(item, entry)
                if article is not None:
                    self.comments.import_all(item, article, entry)
        except (ValidationError, DatabaseError, OSError) as error:
            # One broken post (a corrupt image, a value the database refuses) costs that post.
            self.tags.clear()  # tags made in the failed post's transaction are gone with it
            entry.outcome = FAILED
            entry.note(f"not imported: {error}")
            self.report.count("posts failed")

    def _status(self, item, entry):
        """What the post's WordPress status means here; None to leave it behind."""
        status = STATUSES.get(item.status)
        if status is None:
            why = f"status “{item.status}” in WordPress" if item.status else "no status"
            entry.note(f"{why}: left behind")
            return None
        if item.password:
            entry.note(
                "password-protected in WordPress: imported as a draft, readers cannot see "
                "it or its comments (Marquee has no post passwords)"
            )
            return Article.Status.DRAFT
        if item.status == "private":
            entry.note("private in WordPress: imported as a draft")
        if status in Article.LIVE_STATUSES and item.date is None:
            entry.note("no date in the export: imported as a draft")
            return Article.Status.DRAFT
        return status

    def import_post(self, item, entry):
        status = self._status(item, entry)
        if status is None:
            entry.outcome = "skipped"
            self.report.count("posts skipped")
            return None
        record = record_for(self.site, ImportedItem.Kind.POST, item.wp_id)
        if record is not None and record.article_id is None:
            entry.outcome = "skipped"
            entry.note("deleted in Marquee since the last import: left alone")
            self.report.count("posts skipped")
            return None
        mapping = map_post(parse_post(item.content))
        digest = fingerprint(
            MAPPING_VERSION,
            asdict(item) | {"comments": None},
            status,
            str(self.media_dir or ""),
            self._confirmed_speakers(mapping),
        )
        if record is not None and record.fingerprint == digest:
            entry.outcome = "unchanged"
            entry.address = record.article.get_absolute_url()
            self.report.count("posts unchanged")
            if record.article.status in Article.LIVE_STATUSES:
                # What it lacks now: an editor may have completed it since the first run.
                self._note_lacks(item, workflow.publish_problems(record.article))
            return record.article
        article = record.article if record is not None else Article()
        created, previous_slug = article.pk is None, article.slug
        self._fill_article(article, item, entry)
        article.save()
        self._write_blocks(article, item, mapping, entry)
        article.tags.set(self._tags(item))
        if item.creator:
            matching.byline_set(article, item.creator, self.source.authors.get(item.creator))
        lacks = article_save_imported(
            article=article,
            status=status,
            publish_at=item.date if status in Article.LIVE_STATUSES else None,
            note=f"Imported from WordPress ({self.site}, post {item.wp_id}).",
            previous_slug=previous_slug,
        )
        ImportedItem.objects.update_or_create(
            site=self.site,
            kind=ImportedItem.Kind.POST,
            wp_id=item.wp_id,
            defaults={
                "article": article,
                "fingerprint": digest,
                "identity": item.identity,
                "lacks": "; ".join(lacks),
            },
        )
        if status in Article.LIVE_STATUSES:
            self._legacy_urls(item, article=article)
        self.touched_articles.add(article.pk)
        entry.outcome = "created" if created else "updated"
        entry.address = article.get_absolute_url()
        self.report.count("posts created" if created else "posts updated")
        self._note_lacks(item, lacks)
        return article

    def _note_lacks(self, item, lacks):
        if lacks:
            self.report.incomplete.append((item.title, lacks))

    def _slug(self, article, item):
        base = slugify(unquote(item.slug)) or slugify(item.title) or f"post-{item.wp_id}"
        base = base[:200]
        if base in RESERVED_SLUGS:
            base = f"{base}-post"
        slug, number = base, 1
        # Nor a standing page's (/about/): articles' hook names what else holds the root.
        while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists() or root_slug_holder(
            slug
        ):
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _fill_article(self, article, item, entry):
        article.title = item.title[:200] or f"WordPress post {item.wp_id}"
        article.slug = self._slug(article, item)
        if unquote(item.slug) and article.slug != slugify(unquote(item.slug)):
            entry.note(f"its address is /{article.slug}/ (“{item.slug}” was taken or reserved)")
        article.standfirst = item.excerpt[:400]
        article.is_featured = item.sticky
        if item.sticky:
            entry.note("sticky in WordPress: featured on the home page")
        if article.pk is None:
            article.kind = self.kind
        thumbnail_id = int(item.meta.get("_thumbnail_id") or 0)
        if not thumbnail_id:
            return
        attachment = self.source.attachments.get(thumbnail_id)
        if attachment is None:
            entry.note(f"featured image (attachment {thumbnail_id}) is not in the export")
            return
        image = self.pictures.for_attachment(attachment)
        if image is None:
            why = self.pictures.refused.get(thumbnail_id) or f"{attachment.url} not found"
            entry.note(f"featured image {why}: no hero picture")
            return
        if not image.alt:
            entry.note(f"featured image {Path(attachment.url).name} has no alt text: add it")
        article.hero_image = image

    def _tags(self, item):
        """The post's categories and tags as tags here, once each."""
        names = [name[:100] for name in item.categories if name.lower() not in SKIPPED_TERMS]
        tags = [matching.tag_named(name, self.tags) for name in dict.fromkeys(names) if name]
        return list({tag.pk: tag for tag in tags}.values())

    def _confirmed_speakers(self, mapping):
        """The names cited in the post that are people here: a quote block needs a person, and
        only an editor can say a cite is one (an existing person, or `--person`)."""
        names = {draft.quote["speaker"] for draft in mapping.drafts if draft.quote}
        return sorted(name for name in names if self._person(name) is not None)

    def _person(self, name):
        key = " ".join(name.split()).casefold()
        if key not in self.people_found:
            person = Person.objects.filter(name__iexact=" ".join(name.split())).first()
            if person is None and key in self.people:
                person = matching.person_named(" ".join(name.split()))
            self.people_found[key] = person
        return self.people_found[key]

    def _write_blocks(self, article, item, mapping, entry):
        for sentence in mapping.notes:
            entry.note(sentence)
        for what, number in mapping.counts.items():
            self.report.count(what, number)
        previous = (
            {block.image_id: block.image for block in article.blocks.filter(image__isnull=False)}
            if article.pk
            else {}
        )
        article.blocks.all().delete()
        position = 0
        for draft in self.pictures.expanded(mapping.drafts, item):
            block = ArticleBlock(article=article, kind=draft.kind, **draft.fields)
            if draft.quote and not self._quote(block, draft, item, entry):
                continue
            if draft.image and not self.pictures.fill_block(block, draft.image, entry, previous):
                continue
            position += 1
            block.position = position
            block.save()

    def _quote(self, block, draft, item, entry):
        """A quote block when the cite names a person, else the quotation kept in the text
        with its cite as a source line."""
        found = draft.quote
        speaker = self._person(found["speaker"])
        if speaker is None:
            if not draft.fallback:
                return False
            block.kind = ArticleBlock.Kind.RICH_TEXT
            block.text = draft.fallback
            entry.note(
                f"quotation cited to “{found['speaker']}” kept in the text: to make it a quote "
                "card, add the person (or pass --person) and import again"
            )
            return True
        source = matching.source_for(
            url=found["url"],
            outlet=found["outlet"],
            link_text=found["link_text"],
            fallback_title=item.title,
        )
        if source is None:
            entry.note(f"quote by {speaker.name} has no linked source")
        block.quote = matching.quote_for(text=found["text"], speaker=speaker, source=source)
        return True

    def _legacy_urls(self, item, *, article=None, image=None, page=None):
        keep_old_addresses(
            item,
            site=self.site,
            public=self.source.public,
            report=self.report,
            article=article,
            image=image,
            page=page,
        )
