"""Read side of the discussion: one page of threads, and what belongs to the reader looking at it.

The page of threads is the same for everybody (it could be cached for anonymous readers); the
reader's state (their votes, their rating, their pending comments, what they may still edit)
is computed separately by `reader_state()` and either rendered into the page (no cache, no
JavaScript needed) or fetched by `static/js/discussion.js` from `discussion/<id>/me/`.
"""

import dataclasses
import datetime
import ipaddress
import re
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import urlize
from django.utils.safestring import mark_safe

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
VOTER_COOKIE = "marquee_voter"
VOTER_SALT = "discussion.voter"
SESSION_KEY = "discussion_comments"
PROVEN_SESSION_KEY = "discussion_proven_emails"
_BLANK_LINES = re.compile(r"\n\s*\n+")


# --------------------------------------------------------------------------- plain text


def render_plain_text(text):
    """Reader text as HTML: everything escaped, URLs linked with rel="nofollow ugc noopener",
    paragraphs on blank lines and line breaks kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for paragraph in _BLANK_LINES.split(text):
        html = urlize(paragraph, trim_url_limit=60, nofollow=True, autoescape=True)
        # urlize escaped the reader's text, so this exact attribute can only be urlize's own.
        html = html.replace(' rel="nofollow"', ' rel="nofollow ugc noopener"')
        paragraphs.append("<p>" + html.replace("\n", "<br>") + "</p>")
    return mark_safe("".join(paragraphs))


# --------------------------------------------------------------------------- who is reading


def voter_key(request, *, guest_id=None):
    """ "u:<id>" for a signed-in reader, "g:<id>" from a signed cookie for a guest (or None).

    `guest_id` (from `new_guest_voter_id`) stands in for a guest whose cookie is not set yet.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    guest_id = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT) or guest_id
    return f"g:{guest_id}" if guest_id else None


def new_guest_voter_id(request):
    """A fresh id for a guest who votes or rates for the first time; None when one is known."""
    if voter_key(request) is not None:
        return None
    return secrets.token_urlsafe(16)


def set_voter_cookie(request, response, guest_id):
    """Give the browser its new guest id, so its next vote or rating counts as the same reader."""
    if guest_id:
        response.set_signed_cookie(
            VOTER_COOKIE,
            guest_id,
            salt=VOTER_SALT,
            max_age=365 * 24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def own_comment_ids(request):
    """Comments this browser posted (a guest's pending comment stays visible to its author)."""
    session = getattr(request, "session", None)
    return list(session.get(SESSION_KEY, [])) if session is not None else []


def remember_comment(request, comment):
    ids = own_comment_ids(request)
    ids.append(comment.pk)
    request.session[SESSION_KEY] = ids[-50:]


def proven_emails(request):
    """Guest addresses whose confirmation link was opened in this browser."""
    session = getattr(request, "session", None)
    return list(session.get(PROVEN_SESSION_KEY, [])) if session is not None else []


def remember_proven_email(request, email):
    emails = [known for known in proven_emails(request) if known != email.lower()]
    emails.append(email.lower())
    request.session[PROVEN_SESSION_KEY] = emails[-10:]


def client_ip(request):
    """The reader's IP address, for rate limits, bans and flags (None when unknown).

    Behind a proxy or CDN, REMOTE_ADDR is the proxy's: `CLIENT_IP_HEADER` names the header it
    sets (e.g. HTTP_X_FORWARDED_FOR); its last address is the one our own proxy saw, so a
    reader cannot choose it. Anything that is not an IP address is ignored.
    """
    candidates = []
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        candidates.append(request.META[header].split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None


def ratelimit_ip(request):
    """`client_ip` for django-ratelimit (RATELIMIT_IP_META_KEY), which needs a string."""
    return client_ip(request) or "0.0.0.0"


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
    # The byline is usually prefetched by the article page; either way one query at most.
    byline = {author.pk for author in article.authors.all()}
    for comment in nodes.values():
        comment.is_by_author = comment.user_id is not None and comment.user_id in byline
    return {"sort": sort, "page": page_obj, "threads": threads, "nodes": nodes}


def reader_state(request, article, *, now=None):
    """What belongs to the reader alone: their votes, rating, pending comments, editable ones."""
    now = now or timezone.now()
    key = voter_key(request)
    user = request.user if request.user.is_authenticated else None
    own_ids = own_comment_ids(request)
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
    for comment in nodes.values():
        comment.my_vote = state["votes"].get(comment.pk, 0)
        comment.is_mine = comment.pk in state["own"]
        comment.can_edit = comment.pk in state["editable"]
