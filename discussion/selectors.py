"""Read side of the discussion: one page of threads, and what belongs to the reader looking at it.

Queries only: who the reader is (cookies, session) is read by `discussion.http`.
The page of threads is the same for everybody (it could be cached for anonymous readers); the
reader's state (their votes, their rating, their pending comments, what they may still edit)
is computed separately by `reader_state()` and either rendered into the page by the article
view (no cache, no JavaScript needed) or fetched by `static/js/discussion.js` from
`discussion/<id>/me/`.
"""

import dataclasses
import datetime
import uuid

from django.db import models
from django.utils import timezone

from .models import EDIT_WINDOW_SECONDS, MAX_DISPLAY_DEPTH, Comment, CommentVote, Rating

PAGE_SIZE = 20
# Far beyond any real discussion; a larger ?page= would overflow the database's OFFSET.
MAX_PAGE = 10_000
SORTS = {
    "oldest": ("Oldest", ("created_at", "id")),
    "newest": ("Newest", ("-created_at", "-id")),
    "votes": ("Most voted", ("-score", "created_at", "id")),
}
DEFAULT_SORT = "oldest"


# --------------------------------------------------------------------------- threads


@dataclasses.dataclass(frozen=True)
class ThreadPage:
    number: int
    has_next: bool

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def previous_page_number(self):
        return self.number - 1


def parse_uid(value):
    """A block uid from the query string, or None for anything that is not one."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def parse_id(value):
    """A comment id from the query string, or None for anything that is not a plain number.

    `str.isdigit()` is not enough: "²" is a digit to it but not to `int()`.
    """
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def normalize_sort(value):
    return value if value in SORTS else DEFAULT_SORT


def _visible(node):
    """Keep approved comments, and placeholders for hidden ones that still have visible replies."""
    node.children = [child for child in node.children if _visible(child)]
    return node.status == Comment.Status.APPROVED or bool(node.children)


def thread_page(*, article, sort=DEFAULT_SORT, page=1, block_uid=None):
    """One page of top-level comments with all their visible replies, in a fixed number of queries.

    Replies are nested to MAX_DISPLAY_DEPTH levels; deeper ones are shown at that level, after
    their ancestor there, and carry `reply_to` so the page can say whom they answer.
    """
    sort = normalize_sort(sort)
    roots = Comment.objects.thread_roots(article).order_by(*SORTS[sort][1])
    if block_uid:
        roots = roots.filter(anchor_block__uid=block_uid)
    try:
        number = min(max(1, int(page)), MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * PAGE_SIZE
    # One row more than a page says whether to offer "Load more", without a COUNT query; the
    # replies come by a subquery on the same slice, so 0 or 500 comments cost the same queries.
    top = list(roots.for_thread()[offset : offset + PAGE_SIZE + 1])
    page_obj = ThreadPage(number=number, has_next=len(top) > PAGE_SIZE)
    top = top[:PAGE_SIZE]
    replies = list(
        Comment.objects.filter(
            root__in=models.Subquery(roots.values("pk")[offset : offset + PAGE_SIZE])
        )
        .for_thread()
        .order_by("created_at", "id")
    )
    nodes = {}
    for comment in top:
        comment.children, comment.reply_to = [], None
        nodes[comment.pk] = comment
    for reply in replies:
        reply.children, reply.reply_to = [], None
        nodes[reply.pk] = reply
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is None:
            continue
        shown_under = parent
        while shown_under.depth >= MAX_DISPLAY_DEPTH - 1 and shown_under.parent_id in nodes:
            shown_under = nodes[shown_under.parent_id]
        if shown_under is not parent:
            reply.reply_to = parent
        shown_under.children.append(reply)
    threads = [comment for comment in top if _visible(comment)]
    # The accounts of the byline's contributors (prefetched by the article page; either way
    # one query at most): their comments are marked as the author's.
    byline = {contributor.user_id for contributor in article.byline if contributor.user_id}
    for comment in nodes.values():
        comment.is_by_author = comment.user_id is not None and comment.user_id in byline
    return {"sort": sort, "page": page_obj, "threads": threads, "nodes": nodes}


def article_discussion(*, article, sort=None, page=1, block_uid=None, reply_to_id=None):
    """Everything shared under an article: one page of threads, the sorts, the comment replied to.

    The same for every reader; what belongs to one reader comes from `reader_state()`.
    """
    reply_to = None
    if reply_to_id is not None:
        reply_to = (
            Comment.objects.approved()
            .filter(article=article, pk=reply_to_id)
            .select_related("user")
            .first()
        )
    return {
        **thread_page(article=article, sort=sort, page=page, block_uid=block_uid),
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "block_uid": block_uid,
        "reply_to": reply_to,
    }


def reader_state(*, article, user=None, voter_key=None, own_comment_ids=(), now=None):
    """What belongs to the reader alone: their votes, rating, pending comments, editable ones.

    Who the reader is comes from the request (`discussion.http.reader_identity()`).
    """
    now = now or timezone.now()
    key = voter_key
    own_ids = list(own_comment_ids)
    votes, rating = {}, None
    if key:
        votes = dict(
            CommentVote.objects.filter(voter_key=key, comment__article=article).values_list(
                "comment_id", "value"
            )
        )
        rating = (
            Rating.objects.filter(article=article, voter_key=key)
            .values_list("value", flat=True)
            .first()
        )
    pending, editable = [], set()
    mine = Comment.objects.none()
    if user is not None:
        mine = Comment.objects.filter(article=article, user=user)
    elif own_ids:
        mine = Comment.objects.filter(article=article, user=None, pk__in=own_ids)
    since = now - datetime.timedelta(seconds=EDIT_WINDOW_SECONDS)
    if user is not None or own_ids:
        for comment in (
            (mine.filter(created_at__gte=since) | mine.filter(status=Comment.Status.PENDING))
            .for_thread()
            .select_related("parent__user")
        ):
            if comment.status == Comment.Status.PENDING:
                pending.append(comment)
            if comment.is_editable_now(now):
                editable.add(comment.pk)
    own = set(own_ids)
    if user is not None:
        own |= set(Comment.objects.filter(article=article, user=user).values_list("pk", flat=True))
    return {
        "voter_key": key,
        "votes": votes,
        "rating": rating,
        "pending": pending,
        "editable": editable,
        "own": own,
    }


def apply_reader_state(nodes, state):
    """Mark each shown comment with the reader's vote and whether it is theirs to edit."""
    for comment in nodes.values():
        comment.my_vote = state["votes"].get(comment.pk, 0)
        comment.is_mine = comment.pk in state["own"]
        comment.can_edit = comment.pk in state["editable"]


# --------------------------------------------------------------------------- moderation queue


def queue_next_waiting(*, after):
    """The waiting comment a moderator meets after `after` going down the queue (newest
    first), starting again at the top at the bottom; None when no other one waits."""
    others = Comment.objects.waiting().exclude(pk=after.pk).order_by("-created_at", "-id")
    below = others.filter(
        models.Q(created_at__lt=after.created_at)
        | models.Q(created_at=after.created_at, id__lt=after.pk)
    )
    return below.first() or others.first()


def queue_waiting(*, limit):
    """The newest waiting comments with their author and article, for a short list."""
    return list(
        Comment.objects.waiting()
        .select_related("article", "user")
        .order_by("-created_at", "-id")[:limit]
    )
