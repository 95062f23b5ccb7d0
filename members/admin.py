"""Reader profiles, follows and announcements, and the accounts admin (staff and readers).

Readers' addresses show only to staff whose role needs them (core.privacy), and each page
that shows one is recorded.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from core.privacy import ReaderEmailAdminMixin, may_see_reader_emails

from .models import Announcement, Follow, FollowNotice, ReaderProfile

User = get_user_model()


def _follower(follow, pk):
    """Whose address a follow (or one of its notices) shows: the reader's account, if any."""
    if follow.user_id:
        return follow.user, follow.user.get_username()
    return None, f"follower by address (follow #{pk})"


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(ReaderEmailAdminMixin, UserAdmin):
    """Staff and reader accounts. Editors (who pick bylines here) find, list and open staff
    accounts only; readers' accounts and addresses are for roles with core.view_reader_email,
    and each page showing one is recorded."""

    def get_queryset(self, request):
        accounts = super().get_queryset(request)
        if may_see_reader_emails(request.user):
            return accounts
        return accounts.filter(Q(is_staff=True) | Q(is_superuser=True))

    def address_owner(self, user):
        if user.is_staff or user.is_superuser or not user.email:
            return None
        return user, user.get_username()


@admin.register(ReaderProfile)
class ReaderProfileAdmin(ReaderEmailAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "user", "reply_mail", "follow_mail", "created_at"]
    list_filter = ["reply_mail", "follow_mail"]
    search_fields = ["display_name", "user__email"]
    readonly_fields = ["user", "created_at"]
    date_hierarchy = "created_at"
    email_search_fields = ("user__email",)

    def address_owner(self, profile):
        return None  # the account is named by its username, never its address


@admin.register(Follow)
class FollowAdmin(ReaderEmailAdminMixin, admin.ModelAdmin):
    name_shows_address = True
    list_display = ["email", "production", "person", "tag", "confirmed_at", "unsubscribed_at"]
    list_filter = ["confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    autocomplete_fields = ["production", "person"]
    raw_id_fields = ["user", "tag"]
    readonly_fields = ["created_at", "confirmed_at", "unsubscribed_at"]
    date_hierarchy = "created_at"
    list_select_related = ["production", "person", "tag", "user"]

    def address_owner(self, follow):
        return _follower(follow, follow.pk)


@admin.register(FollowNotice)
class FollowNoticeAdmin(ReaderEmailAdminMixin, admin.ModelAdmin):
    name_shows_address = True
    list_display = ["email", "article", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["email", "article__title"]
    raw_id_fields = ["follow", "article", "delivery"]
    readonly_fields = ["created_at", "sent_at"]
    date_hierarchy = "created_at"
    list_select_related = ["article", "follow__user"]

    def address_owner(self, notice):
        return _follower(notice.follow, notice.follow_id)


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["article", "announced_at"]
    raw_id_fields = ["article"]
    readonly_fields = ["announced_at"]
    date_hierarchy = "announced_at"
