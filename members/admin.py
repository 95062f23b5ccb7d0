from django.contrib import admin

from .models import Announcement, Follow, FollowNotice, ReaderProfile


@admin.register(ReaderProfile)
class ReaderProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "reply_mail", "follow_mail", "created_at"]
    list_filter = ["reply_mail", "follow_mail"]
    search_fields = ["display_name", "user__email"]
    readonly_fields = ["user", "created_at"]
    date_hierarchy = "created_at"


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["email", "production", "person", "tag", "confirmed_at", "unsubscribed_at"]
    list_filter = ["confirmed_at", "unsubscribed_at"]
    search_fields = ["email"]
    autocomplete_fields = ["production", "person"]
    raw_id_fields = ["user", "tag"]
    readonly_fields = ["created_at", "confirmed_at", "unsubscribed_at"]
    date_hierarchy = "created_at"


@admin.register(FollowNotice)
class FollowNoticeAdmin(admin.ModelAdmin):
    list_display = ["email", "article", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["email", "article__title"]
    raw_id_fields = ["follow", "article", "delivery"]
    readonly_fields = ["created_at", "sent_at"]
    date_hierarchy = "created_at"


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["article", "announced_at"]
    raw_id_fields = ["article"]
    readonly_fields = ["announced_at"]
    date_hierarchy = "announced_at"
