"""Comments, votes and ratings under an article."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from core.text import SingleLineCharField, SingleLineEmailField, single_line

#: How long an author may still correct their comment.
EDIT_WINDOW_SECONDS = 10 * 60
#: Replies deeper than this many levels are shown flat under their ancestor at this level.
MAX_DISPLAY_DEPTH = 3


def waiting_first():
    """0 for a comment waiting for a moderator, 1 for any other: the queue's first sort key
    (and the expression its index is built on, so the two can never drift apart)."""
    return models.Case(
        models.When(status="pending", then=models.Value(0)),
        default=models.Value(1),
        output_field=models.IntegerField(),
    )


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def waiting(self):
        """Held comments a moderator has still to approve or refuse."""
        return self.filter(status=Comment.Status.PENDING)

    def for_thread(self):
        """What a rendered comment needs (author, the passage it answers) in the same query."""
        return self.select_related(
            "user",
            "anchor_block__quote",
            "anchor_block__spoils_up_to__season",
            "spoils_up_to__season",
        )

    def thread_roots(self, article):
        """Top-level comments a reader sees: approved ones, and removed ones with replies."""
        visible_reply = Comment.objects.filter(root=OuterRef("pk"), status=Comment.Status.APPROVED)
        return self.filter(article=article, parent=None).filter(
            Q(status=Comment.Status.APPROVED) | Exists(visible_reply)
        )

    @staticmethod
    def pending_first_ordering():
        """The moderation queue's order: what waits for a moderator on top, then newest."""
        return [waiting_first().asc(), F("created_at").desc(), F("id").desc()]


class Comment(models.Model):
    """A reader's comment under an article (or on one passage of it), shown once approved."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread, so one query fetches a whole page of threads.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    guest_name = SingleLineCharField(max_length=80, blank=True)
    guest_email = SingleLineEmailField(blank=True, help_text="Never shown to readers.")
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    hold_reason = SingleLineCharField(max_length=200, blank=True)
    anchor_block = models.ForeignKey(
        "articles.ArticleBlock",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_comments",
        help_text="The passage this comment answers (inline feedback).",
    )
    is_spoiler = models.BooleanField("contains spoilers", default=False)
    spoils_up_to = models.ForeignKey(
        "productions.Episode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spoiler_comments",
        help_text="The episode it gives away: folded for readers not that far.",
    )
    score = models.IntegerField(default=0, editable=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = SingleLineCharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comment", "Can moderate comments, votes and ratings")]
        indexes = [
            models.Index(fields=["article", "status", "parent"]),
            models.Index(fields=["root", "status"]),
            # A page of threads: an article's top-level comments by date or by votes.
            models.Index(
                fields=["article", "parent", "created_at"], name="comment_roots_by_date_idx"
            ),
            models.Index(
                fields=["article", "parent", "-score", "created_at"],
                name="comment_roots_by_votes_idx",
            ),
            models.Index(
                fields=["article", "status", "created_at"], name="comment_status_date_idx"
            ),
            # The moderation queue: one status, newest first.
            models.Index(fields=["status", "-created_at", "-id"], name="comment_queue_idx"),
            # ... and every status, what waits first (its ORDER BY, so no sort of every row).
            models.Index(
                waiting_first(),
                F("created_at").desc(),
                F("id").desc(),
                name="comment_waiting_first_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_email=""))
                | (Q(user__isnull=True) & ~Q(guest_name="") & ~Q(guest_email="")),
                name="comment_guest_needs_name_and_email",
                violation_error_message="A guest comment needs a name and an email; "
                "a signed-in comment keeps no guest email.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.body[:50]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_folded(self):
        """Whether readers open it themselves: marked as a spoiler, or spoiling up to an episode."""
        return self.is_spoiler or self.spoils_up_to_id is not None

    @property
    def quotable_body(self):
        """Its words where they may show outside its fold (API lists, snippets): none if folded."""
        return "" if self.is_folded else self.body

    @property
    def author_name(self):
        if self.user_id:
            # Account names are not ours to normalise on save; shown names keep to one line.
            return single_line(self.user.get_full_name() or self.user.get_username())
        return self.guest_name

    @property
    def author_email(self):
        return self.user.email if self.user_id else self.guest_email

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def is_authored_by(self, user, own_comment_ids=()):
        """Whether `user` wrote this comment, or (a guest's) this browser posted it.

        `own_comment_ids` are the guest comments the browser's session remembers posting.
        """
        if user is not None and user.is_authenticated and self.user_id == user.pk:
            return True
        return self.user_id is None and self.pk in set(own_comment_ids or ())

    def is_editable_now(self, now=None):
        """Whether the author's 10-minute window to correct or take back the comment is open."""
        now = now or timezone.now()
        return (
            self.status in {self.Status.PENDING, self.Status.APPROVED}
            and (now - self.created_at).total_seconds() <= EDIT_WINDOW_SECONDS
        )

    @property
    def passage_excerpt(self):
        """A short excerpt of the passage this comment answers."""
        from django.utils.text import Truncator

        block = self.anchor_block
        if block is None:
            return ""
        if block.is_gated:
            # Quoting it here would show the spoiler outside its fold.
            return f"a spoiler up to {block.spoils_up_to.reader_label}"
        return Truncator(block.excerpt).words(16)


class CommentVote(models.Model):
    """One reader's up or down vote on a comment; it moves the comment's stored score."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    # "u:<user id>" for a signed-in reader, "g:<signed cookie id>" for a guest.
    voter_key = models.CharField(max_length=80)
    # A deleted account's vote stays (anonymous): deleting the row would leave the stored
    # score / rating sum counting a vote that no longer exists.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    value = models.SmallIntegerField(choices=[(1, "Up"), (-1, "Down")])
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter_key"], name="vote_one_per_reader"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="vote_value_up_or_down"),
        ]
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self):
        return f"{'+1' if self.value > 0 else '-1'} on comment {self.comment_id}"


class Rating(models.Model):
    """One reader's 1–5 star rating of an explainer; it moves the article's stored sum and count."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="ratings"
    )
    voter_key = models.CharField(max_length=80)
    # A deleted account's vote stays (anonymous): deleting the row would leave the stored
    # score / rating sum counting a vote that no longer exists.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    value = models.PositiveSmallIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_key"], name="rating_one_per_reader"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="rating_value_1_to_5"
            ),
        ]
        indexes = [models.Index(fields=["ip", "created_at"])]

    def __str__(self):
        return f"{self.value}★ on {self.article_id}"
