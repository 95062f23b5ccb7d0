"""The moderation queue: every change goes through `services`, so it is logged."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.timezone import localtime

from core.privacy import ReaderEmailAdminMixin

from .. import services
from ..models import Comment
from .in_place import InPlaceModerationMixin


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
class CommentAdmin(
    InPlaceModerationMixin, ReaderEmailAdminMixin, ModeratorActionsMixin, admin.ModelAdmin
):
    """The moderation queue: pending comments first, each with its context, article and its
    own Approve / Spam / Remove. The author's address (and search by it) is for roles with
    core.view_reader_email, recorded."""

    service_arg = "comment"
    email_fields = ("author_email",)
    email_search_fields = ("guest_email", "user__email")
    # Four columns (passage under the words, date under the author, score on the comment's
    # page): beside the two sidebars at 1280 px none is squeezed to a word a line. Moderators
    # get each comment's Approve / Spam / Remove under its words, as WordPress shows them.
    list_display = ["excerpt", "author_and_date", "article_link", "status_badge"]
    # The excerpt links to the comment itself: a link around the row's buttons cannot be.
    list_display_links = None
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
    # What the comment says and answers first: the verdict buttons sit just above.
    fields = [
        "article_link",
        "in_reply_to",
        "passage",
        "author",
        "body",
        "status",
        "hold_reason",
        "author_email",
        "ip",
        "user_agent",
        "is_spoiler",
        "spoils_up_to",
        "score",
        "created_at",
        "edited_at",
        "approved_at",
        "history",
    ]
    readonly_fields = fields
    change_list_template = "admin/discussion/comment/change_list.html"
    change_form_template = "admin/discussion/comment/change_form.html"

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}
        js = ["admin/marquee/moderation.js"]

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
        passage = (
            format_html(
                '<span class="mq-comment-passage">on “{}”</span>',
                Truncator(obj.passage_excerpt).chars(40),
            )
            if obj.anchor_block_id
            else ""
        )
        return format_html(
            '<a href="{}">{}</a>{}',
            reverse("admin:discussion_comment_change", args=[obj.pk]),
            Truncator(obj.body).chars(90),
            passage,
        )

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="mq-status mq-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description="author")
    def author(self, obj):
        return obj.author_name if obj.user_id else f"{obj.guest_name} (guest)"

    @admin.display(description="author", ordering="created_at")
    def author_and_date(self, obj):
        return format_html(
            '{}<span class="mq-comment-date">{}</span>',
            self.author(obj),
            date_format(localtime(obj.created_at), "j M Y, H:i"),
        )

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
                services.comment_take_down(comment=comment, moderator=request.user)
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
