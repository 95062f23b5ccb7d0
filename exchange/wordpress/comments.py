"""WordPress comments into threaded comments: their status, author, address and date kept,
pingbacks and trash left behind, no mail sent."""

import html
import ipaddress
from dataclasses import asdict

from django.utils import timezone
from django.utils.html import strip_tags

from discussion.models import Comment

from ..models import ImportedItem
from .records import fingerprint, record_for

#: `wp:comment_approved` -> comment status; "trash" and "post-trashed" are left behind.
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
}
#: Notices from other blogs, not readers' words.
SKIPPED_COMMENT_TYPES = frozenset({"pingback", "trackback"})
#: Guests must leave an email here; a WordPress comment without one gets this reserved address.
NO_EMAIL = "unknown@example.invalid"


class CommentImporter:
    """The comments of one export's posts; `touched` names the articles whose counters need
    recounting once the run ends."""

    def __init__(self, *, site, report):
        self.site = site
        self.report = report
        self.touched = set()

    def import_all(self, item, article, entry):
        """The post's comments under `article`, each after the one it answers."""
        done = {}
        waiting = sorted(item.comments, key=lambda comment: comment.wp_id)
        by_id = {comment.wp_id: comment for comment in waiting}
        while waiting:
            ready = [c for c in waiting if not c.parent_id or c.parent_id in done]
            ready += [c for c in waiting if c.parent_id and c.parent_id not in by_id]
            if not ready:
                ready = waiting  # a cycle: the rest become top-level comments
            for comment in ready:
                done[comment.wp_id] = self.import_one(comment, article, done, entry)
            waiting = [c for c in waiting if c.wp_id not in done]

    def import_one(self, found, article, done, entry):
        status = COMMENT_STATUSES.get(found.approved)
        body = html.unescape(strip_tags(found.body.replace("</p>", "\n\n").replace("<br", "\n<br")))
        body = body.replace("\x00", "").strip()
        if found.kind in SKIPPED_COMMENT_TYPES:
            status, why = None, f"a {found.kind}"
        elif status is None or not body:
            why = f"status “{found.approved}”" if status is None else "no text"
        if status is None or not body:
            entry.note(f"comment {found.wp_id}: {why}, left behind")
            self.report.count("comments skipped")
            return None
        parent = done.get(found.parent_id) if found.parent_id else None
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
        digest = fingerprint(asdict(found), parent.pk if parent else None)
        record = record_for(self.site, ImportedItem.Kind.COMMENT, found.wp_id)
        if record is not None and record.comment_id is None:
            self.report.count("comments skipped")  # deleted by a moderator since
            return None
        if record is not None and record.fingerprint == digest:
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
        if found.parent_id and parent is None:
            entry.note(f"comment {found.wp_id} answered a comment left behind: it starts a thread")
        if not found.email:
            entry.note(f"comment {found.wp_id} by {fields['guest_name']}: no email in the export")
        ImportedItem.objects.update_or_create(
            site=self.site,
            kind=ImportedItem.Kind.COMMENT,
            wp_id=found.wp_id,
            defaults={"comment": comment, "fingerprint": digest},
        )
        self.touched.add(article.pk)
        return comment


def _ip(text):
    """The commenter's address, or None where WordPress stored something that is not one."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
