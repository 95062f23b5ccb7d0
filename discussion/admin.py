"""The moderation queue and its tools: every change goes through `services`, so it is logged."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from core.admin import ReadOnlyAdmin
from core.privacy import ReaderEmailAdminMixin

from . import services
from .models import (
    Ban,
    Comment,
    CommentVote,
    ModerationFlag,
    ModerationLog,
    Rating,
    Subscription,
)


class ModeratorActionsMixin:
    """Bulk actions show only to moderators; the services check the permission again."""

    def has_moderate_permission(self, request):
        return request.user.has_perm("discussion.moderate_comment")

    def _run(self, request, queryset, service, done, **kwargs):
        count = 0
        try:
            for obj in queryset:
                if service(moderator=request.user, **{self.service_arg: obj}, **kwargs):
                    count += 1
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        except services.DiscussionError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(request, done.format(count=count), messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(ReaderEmailAdminMixin, ModeratorActionsMixin, admin.ModelAdmin):
    """The moderation queue: pending comments first, each with its context and article. The
    author's address (and search by it) is for roles with core.view_reader_email, recorded."""

    service_arg = "comment"
    email_fields = ("author_email",)
    email_search_fields = ("guest_email", "user__email")
    list_display = ["excerpt", "author", "article_link", "status", "passage", "score", "created_at"]
    list_filter = ["status", "is_spoiler", "created_at"]
    search_fields = ["body", "guest_name", "guest_email", "user__username", "user__email", "ip"]
    list_select_related = ["article", "user", "anchor_block__quote"]
    # No date_hierarchy: listing its years and months reads every comment on every page
    # view; the "created at" filter (today, past 7 days, this month...) costs nothing.
    # Twenty rows a page, as WordPress shows: an editor scans a page at a glance.
    list_per_page = 20
    # "20 of 100,000": a second COUNT over every comment on each filtered page costs more
    # than the page; the pages are still counted and numbered for the filter in use.
    show_full_result_count = False
    actions = ["approve", "mark_spam", "remove", "ban_email", "ban_ip"]
    fields = [
        "status",
        "hold_reason",
        "article_link",
        "in_reply_to",
        "passage",
        "author",
        "author_email",
        "ip",
        "user_agent",
        "body",
        "is_spoiler",
        "spoils_up_to",
        "score",
        "created_at",
        "edited_at",
        "approved_at",
        "history",
    ]
    readonly_fields = fields

    def get_ordering(self, request):
        # The change list orders by this list itself, whatever the queryset says.
        return Comment.objects.pending_first_ordering()

    def address_owner(self, comment):
        if comment.user_id:
            account = comment.user
            return None if account.is_staff else (account, account.get_username())
        return (None, f"guest of comment #{comment.pk}") if comment.guest_email else None

    def has_add_permission(self, request):
        return False

    @admin.display(description="comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(90)

    @admin.display(description="author")
    def author(self, obj):
        return obj.author_name if obj.user_id else f"{obj.guest_name} (guest)"

    @admin.display(description="article", ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_absolute_url(),
            Truncator(obj.article.title).chars(32),
        )

    @admin.display(description="in reply to")
    def in_reply_to(self, obj):
        if obj.parent_id is None:
            return "—"
        parent = obj.parent
        return format_html(
            '<a href="{}">{}</a>: “{}” ({})',
            reverse("admin:discussion_comment_change", args=[parent.pk]),
            parent.author_name,
            Truncator(parent.body).chars(200),
            parent.get_status_display(),
        )

    @admin.display(description="on the passage")
    def passage(self, obj):
        return Truncator(obj.passage_excerpt).chars(40) if obj.anchor_block_id else "—"

    @admin.display(description="moderation history")
    def history(self, obj):
        entries = obj.moderation_log.select_related("moderator")
        if not entries:
            return "—"
        return format_html_join(
            "\n",
            "<div>{} · {} · {}</div>",
            (
                (f"{entry.created_at:%d %b %Y %H:%M}", entry.moderator, entry.get_action_display())
                for entry in entries
            ),
        )

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        self._run(request, queryset, services.comment_approve, "{count} comment(s) approved.")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._run(
            request, queryset, services.comment_mark_spam, "{count} comment(s) marked as spam."
        )

    @admin.action(description="Remove selected comments", permissions=["moderate"])
    def remove(self, request, queryset):
        for comment in queryset:
            try:
                if comment.status == Comment.Status.PENDING:
                    services.comment_reject(comment=comment, moderator=request.user)
                else:
                    services.comment_remove(comment=comment, moderator=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
        self.message_user(request, "Selected comments removed.", messages.SUCCESS)

    @admin.action(description="Ban the authors’ email addresses", permissions=["moderate"])
    def ban_email(self, request, queryset):
        emails = {comment.author_email for comment in queryset if comment.author_email}
        for email in sorted(emails):
            services.ban_create(
                moderator=request.user, email=email, reason="Banned from the moderation queue"
            )
        self.message_user(request, f"{len(emails)} email address(es) banned.", messages.SUCCESS)

    @admin.action(description="Ban the authors’ IP addresses", permissions=["moderate"])
    def ban_ip(self, request, queryset):
        ips = {comment.ip for comment in queryset if comment.ip}
        for ip in sorted(ips):
            services.ban_create(
                moderator=request.user, ip=ip, reason="Banned from the moderation queue"
            )
        self.message_user(request, f"{len(ips)} IP address(es) banned.", messages.SUCCESS)

    def has_delete_permission(self, request, obj=None):
        # Deleting rows would skip the counters and the log: moderators remove instead.
        return False


@admin.register(Rating)
class RatingAdmin(ModeratorActionsMixin, ReadOnlyAdmin):
    """Every reader's rating; fraudulent ones are removed and the average follows."""

    service_arg = "rating"
    list_display = ["article", "value", "voter_key", "user", "ip", "created_at", "updated_at"]
    list_filter = ["value", "created_at"]
    search_fields = ["voter_key", "ip", "user__username", "article__title"]
    list_select_related = ["article", "user"]
    actions = ["remove_ratings"]

    @admin.action(description="Remove selected ratings", permissions=["moderate"])
    def remove_ratings(self, request, queryset):
        self._run(request, queryset, services.rating_remove, "{count} rating(s) removed.")


@admin.register(CommentVote)
class CommentVoteAdmin(ModeratorActionsMixin, ReadOnlyAdmin):
    """Every vote on a comment; fraudulent ones are removed and the scores follow."""

    list_display = ["comment", "value", "voter_key", "user", "ip", "created_at"]
    list_filter = ["value", "created_at"]
    search_fields = ["voter_key", "ip", "user__username"]
    list_select_related = ["comment__user", "user"]
    actions = ["remove_votes"]

    @admin.action(description="Remove selected votes", permissions=["moderate"])
    def remove_votes(self, request, queryset):
        try:
            count = services.votes_remove(votes=list(queryset), moderator=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(request, f"{count} vote(s) removed.", messages.SUCCESS)


@admin.register(Ban)
class BanAdmin(ReaderEmailAdminMixin, admin.ModelAdmin):
    """Banned email and IP addresses; adding one here is logged like any moderator action, and
    a page showing banned addresses is recorded like any page showing readers' addresses."""

    name_shows_address = True
    list_display = ["email", "ip", "reason", "created_by", "created_at"]
    search_fields = ["email", "ip", "reason"]
    fields = ["email", "ip", "reason"]
    date_hierarchy = "created_at"

    def address_owner(self, ban):
        return (None, f"banned address (ban #{ban.pk})") if ban.email else None

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        ban = services.ban_create(
            moderator=request.user, email=obj.email, ip=obj.ip, reason=obj.reason
        )
        obj.pk, obj.created_by, obj.created_at = ban.pk, ban.created_by, ban.created_at


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    """Who did what, when: read-only, so the record cannot be rewritten."""

    list_display = ["created_at", "moderator", "action", "target", "comment_link", "note"]
    list_filter = ["action", "moderator"]
    search_fields = ["target", "note"]
    date_hierarchy = "created_at"
    list_select_related = ["moderator"]

    @admin.display(description="comment")
    def comment_link(self, obj):
        if obj.comment_id is None:
            return "—"
        return format_html(
            '<a href="{}">#{}</a>',
            reverse("admin:discussion_comment_change", args=[obj.comment_id]),
            obj.comment_id,
        )


@admin.register(ModerationFlag)
class ModerationFlagAdmin(ModeratorActionsMixin, ReadOnlyAdmin):
    """Bursts of votes or ratings from one IP, to review (search the IP in votes or ratings)."""

    service_arg = "flag"
    list_display = ["kind", "ip", "count", "window_minutes", "created_at", "resolved_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["ip"]
    actions = ["resolve"]

    @admin.action(description="Mark selected flags as reviewed", permissions=["moderate"])
    def resolve(self, request, queryset):
        self._run(request, queryset, services.flag_resolve, "{count} flag(s) resolved.")


@admin.register(Subscription)
class SubscriptionAdmin(ReaderEmailAdminMixin, ReadOnlyAdmin):
    name_shows_address = True
    list_display = ["email", "article", "kind", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["kind", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "article__title"]
    list_select_related = ["article", "user"]

    def address_owner(self, subscription):
        if subscription.user_id:
            return subscription.user, subscription.user.get_username()
        return None, f"subscriber by address (subscription #{subscription.pk})"
