"""Private editorial notes on an article: posting, replying, resolving, and @mentions.

A note is plain text (escaped wherever it is shown). `@username`, or `@Firstname` when one
colleague alone has that first name, mails that colleague once for the note, through the
outbox, if they may read the article's notes; never the note's own author.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from . import editorial_mail, workflow
from .models import EditorialNote, NoteMention

#: The longest note the desk keeps (a note is a message, not a draft).
NOTE_MAX_LENGTH = EditorialNote._meta.get_field("body").max_length
#: An @ that starts a word, then a username's characters (Django allows letters, digits
#: and @ . + - _); a full stop or hyphen ending it is the sentence's, not the name's.
MENTION = re.compile(r"(?<![\w@.+-])@([\w][\w.@+-]*)")
#: Names one note may mention: more is a mailing list, not a note.
MENTIONS_PER_NOTE = 20


def notes_for(article):
    """The article's threads, oldest first, each with its replies and their authors loaded."""
    replies = EditorialNote.objects.select_related("author").order_by("created_at", "id")
    return list(
        EditorialNote.objects.filter(article=article, parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def mentioned_names(body):
    """The names a note's @mentions spell, in order, each once (as typed)."""
    names = []
    for match in MENTION.finditer(body):
        name = match.group(1).rstrip(".-")
        if name and name.lower() not in {seen.lower() for seen in names}:
            names.append(name)
    return names[:MENTIONS_PER_NOTE]


def mentioned_users(body):
    """{typed name: user} for each @name that names one active staff member: a username
    first (any case), else a first name only one of them has."""
    names = mentioned_names(body)
    if not names:
        return {}
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    by_username = Q()
    by_first_name = Q()
    for name in names:
        by_username |= Q(username__iexact=name)
        by_first_name |= Q(first_name__iexact=name)
    candidates = list(staff.filter(by_username | by_first_name))
    found = {}
    for name in names:
        lowered = name.lower()
        exact = [user for user in candidates if user.get_username().lower() == lowered]
        first = [user for user in candidates if user.first_name.lower() == lowered]
        if exact:
            found[name] = exact[0]
        elif len(first) == 1:
            found[name] = first[0]
    return found


def _clean_body(body):
    # PostgreSQL refuses NUL in any text: a pasted one is dropped, not sent.
    body = (body or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError("Write something first: the note is empty.", code="empty")
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            f"A note holds at most {NOTE_MAX_LENGTH} characters; this one has {len(body)}.",
            code="too_long",
        )
    return body


def editorial_note_post(*, article, user, body, parent=None):
    """A colleague's note (or a reply) appears beside the article's form for the editors and
    its authors; each colleague it @mentions who may read it is mailed once.

    Returns (note, mailed users, mentioned names that were not mailed and why).
    """
    if not workflow.can_discuss(user, article):
        raise PermissionDenied("Only the editors and the article's authors can write notes on it.")
    body = _clean_body(body)
    if parent is not None:
        if parent.article_id != article.pk:
            raise ValidationError("That note belongs to another article.", code="wrong_article")
        # One level of threads: answering a reply answers its thread.
        parent = parent.parent or parent
    mailed, not_mailed = [], []
    with transaction.atomic():
        note = EditorialNote.objects.create(article=article, author=user, body=body, parent=parent)
        if parent is not None and parent.is_resolved:
            # A new reply reopens the question.
            EditorialNote.objects.filter(pk=parent.pk).update(resolved_at=None, resolved_by=None)
        found = mentioned_users(body)
        not_mailed += [
            f"{name} (no colleague has that name)"
            for name in mentioned_names(body)
            if name not in found
        ]
        for name, person in found.items():
            if person.pk == user.pk:
                continue
            if not workflow.can_discuss(person, article):
                not_mailed.append(f"{name} (cannot open this article's notes)")
                continue
            mention, created = NoteMention.objects.get_or_create(note=note, user=person)
            if created and editorial_mail.note_mention_queue(mention=mention):
                mailed.append(person)
            elif created:
                not_mailed.append(f"{name} (has no address or turned this mail off)")
    return note, mailed, not_mailed


def editorial_note_resolve(*, note, user, resolved=True):
    """A thread is marked done (shown folded, with who closed it) or opened again."""
    if not workflow.can_discuss(user, note.article):
        raise PermissionDenied("Only the editors and the article's authors can work on its notes.")
    if note.parent_id is not None:
        raise ValidationError("Resolve the thread, not one reply.", code="reply")
    with transaction.atomic():
        note.resolved_at = timezone.now() if resolved else None
        note.resolved_by = user if resolved else None
        note.save(update_fields=["resolved_at", "resolved_by"])
    return note


def may_delete(user, note):
    """A note's author takes back their own note; an editor may remove any."""
    return (note.author_id is not None and note.author_id == user.pk) or user.has_perm(
        workflow.PUBLISH_PERMISSION
    )


def editorial_note_delete(*, note, user):
    """A note (with its replies, if it starts a thread) is gone from beside the article;
    a mention's mail not sent yet is not sent."""
    if not workflow.can_discuss(user, note.article) or not may_delete(user, note):
        raise PermissionDenied("Only the note's author or an editor can delete it.")
    with transaction.atomic():
        replies = note.replies.count()
        note.delete()
    return replies
