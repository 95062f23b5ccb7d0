"""Writers' requests for productions and episodes: the form a writer opens from a picker, the
list, and the page where an editor marks one added or declined."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from ..catalogue_requests import (
    ANSWER_PERMISSION,
    COMMON_FIELDS,
    REQUESTABLE,
    catalogue_for,
    catalogue_request_answer,
    catalogue_request_create,
    catalogue_request_problems,
)
from ..models import Article, CatalogueRequest
from .pickers import with_article

#: Labels and help that read better than the model's in one kind's form: (label, help).
KIND_WORDS = {
    CatalogueRequest.Kind.EPISODE: {
        "series": ("Series", "The series it belongs to, as the platform calls it."),
        "title": ("Episode title", "Its own title, if you know it."),
        "season_number": ("Season", "Leave empty for the first (or only) season."),
        "episode_number": ("Episode number", "Its number within the season."),
    },
    CatalogueRequest.Kind.PRODUCTION: {
        "title": ("Title", "As the platform or publisher spells it."),
        "production_kind": ("What it is", "A series, a limited series, a film, a novel…"),
        "year": ("Year it came out", ""),
    },
}


class CatalogueRequestForm(forms.ModelForm):
    """One kind's request: its own fields only; refused as the service would refuse it."""

    user = None

    class Meta:
        model = CatalogueRequest
        fields = ["kind", "article"]
        widgets = {"kind": forms.HiddenInput}

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        draft = CatalogueRequest(
            requested_by=self.user,
            **{name: cleaned_data.get(name) for name in self.fields if name in cleaned_data},
        )
        for name, sentence in catalogue_request_problems(draft).items():
            self.add_error(name if name in self.fields else None, sentence)
        return cleaned_data


def requested_kind(request):
    kind = request.POST.get("kind") or request.GET.get("kind")
    return REQUESTABLE.get(kind)


@admin.register(CatalogueRequest)
class CatalogueRequestAdmin(admin.ModelAdmin):
    """Writers ask for what the catalogue lacks and follow their asks; editors answer them."""

    form = CatalogueRequestForm
    list_display = ["subject", "article_link", "asked_by", "status", "asked_on"]
    list_filter = ["status", "kind"]
    list_select_related = ["article", "requested_by"]
    search_fields = ["title", "series", "details"]
    date_hierarchy = "created_at"
    actions = ["mark_added", "mark_declined"]
    # Links typed without a scheme are taken as https, as the catalogue's own forms do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}

    # --- Who sees what: a writer their own requests, an editor everyone's --------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.has_perm(ANSWER_PERMISSION):
            return queryset
        return queryset.filter(requested_by=request.user)

    def get_list_display(self, request):
        if request.user.has_perm(ANSWER_PERMISSION):
            # An editor's status column links an open request to its answer page.
            return ["answer_links" if name == "status" else name for name in self.list_display]
        return self.list_display

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(ANSWER_PERMISSION):
            actions.pop("mark_added", None)
            actions.pop("mark_declined", None)
        return actions

    # --- The request form: one kind's fields, opened in a new tab from the article form ---

    def get_form(self, request, obj=None, change=False, **kwargs):
        requestable = requested_kind(request)
        if obj is not None or requestable is None:
            return super().get_form(request, obj, change=change, **kwargs)
        names = [*requestable.fields, *COMMON_FIELDS]
        form = super().get_form(request, obj, change=change, fields=["kind", *names, "article"])
        for name in names:
            field = form.base_fields[name]
            field.required = name in requestable.required
            if field.required:
                field.error_messages = {
                    **field.error_messages,
                    "required": requestable.missing(name),
                }
            if name in KIND_WORDS[requestable.kind]:
                field.label, field.help_text = KIND_WORDS[requestable.kind][name]
        # Only the asker's own pieces, the newest first; the picker's link names the one open
        # (an article never saved has no id yet, so its writer picks it here once saved).
        article = form.base_fields["article"]
        # A plain list: no edit, add or delete buttons beside a piece named in a request.
        article.widget = forms.Select()
        article.queryset = (
            Article.objects.filter(authors=request.user)
            .exclude(status=Article.Status.ARCHIVED)
            .order_by("-modified_at", "-pk")
        )
        article.label = "For your article"
        article.help_text = "The piece that needs it, so the editor can see why."
        form.user = request.user
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self._shown_fieldsets(request, obj)
        requestable = requested_kind(request)
        if requestable is None:
            return super().get_fieldsets(request, obj)
        return [
            (None, {"fields": ["kind", *requestable.fields, "article"]}),
            ("To help the editor", {"fields": list(COMMON_FIELDS)}),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        requestable = requested_kind(request)
        if requestable is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return TemplateResponse(
                request,
                "admin/articles/cataloguerequest/choose_kind.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "title": "Ask for a catalogue record",
                    "kinds": [
                        (kind.kind, with_article(kind.noun)) for kind in REQUESTABLE.values()
                    ],
                    "query": request.GET.urlencode(),
                },
            )
        extra_context = {
            **(extra_context or {}),
            "title": f"Ask for {with_article(requestable.noun)} to be added",
            "subtitle": None,
            # One way out: the request is sent, then a page says where it went.
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
        }
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as refusal:
            # The form checked for a twin request; one sent in the same instant is refused by
            # the database, and the service says whose it is. Nothing is lost: that one waits.
            self.message_user(request, " ".join(refusal.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_cataloguerequest_changelist"))

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied("A request is answered, not edited.")
        requestable = REQUESTABLE[obj.kind]
        created = catalogue_request_create(
            user=request.user,
            kind=obj.kind,
            article=obj.article,
            **{name: getattr(obj, name) for name in (*requestable.fields, *COMMON_FIELDS)},
        )
        # The admin logs and answers with the object it handed in: it becomes the stored row.
        for field in CatalogueRequest._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding = False

    def response_add(self, request, obj, post_url_continue=None):
        return TemplateResponse(
            request,
            "admin/articles/cataloguerequest/sent.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Request sent",
                "catalogue_request": obj,
                "noun": REQUESTABLE[obj.kind].noun,
            },
        )

    # --- A request once sent: read-only; editors answer it ---------------------------

    def _shown_fieldsets(self, request, obj):
        """A sent request, read-only: what was asked (its kind's fields), by whom, the answer."""
        status = "answer_links" if request.user.has_perm(ANSWER_PERMISSION) else "status"
        return [
            (None, {"fields": ["subject", *REQUESTABLE[obj.kind].fields]}),
            ("To help the editor", {"fields": list(COMMON_FIELDS)}),
            ("Asked", {"fields": ["article_link", "asked_by", "asked_on"]}),
            ("Answer", {"fields": [status, "reply", "handled_by", "handled_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [name for _, part in self._shown_fieldsets(request, obj) for name in part["fields"]]

    def has_change_permission(self, request, obj=None):
        # Editors answer through the answer page; nobody rewrites what a writer asked.
        return False

    @admin.display(description="what")
    def subject(self, obj):
        return f"{obj.get_kind_display()}: {obj.subject}"

    @admin.display(description="asked", ordering="created_at")
    def asked_on(self, obj):
        return date_format(timezone.localtime(obj.created_at), "j M H:i")

    @admin.display(description="asked by", ordering="requested_by__last_name")
    def asked_by(self, obj):
        writer = obj.requested_by
        return (writer.get_full_name() or writer.get_username()) if writer else "—"

    @admin.display(description="for the article", ordering="article__title")
    def article_link(self, obj):
        if obj.article is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.title)

    @admin.display(description="status", ordering="status")
    def answer_links(self, obj):
        if not obj.is_open:
            return obj.get_status_display()
        url = reverse("admin:articles_cataloguerequest_answer", args=[obj.pk])
        return format_html('Waiting · <a href="{}">answer</a>', url)

    # --- Answering: added or declined, with a word to the writer ---------------------

    def get_urls(self):
        return [
            path(
                "<int:object_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="articles_cataloguerequest_answer",
            ),
            *super().get_urls(),
        ]

    def answer_view(self, request, object_id):
        if not request.user.has_perm(ANSWER_PERMISSION):
            raise PermissionDenied
        catalogue_request = get_object_or_404(
            CatalogueRequest.objects.for_dashboard(), pk=object_id
        )
        back = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = ""
        error = None
        if request.method == "POST":
            status = request.POST.get("status", "")
            try:
                answered = catalogue_request_answer(
                    catalogue_request=catalogue_request,
                    user=request.user,
                    status=status,
                    reply=request.POST.get("reply", ""),
                )
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                self.message_user(request, _answered_sentence(answered), messages.SUCCESS)
                return HttpResponseRedirect(back or reverse("admin:index"))
        requestable = REQUESTABLE[catalogue_request.kind]
        return TemplateResponse(
            request,
            "admin/articles/cataloguerequest/answer.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": f"Answer the request for “{catalogue_request.subject}”",
                "catalogue_request": catalogue_request,
                "noun": requestable.noun,
                "add_link": requestable.add_link(
                    catalogue_request, catalogue_for([catalogue_request])
                ),
                "status": request.POST.get("status") or request.GET.get("status", ""),
                "reply": request.POST.get("reply", ""),
                "error": error,
                "next": back,
            },
        )

    @admin.action(description="Mark the selected requests added (mails each writer)")
    def mark_added(self, request, queryset):
        self._answer_all(request, queryset, CatalogueRequest.Status.DONE)

    @admin.action(description="Decline the selected requests (mails each writer)")
    def mark_declined(self, request, queryset):
        self._answer_all(request, queryset, CatalogueRequest.Status.DECLINED)

    def _answer_all(self, request, queryset, status):
        closed = queryset.exclude(status=CatalogueRequest.Status.OPEN).count()
        for catalogue_request in queryset.open():
            try:
                answered = catalogue_request_answer(
                    catalogue_request=catalogue_request, user=request.user, status=status
                )
            except ValidationError as refusal:
                # Another editor answered it meanwhile: say so and go on with the rest.
                self.message_user(request, " ".join(refusal.messages), messages.WARNING)
            else:
                self.message_user(request, _answered_sentence(answered), messages.SUCCESS)
        if closed:
            self.message_user(
                request, f"{closed} selected request(s) were already answered.", messages.INFO
            )


def _answered_sentence(answered):
    verb = "marked added" if answered.status == CatalogueRequest.Status.DONE else "declined"
    writer = answered.requested_by
    told = (
        f"; {writer.get_full_name() or writer.get_username()} is mailed the answer"
        if writer is not None and writer.email
        else ""
    )
    return f"“{answered.subject}” {verb}{told}."
