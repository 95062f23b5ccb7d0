"""What the newsroom dashboard shows: counts and short lists, in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Window
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator

from articles import catalogue_requests, workflow
from articles.models import Article, CatalogueRequest
from discussion import selectors as discussion_selectors
from discussion.models import Comment

#: Days ahead the "scheduled" card looks.
SCHEDULED_DAYS = 7
#: Articles each card lists by name; the count and the link give the rest.
LISTED = 5


@dataclass
class Card:
    """One box on the dashboard: a count, what it counts, where to act, a few rows.

    Every card has the same frame (`admin/desk/card.html`); `rows` are what its own row
    template (`admin/desk/rows/<rows>.html`) lists: ArticleRow, WaitingComment, Assignment
    or RequestRow."""

    key: str
    title: str
    count: int
    url: str
    empty: str
    rows_template: str = "articles"
    rows: list = field(default_factory=list)
    attention: bool = False
    #: A line under the count, when the count needs one ("waiting for an editor").
    note: str = ""
    #: (label, URL) of the next thing to do from here, if any.
    action: tuple = ()

    @property
    def template(self):
        return f"admin/desk/rows/{self.rows_template}.html"

    @property
    def more(self):
        """Whether the card lists fewer than it counts, so "All N" leads to the rest."""
        return bool(self.url) and self.count > len(self.rows)


@dataclass(frozen=True)
class ArticleRow:
    """One article a card names: its change form, and when that matters (goes live, review)."""

    article: Article
    url: str
    when: str = ""


def _when(value, form):
    """A date as the dashboard's templates would print it (local time, Django's format)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, form)


def _article_rows(articles, when=lambda article: ""):
    return [ArticleRow(article, _change_url(article), when(article)) for article in articles]


# --------------------------------------------------------------------------- comments card


@dataclass(frozen=True)
class WaitingComment:
    """One held comment as the dashboard lists it: who, their first words, on which article."""

    author: str
    excerpt: str
    created_at: datetime.datetime
    #: The comment's moderation page; empty for who may not moderate.
    url: str
    article_title: str
    article_url: str


def _comments_card(*, user):
    """How many comments wait and the newest LISTED of them: two queries, whatever waits."""
    moderates = user.has_perm("discussion.change_comment")
    # Editors see the queue's length and what waits too; only moderators get the links to
    # work it.
    waiting = Comment.objects.waiting().count()
    queue = reverse("admin:discussion_comment_changelist") + "?status__exact=pending"
    rows = discussion_selectors.queue_waiting(limit=LISTED) if waiting else []
    return Card(
        key="comments",
        title="Comments waiting for moderation",
        count=waiting,
        url=queue if moderates else "",
        empty="No comment is waiting.",
        attention=waiting > 0,
        note="" if moderates or not waiting else "The moderators' queue.",
        rows_template="comments",
        rows=[
            WaitingComment(
                author=comment.author_name,
                excerpt=Truncator(comment.body).words(12),
                created_at=comment.created_at,
                url=(
                    reverse("admin:discussion_comment_change", args=[comment.pk])
                    if moderates
                    else ""
                ),
                article_title=comment.article.title,
                article_url=_change_url(comment.article),
            )
            for comment in rows
        ],
    )


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def newsroom_dashboard(*, user, now=None):
    """The cards `user` may act on: comments waiting, review, the week's schedule, freshness,
    their own drafts. Each card is one count and at most one short list (no per-row query)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    week = now + datetime.timedelta(days=SCHEDULED_DAYS)
    is_editor = user.has_perm(workflow.PUBLISH_PERMISSION)
    cards = []

    if user.has_perm("discussion.change_comment") or user.has_perm(workflow.PUBLISH_PERMISSION):
        cards.append(_comments_card(user=user))

    if not user.has_perm(workflow.CHANGE_PERMISSION):
        return cards

    articles = Article.objects.all()
    mine = articles.filter(status=Article.Status.DRAFT, authors=user)
    review = articles.filter(status=Article.Status.IN_REVIEW)
    if not is_editor:
        # A writer follows their own submissions; the queue is the editors'.
        review = review.filter(authors=user)
    scheduled = articles.upcoming(until=week, now=now)
    due = articles.due_for_review(today)
    stale = articles.citing_expired_availability(today)
    counts = articles.aggregate(
        mine=Count("pk", filter=Q(pk__in=mine.values("pk"))),
        review=Count("pk", filter=Q(pk__in=review.values("pk"))),
        scheduled=Count("pk", filter=Q(pk__in=scheduled.values("pk"))),
        check=Count("pk", filter=Q(pk__in=due.values("pk")) | Q(pk__in=stale.values("pk"))),
    )
    changelist = reverse("admin:articles_article_changelist")

    cards.append(
        Card(
            key="review",
            title="Waiting for review" if is_editor else "Your pieces in review",
            count=counts["review"],
            url=f"{changelist}?shortcut=review",
            empty="Nothing is waiting for review.",
            rows=_article_rows(review.order_by("modified_at", "pk")[:LISTED]),
            attention=is_editor and counts["review"] > 0,
        )
    )
    if is_editor:
        cards.append(
            Card(
                key="scheduled",
                title=f"Going live in the next {SCHEDULED_DAYS} days",
                count=counts["scheduled"],
                url=reverse("admin:articles_article_schedule"),
                empty="Nothing is scheduled this week.",
                rows=_article_rows(
                    scheduled[:LISTED], lambda article: _when(article.publish_at, "D j M H:i")
                ),
            )
        )
        cards.append(
            Card(
                key="freshness",
                title="To check: past review date or where-to-watch ended",
                count=counts["check"],
                url=reverse("admin:articles_article_freshness"),
                empty="Every live explainer is fresh.",
                rows=_article_rows(
                    articles.filter(
                        Q(pk__in=due.values("pk")) | Q(pk__in=stale.values("pk"))
                    ).order_by("review_by", "title")[:LISTED],
                    lambda article: (
                        f"review by {_when(article.review_by, 'j M')}" if article.review_by else ""
                    ),
                ),
                attention=counts["check"] > 0,
            )
        )
    cards.append(
        Card(
            key="drafts",
            title="Your drafts",
            count=counts["mine"],
            url=f"{changelist}?shortcut=mine",
            empty="You have no draft.",
            rows=_article_rows(mine.order_by("-modified_at", "-pk")[:LISTED]),
            action=("Write a new explainer", reverse("admin:articles_article_add")),
        )
    )
    return cards


# --- Planning: assignments and due dates (issue 21, item 7) -----------------------------


@dataclass
class Assignment:
    """One piece on a planning card: where to open it, when it is due, who is on it."""

    article: Article
    url: str
    due: datetime.date | None
    overdue: bool
    assignee: str


def _assignments(queryset, today):
    return [
        Assignment(
            article=article,
            url=_change_url(article),
            due=article.due_date,
            overdue=article.due_date is not None and article.due_date < today,
            assignee=workflow.staff_name(article.assignee) if article.assignee else "",
        )
        for article in queryset.select_related("assignee")[:LISTED]
    ]


def planning_cards(*, user, now=None):
    """The planning boxes: what is assigned to `user`, and for editors what is due this
    week (overdue first). One count for both and one short list each, whatever the archive."""
    if not user.has_perm(workflow.CHANGE_PERMISSION):
        return []
    now = now or timezone.now()
    today = timezone.localdate(now)
    is_editor = user.has_perm(workflow.PUBLISH_PERMISSION)
    changelist = reverse("admin:articles_article_changelist")
    Status = Article.Status
    mine = Article.objects.filter(assignee=user, status__in=[Status.DRAFT, Status.IN_REVIEW])
    week = Article.objects.with_work_due(until=today + datetime.timedelta(days=SCHEDULED_DAYS))
    counts = Article.objects.aggregate(
        mine=Count("pk", filter=Q(pk__in=mine.values("pk"))),
        week=Count("pk", filter=Q(pk__in=week.values("pk"))),
    )
    mine_rows = _assignments(
        mine.order_by(F("due_date").asc(nulls_last=True), "-modified_at", "pk"), today
    )
    cards = [
        Card(
            key="assigned",
            rows_template="assignments",
            title="Assigned to you",
            count=counts["mine"],
            url=f"{changelist}?assigned=me",
            empty="Nothing is assigned to you.",
            rows=mine_rows,
            attention=any(row.overdue for row in mine_rows),
        )
    ]
    if is_editor:
        week_rows = _assignments(week, today)
        cards.append(
            Card(
                key="due",
                rows_template="assignments",
                title=f"Due in the next {SCHEDULED_DAYS} days",
                count=counts["week"],
                url=f"{changelist}?assigned=week",
                empty="Nothing is due this week.",
                rows=week_rows,
                attention=any(row.overdue for row in week_rows),
            )
        )
    return cards


# --- Requested by writers (issue 21, item 4) --------------------------------------------


@dataclass
class RequestRow:
    """One catalogue request as a card lists it, with where to act on it."""

    request: object
    article_url: str = ""
    add_label: str = ""
    add_url: str = ""
    answer_url: str = ""


#: How long a writer's answered requests stay on their dashboard.
ANSWERED_SHOWN_DAYS = 14


def catalogue_request_cards(*, user, now=None):
    """Editors: the open requests for productions and episodes, each with the prefilled add
    form and the answer page. Writers: their own requests and what became of them. Three
    queries at most, whatever the number of requests."""
    if user.has_perm(catalogue_requests.ANSWER_PERMISSION):
        # The count rides on the listed rows (a window over every open request): one query.
        listed = list(
            CatalogueRequest.objects.open()
            .for_dashboard()
            .annotate(open_total=Window(Count("pk")))
            .order_by("created_at", "pk")[:LISTED]
        )
        count = listed[0].open_total if listed else 0
        catalogue = catalogue_requests.catalogue_for(listed)
        rows = [
            RequestRow(
                request,
                _change_url(request.article) if request.article_id else "",
                *catalogue_requests.REQUESTABLE[request.kind].add_link(request, catalogue),
                reverse("admin:articles_cataloguerequest_answer", args=[request.pk]),
            )
            for request in listed
        ]
        return [
            Card(
                key="catalogue-requests",
                rows_template="requests",
                title="Requested by writers",
                count=count,
                url=reverse("admin:articles_cataloguerequest_changelist") + "?status__exact=open",
                empty="No writer is waiting for a production or episode.",
                rows=rows,
                attention=count > 0,
            )
        ]
    if not user.has_perm(catalogue_requests.ADD_PERMISSION):
        return []
    since = (now or timezone.now()) - datetime.timedelta(days=ANSWERED_SHOWN_DAYS)
    mine = CatalogueRequest.objects.filter(requested_by=user).filter(
        Q(status=CatalogueRequest.Status.OPEN) | Q(handled_at__gte=since)
    )
    listed = list(mine.for_dashboard().order_by("-created_at", "-pk")[:LISTED])
    return [
        Card(
            key="my-requests",
            rows_template="my_requests",
            note="waiting for an editor",
            title="Your requests to the editors",
            count=mine.filter(status=CatalogueRequest.Status.OPEN).count(),
            url=reverse("admin:articles_cataloguerequest_changelist"),
            empty="Missing a production or episode? Ask for it from its picker.",
            rows=[
                RequestRow(
                    request=request,
                    article_url=_change_url(request.article) if request.article_id else "",
                )
                for request in listed
            ],
        )
    ]


def dashboard(*, user, now=None):
    """Every card `user` may act on, in the order the desk reads them: what waits today
    (comments, review, schedule, freshness, drafts), assigned work, writers' requests."""
    return [
        *newsroom_dashboard(user=user, now=now),
        *planning_cards(user=user, now=now),
        *catalogue_request_cards(user=user, now=now),
    ]
