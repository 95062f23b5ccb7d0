"""The discussion's other tables: ratings, votes, bans, the log, flags and subscriptions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html

from core.admin import ReadOnlyAdmin
from core.privacy import ReaderEmailAdminMixin

from .. import services
from ..models import (
    Ban,
    CommentVote,
    ModerationFlag,
    ModerationLog,
    ProductionRating,
    Rating,
    Subscription,
)
from .comments import ModeratorActionsMixin


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


@admin.register(ProductionRating)
class ProductionRatingAdmin(ModeratorActionsMixin, ReadOnlyAdmin):
    """Every reader's rating of a production; fraudulent ones are removed, the score follows."""

    service_arg = "rating"
    list_display = ["production", "value", "voter_key", "user", "ip", "created_at", "updated_at"]
    list_filter = ["value", "created_at"]
    search_fields = ["voter_key", "ip", "user__username", "production__title"]
    list_select_related = ["production", "user"]
    actions = ["remove_ratings"]

    @admin.action(description="Remove selected ratings", permissions=["moderate"])
    def remove_ratings(self, request, queryset):
        self._run(
            request, queryset, services.production_rating_remove, "{count} rating(s) removed."
        )


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
