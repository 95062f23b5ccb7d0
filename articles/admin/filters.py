"""Change-list filters: one-click views and the byline."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from ..models import Article


class ShortcutFilter(admin.SimpleListFilter):
    """One-click views an editor or writer opens many times a day."""

    title = "shortcut"
    parameter_name = "shortcut"

    def lookups(self, request, model_admin):
        return [
            ("mine", "My drafts"),
            ("review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("due", "Due for review"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(authors=request.user, status=Article.Status.DRAFT)
        if value == "review":
            return queryset.filter(status=Article.Status.IN_REVIEW)
        if value == "scheduled":
            return queryset.in_shown_status(Article.Status.SCHEDULED)
        if value == "due":
            return queryset.due_for_review()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """The status as editors read it: a scheduled piece whose time has come is published."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Article.Status.values:
            return queryset.in_shown_status(self.value())
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        users = (
            get_user_model()
            .objects.filter(Exists(Article.authors.through.objects.filter(user=OuterRef("pk"))))
            .order_by("username")
        )
        return [(str(user.pk), user.get_full_name() or user.get_username()) for user in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(authors__pk=self.value())
        return queryset
