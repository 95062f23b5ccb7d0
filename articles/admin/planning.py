"""Planning together in the article admin: the private notes beside the form (and their own
page when JavaScript is off), who a piece is assigned to and by when, and each colleague's
choice of editorial mail.

Notes are posted to their own endpoint, never with the article's form: posting one saves
nothing of the article and loses nothing typed in it. With JavaScript the panel posts by
fetch and redraws itself; without it, the page reloads on the notes page or the form.
"""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from .. import editorial_mail, editorial_notes, workflow
from ..models import Article, EditorialMailSettings, EditorialNote

#: The hidden field saying where a note posted without JavaScript returns: the form or the page.
RETURN_FIELD = "return_to"
#: What a writer sees in place of the assignee picker: the name, read-only.
ASSIGNED_TO = {"assignee": "assigned_to"}
#: Days ahead "due this week" looks, on the list filter as on the dashboard.
DUE_SOON_DAYS = 7


class AssignmentFilter(admin.SimpleListFilter):
    """Planning at a glance: what is assigned to me, overdue, or due this week."""

    title = "assignment"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", "Assigned to me"),
            ("overdue", "Overdue"),
            ("week", "Due in the next 7 days"),
            ("nobody", "Not assigned"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "me":
            return queryset.filter(assignee=request.user)
        if value == "overdue":
            return queryset.with_work_due(until=today - datetime.timedelta(days=1))
        if value == "week":
            return queryset.with_work_due(until=today + datetime.timedelta(days=DUE_SOON_DAYS))
        if value == "nobody":
            return queryset.filter(assignee=None)
        return queryset


class MailSettingsForm(forms.ModelForm):
    class Meta:
        model = EditorialMailSettings
        fields = ["on_submitted", "on_returned", "on_published", "on_mentioned"]


def assignable_staff():
    """Who a piece can be assigned to: active staff who may change articles."""
    return workflow.staff_who_may(workflow.CHANGE_PERMISSION).order_by(
        "first_name", "last_name", "username"
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return workflow.staff_name(obj)


class ArticlePlanningMixin:
    """Planning: private notes beside the form, the assignee and due date, and mail settings."""

    def planning_urls(self):
        return [
            path(
                "mail-settings/",
                self.admin_site.admin_view(self.mail_settings_view),
                name="articles_article_mail_settings",
            ),
            path(
                "<int:article_id>/notes/",
                self.admin_site.admin_view(self.notes_view),
                name="articles_article_notes",
            ),
            path(
                "<int:article_id>/notes/<int:note_id>/delete/",
                self.admin_site.admin_view(self.note_delete_view),
                name="articles_article_note_delete",
            ),
            path(
                "<int:article_id>/notes/<int:note_id>/resolve/",
                self.admin_site.admin_view(self.note_resolve_view),
                name="articles_article_note_resolve",
            ),
        ]

    # --- Assignee and due date ------------------------------------------------

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assignee":
            kwargs["queryset"] = assignable_staff()
            kwargs["form_class"] = StaffChoiceField
            kwargs["empty_label"] = "Nobody yet"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def planning_fieldsets(self, request, fieldsets):
        """The form's parts as the user may use them (`ArticleAdmin.get_fieldsets` step)."""
        if request.user.has_perm(workflow.PUBLISH_PERMISSION):
            return fieldsets
        # A writer reads who the piece is assigned to by name; only editors assign.
        return [
            (name, {**options, "fields": [ASSIGNED_TO.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    @admin.display(description="assignee")
    def assigned_to(self, obj):
        if obj is None or obj.assignee is None:
            return "Nobody yet"
        return workflow.staff_name(obj.assignee)

    # --- Notes ----------------------------------------------------------------

    def _discussed_article(self, request, article_id):
        article = get_object_or_404(Article.objects.prefetch_related("authors"), pk=article_id)
        if not workflow.can_discuss(request.user, article):
            raise PermissionDenied
        return article

    def notes_context(self, request, obj):
        """The change form's notes panel, for those who may read the article's notes."""
        if obj is None or obj.pk is None or not workflow.can_discuss(request.user, obj):
            return {"notes_panel": None}
        return {"notes_panel": self._panel(request, obj, return_to="form")}

    def _panel(self, request, article, *, return_to):
        threads = editorial_notes.notes_for(article)
        for note in [*threads, *(reply for thread in threads for reply in thread.replies.all())]:
            note.deletable = editorial_notes.may_delete(request.user, note)
        return {
            "article": article,
            "threads": threads,
            "count": sum(1 + len(thread.replies.all()) for thread in threads),
            "open": sum(1 for thread in threads if not thread.is_resolved),
            "post_url": reverse("admin:articles_article_notes", args=[article.pk]),
            "page_url": reverse("admin:articles_article_notes", args=[article.pk]),
            "return_field": RETURN_FIELD,
            "return_to": return_to,
            "max_length": editorial_notes.NOTE_MAX_LENGTH,
        }

    def _after_note(self, request, article, text, level, status=None):
        """Answer a note's POST: the redrawn panel for JavaScript, else a redirect."""
        if request.headers.get("X-Requested-With") == "fetch":
            panel = self._panel(request, article, return_to=request.POST.get(RETURN_FIELD, ""))
            html = render_to_string(
                "admin/articles/article/notes_panel.html", {"panel": panel}, request=request
            )
            status = status or (400 if level == messages.ERROR else 200)
            return JsonResponse({"html": html, "message": text, "level": level}, status=status)
        self.message_user(request, text, level)
        if request.POST.get(RETURN_FIELD) == "form":
            url = reverse("admin:articles_article_change", args=[article.pk])
        else:
            url = reverse("admin:articles_article_notes", args=[article.pk])
        return HttpResponseRedirect(f"{url}#mq-notes")

    def notes_view(self, request, article_id):
        """The article's notes on a page of their own (GET), and where a note is posted."""
        article = self._discussed_article(request, article_id)
        if request.method == "POST":
            return self._post_note(request, article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Notes on “{article}”",
            "original": article,
            "panel": self._panel(request, article, return_to="page"),
        }
        return TemplateResponse(request, "admin/articles/article/notes.html", context)

    def _post_note(self, request, article):
        parent_id = request.POST.get("parent") or ""
        parent = None
        if parent_id:
            number = int(parent_id) if parent_id.isdigit() else 0
            parent = EditorialNote.objects.filter(pk=number, article=article).first()
            if parent is None:
                return self._after_note(
                    request, article, "The note you answered was deleted.", messages.ERROR
                )
        try:
            _note, mailed, not_mailed = editorial_notes.editorial_note_post(
                article=article, user=request.user, body=request.POST.get("body", ""), parent=parent
            )
        except ValidationError as error:
            return self._after_note(request, article, " ".join(error.messages), messages.ERROR)
        text = "Your reply is posted." if parent else "Your note is posted."
        if mailed:
            text += " Mailed: " + ", ".join(workflow.staff_name(user) for user in mailed) + "."
        if not_mailed:
            text += " Not mailed: " + "; ".join(f"@{line}" for line in not_mailed) + "."
        return self._after_note(request, article, text, messages.SUCCESS)

    def note_resolve_view(self, request, article_id, note_id):
        """Mark a thread resolved, or open it again (POST `resolved=0`)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._discussed_article(request, article_id)
        note = get_object_or_404(EditorialNote, pk=note_id, article=article)
        resolved = request.POST.get("resolved", "1") != "0"
        try:
            editorial_notes.editorial_note_resolve(note=note, user=request.user, resolved=resolved)
        except ValidationError as error:
            return self._after_note(request, article, " ".join(error.messages), messages.ERROR)
        text = "The thread is resolved." if resolved else "The thread is open again."
        return self._after_note(request, article, text, messages.SUCCESS)

    def note_delete_view(self, request, article_id, note_id):
        """Delete a note (POST): its author's own, or any for an editor."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._discussed_article(request, article_id)
        note = get_object_or_404(EditorialNote, pk=note_id, article=article)
        try:
            replies = editorial_notes.editorial_note_delete(note=note, user=request.user)
        except PermissionDenied as refusal:
            return self._after_note(request, article, str(refusal), messages.ERROR, status=403)
        text = "The note is deleted" + (f", with its {replies} replies." if replies else ".")
        return self._after_note(request, article, text, messages.SUCCESS)

    # --- Mail settings ----------------------------------------------------------

    def mail_settings_view(self, request):
        """Each colleague's own page: which editorial mail they get."""
        if not request.user.has_perm(workflow.CHANGE_PERMISSION):
            raise PermissionDenied
        current = EditorialMailSettings.objects.filter(user=request.user).first()
        form = MailSettingsForm(request.POST or None, instance=current)
        if request.method == "POST" and form.is_valid():
            editorial_mail.mail_settings_set(user=request.user, choices=form.cleaned_data)
            self.message_user(request, "Your mail settings are saved.", messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:articles_article_mail_settings"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Your editorial mail",
            "form": form,
            "is_editor": request.user.has_perm(workflow.PUBLISH_PERMISSION),
            "address": request.user.email,
        }
        return TemplateResponse(request, "admin/articles/article/mail_settings.html", context)
