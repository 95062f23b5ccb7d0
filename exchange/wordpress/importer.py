"""WordPress posts and comments into articles, quotes, images, comments and old addresses.

Idempotent: every post and comment is keyed by the WordPress site and its id on
`ImportedItem`, with a fingerprint of what was read; a second run with the same file
changes nothing, a changed post is updated in place, nothing is ever added twice.
No mail is sent and nothing is fetched from the network.
"""

import hashlib
import html
import ipaddress
import json
from dataclasses import asdict
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from articles import workflow
from articles.models import RESERVED_SLUGS, Article, ArticleBlock
from articles.services import article_save_imported
from core.pagecache import LISTING, invalidate
from discussion.models import Comment
from discussion.services import comments_recount

from ..models import ImportedItem, LegacyURL, normalise_path
from . import matching
from .html import parse_post
from .mappers import map_post
from .report import ImportReport
from .wxr import old_addresses, read_wxr

#: WordPress post status -> Marquee status. Private posts were for the site's staff only:
#: they come across as drafts, never public. Trash and auto-drafts are left behind.
STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.IN_REVIEW,
    "private": Article.Status.DRAFT,
}
#: `wp:comment_approved` -> comment status; "trash" and "post-trashed" are left behind.
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
}
#: Notices from other blogs, not readers' words.
SKIPPED_COMMENT_TYPES = frozenset({"pingback", "trackback"})
#: WordPress's default category, which says nothing about a post.
SKIPPED_TERMS = frozenset({"uncategorized"})
#: Guests must leave an email here; a WordPress comment without one gets this reserved address.
NO_EMAIL = "unknown@example.invalid"
#: Meta keys media-credit plugins store a picture's credit under.
CREDIT_KEYS = ("_media_credit", "media_credit", "_wp_attachment_credit", "credit")


def _fingerprint(*parts):
    data = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


class WordPressImporter:
    """One run of `import_wordpress`: reads the file, writes each post in its own transaction."""

    def __init__(self, *, path, media_dir=None, kind=Article.Kind.NEWS, progress=None):
        self.wxr = read_wxr(path)
        self.media_dir = media_dir
        self.kind = kind
        self.progress = progress or (lambda line: None)
        self.report = ImportReport()
        self.items = self.wxr.by_id()
        self.touched_articles = set()

    def run(self):
        posts = self.wxr.of_type("post")
        for other in sorted({item.post_type for item in self.wxr.items} - {"post", "attachment"}):
            number = len(self.wxr.of_type(other))
            self.report.note(f"{number} item(s) of type “{other}” (only posts are imported)")
        for number, item in enumerate(posts, start=1):
            self.progress(f"[{number}/{len(posts)}] {item.title or item.slug}")
            try:
                with transaction.atomic():
                    article = self.import_post(item)
                    if article is not None:
                        self.import_comments(item, article)
            except (ValidationError, DatabaseError, OSError) as error:
                # One broken post (a corrupt image, a value the database refuses) costs that post.
                self.report.note(f"post {item.wp_id} “{item.title}”: not imported ({error})")
                self.report.count("posts failed")
        if self.touched_articles:
            comments_recount(article_ids=self.touched_articles)
            invalidate(LISTING)
        return self.report

    # Posts ---------------------------------------------------------------------------------

    def _record(self, kind, wp_id):
        return ImportedItem.objects.filter(site=self.wxr.site, kind=kind, wp_id=wp_id).first()

    def import_post(self, item):
        status = STATUSES.get(item.status)
        if status is None:
            self.report.note(f"post {item.wp_id} “{item.title}”: status “{item.status}” skipped")
            self.report.count("posts skipped")
            return None
        record = self._record(ImportedItem.Kind.POST, item.wp_id)
        if status in Article.LIVE_STATUSES and item.date is None:
            self.report.note(f"post {item.wp_id} “{item.title}”: no date, imported as a draft")
            status = Article.Status.DRAFT
        fingerprint = _fingerprint(
            asdict(item) | {"comments": None}, self._thumbnail(item), str(self.media_dir or "")
        )
        if record is not None and record.article_id is None:
            self.report.note(f"post {item.wp_id} “{item.title}”: deleted in Marquee, left alone")
            self.report.count("posts skipped")
            return None
        if record is not None and record.fingerprint == fingerprint:
            self.report.count("posts unchanged")
            if record.article.status in Article.LIVE_STATUSES:
                # What it lacks now: an editor may have completed it since the first run.
                self._note_lacks(item, workflow.publish_problems(record.article))
            return record.article
        article = record.article if record is not None else Article()
        created, previous_slug = article.pk is None, article.slug
        self._fill_article(article, item)
        article.save()
        self._write_blocks(article, item)
        article.tags.set(self._terms(item))
        if item.creator:
            user = matching.byline_user(item.creator, self.wxr.authors.get(item.creator))
            article.authors.set([user])
        lacks = article_save_imported(
            article=article,
            status=status,
            publish_at=item.date if status in Article.LIVE_STATUSES else None,
            note=f"Imported from WordPress ({self.wxr.site}, post {item.wp_id}).",
            previous_slug=previous_slug,
        )
        ImportedItem.objects.update_or_create(
            site=self.wxr.site,
            kind=ImportedItem.Kind.POST,
            wp_id=item.wp_id,
            defaults={"article": article, "fingerprint": fingerprint, "lacks": "; ".join(lacks)},
        )
        self._legacy_urls(article, item)
        self.touched_articles.add(article.pk)
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
        while Article.objects.filter(slug=slug).exclude(pk=article.pk).exists():
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _fill_article(self, article, item):
        article.title = " ".join(item.title.split())[:200] or f"WordPress post {item.wp_id}"
        article.slug = self._slug(article, item)
        article.standfirst = " ".join(strip_tags(item.excerpt).split())[:400]
        if article.pk is None:
            article.kind = self.kind
        thumbnail = self._thumbnail(item)
        if thumbnail:
            path = matching.media_file(thumbnail["url"], self.media_dir)
            if path is None:
                self.report.note(f"“{item.title}”: featured image {thumbnail['url']} not found")
            else:
                alt = thumbnail["alt"]
                if not alt:
                    alt = f"Picture from “{article.title}”"
                    self.report.note(f"“{item.title}”: featured image has no alt text")
                image = self._store(
                    article.hero_image if article.hero_image_id else None,
                    path,
                    item,
                    alt=alt,
                    credit=thumbnail["credit"],
                )
                if image is not None:
                    article.hero_image = image

    def _thumbnail(self, item):
        """The featured image's address, alt text and credit, from its attachment post."""
        attachment = self.items.get(int(item.meta.get("_thumbnail_id") or 0))
        if attachment is None:
            return None
        credit = next((attachment.meta[k] for k in CREDIT_KEYS if attachment.meta.get(k)), "")
        return {
            "url": attachment.attachment_url or attachment.guid,
            "alt": " ".join(attachment.meta.get("_wp_attachment_image_alt", "").split()),
            "credit": " ".join(credit.split()),
        }

    def _terms(self, item):
        names = [name[:100] for name in item.categories if name.lower() not in SKIPPED_TERMS]
        return list(dict.fromkeys(names))

    def _write_blocks(self, article, item):
        mapping = map_post(parse_post(item.content))
        for tag in sorted(set(mapping.unknown)):
            self.report.note(f"“{item.title}”: {tag} has no block kind, kept as clean text")
        for code in mapping.shortcodes:
            self.report.note(f"“{item.title}”: shortcode {code} removed")
        article.blocks.all().delete()
        position = 0
        for draft in mapping.drafts:
            block = ArticleBlock(article=article, kind=draft.kind, **draft.fields)
            if draft.quote:
                block.quote = self._quote(draft.quote, item)
            if draft.image and not self._image(block, draft.image, item):
                continue
            position += 1
            block.position = position
            block.save()

    def _quote(self, found, item):
        speaker = matching.person_named(found["speaker"])
        source = matching.source_for(
            url=found["url"],
            outlet=found["outlet"],
            link_text=found["link_text"],
            fallback_title=item.title,
        )
        if source is None:
            self.report.note(f"“{item.title}”: quote by {speaker.name} has no linked source")
        return matching.quote_for(text=found["text"], speaker=speaker, source=source)

    def _image(self, block, found, item):
        path = matching.media_file(found["src"], self.media_dir)
        if path is None:
            self.report.note(f"“{item.title}”: image {found['src']} not found, left out")
            return False
        alt = found["alt"] or found["caption"][:250]
        if not alt:
            alt = "Picture from the original post"
            self.report.note(f"“{item.title}”: image {found['src']} has no alt text")
        image = self._store(None, path, item, alt=alt, caption=found["caption"])
        if image is None:
            return False
        block.image = image
        block.caption = found["caption"]
        return True

    def _store(self, current, path, item, **fields):
        """The library image of the picture at `path`: `current` when it holds it already, else
        a new one; None if the picture is refused (and the report says why)."""
        if matching.holds_picture(current, path):
            return current
        try:
            return matching.store_picture(path, **fields)
        except ValidationError as error:
            self.report.note(f"“{item.title}”: {path.name} left out: {' '.join(error.messages)}")
            return None

    def _legacy_urls(self, article, item):
        for path, query_p in old_addresses(item):
            if len(path) > LegacyURL._meta.get_field("path").max_length:
                self.report.note(f"“{item.title}”: old address {path[:60]}… is too long to keep")
                continue
            LegacyURL.objects.update_or_create(
                path=path if query_p else normalise_path(path),
                query_p=query_p,
                defaults={"article": article},
            )

    # Comments ------------------------------------------------------------------------------

    def import_comments(self, item, article):
        done = {}
        waiting = sorted(item.comments, key=lambda comment: comment.wp_id)
        by_id = {comment.wp_id: comment for comment in waiting}
        while waiting:
            ready = [c for c in waiting if not c.parent_id or c.parent_id in done]
            ready += [c for c in waiting if c.parent_id and c.parent_id not in by_id]
            if not ready:
                ready = waiting  # a cycle: the rest become top-level comments
            for comment in ready:
                done[comment.wp_id] = self.import_comment(comment, article, done)
            waiting = [c for c in waiting if c.wp_id not in done]

    def _parent(self, comment, done):
        """The imported parent; a reply to a comment left behind (trash) starts a thread."""
        return done.get(comment.parent_id) if comment.parent_id else None

    def import_comment(self, found, article, done):
        status = COMMENT_STATUSES.get(found.approved)
        body = html.unescape(strip_tags(found.body.replace("</p>", "\n\n").replace("<br", "\n<br")))
        body = body.replace("\x00", "").strip()
        if found.kind in SKIPPED_COMMENT_TYPES:
            status, why = None, f"a {found.kind}"
        elif status is None or not body:
            why = f"status “{found.approved}”" if status is None else "no text"
        if status is None or not body:
            self.report.note(f"comment {found.wp_id} on “{article.title}”: {why}, skipped")
            self.report.count("comments skipped")
            return None
        parent = self._parent(found, done)
        fields = {
            "article": article,
            "parent": parent,
            "root": (parent.root or parent) if parent else None,
            "depth": parent.depth + 1 if parent else 0,
            "guest_name": " ".join(found.author.split())[:80] or "Anonymous",
            "guest_email": found.email[:254] or NO_EMAIL,
            "body": body,
            "status": status,
            "hold_reason": (
                "imported from WordPress as pending" if status == Comment.Status.PENDING else ""
            ),
            "ip": _ip(found.ip),
            "created_at": found.date or timezone.now(),
            "approved_at": found.date if status == Comment.Status.APPROVED else None,
        }
        fingerprint = _fingerprint(asdict(found), parent.pk if parent else None)
        record = self._record(ImportedItem.Kind.COMMENT, found.wp_id)
        if record is not None and record.comment_id is None:
            self.report.count("comments skipped")  # deleted by a moderator since
            return None
        if record is not None and record.fingerprint == fingerprint:
            self.report.count("comments unchanged")
            return record.comment
        if record is not None:
            comment = record.comment
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.save()
            self.report.count("comments updated")
        else:
            comment = Comment.objects.create(**fields)
            self.report.count("comments created")
        if not found.email:
            self.report.note(f"comment {found.wp_id} by {fields['guest_name']}: no email")
        ImportedItem.objects.update_or_create(
            site=self.wxr.site,
            kind=ImportedItem.Kind.COMMENT,
            wp_id=found.wp_id,
            defaults={"comment": comment, "fingerprint": fingerprint},
        )
        self.touched_articles.add(article.pk)
        return comment


def _ip(text):
    """The commenter's address, or None where WordPress stored something that is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
