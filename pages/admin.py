"""Standing pages in the admin: editors write them, with history, restore and previews."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from reversion.admin import VersionAdmin

from core.admin import PageCacheAdminMixin

from .models import StandingPage
from .preview import page_preview_url

#: A change to these moves the page's "Last updated" date; a footer move does not.
CONTENT_FIELDS = {"title", "body"}


@admin.register(StandingPage)
class StandingPageAdmin(PageCacheAdminMixin, VersionAdmin):
    """About, the masthead, the policies…: saving refreshes the page (and every footer when
    the page is listed there), and each save is a revision editors can compare and restore."""

    list_display = ["title", "slug", "role", "status", "show_in_footer", "footer_order"]
    list_editable = ["footer_order"]
    list_filter = ["status", "role", "show_in_footer"]
    search_fields = ["title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at", "created_at"]
    date_hierarchy = "updated_at"
    change_form_template = "admin/pages/standingpage/change_form.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "role", "body"]}),
        ("Publishing", {"fields": ["status", "updated_at", "created_at"]}),
        ("Footer", {"fields": ["show_in_footer", "footer_order"]}),
        ("Search engines", {"fields": ["meta_description"]}),
    ]

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}

    def save_model(self, request, obj, form, change):
        if not change or CONTENT_FIELDS & set(form.changed_data):
            obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["preview_url"] = page_preview_url(obj) if obj is not None and obj.pk else None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_preview" in request.POST:
            preview = self.unsaved_preview(request, object_id)
            if preview is not None:
                return preview
        return super().changeform_view(request, object_id, form_url, extra_context)

    def unsaved_preview(self, request, object_id):
        """The page as the form now says, rendered with the public template and saved
        nowhere ("Preview changes"); None when the form has errors (shown as usual)."""
        obj = self.get_object(request, object_id) if object_id else None
        if object_id and obj is None:
            return None
        if obj is not None:
            allowed = self.has_change_permission(request, obj)
        else:
            allowed = self.has_add_permission(request)
        if not allowed:
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj)
        if not form.is_valid():
            return None
        page = form.save(commit=False)
        page.updated_at = timezone.now()
        context = {"page": page, "is_preview": True, "unsaved": True, "noindex": True}
        response = TemplateResponse(request, "pages/page_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
        return response
