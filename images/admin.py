"""The image library in the admin: thumbnails, search, filters, upload and the focal point."""

from django.contrib import admin
from django.utils.html import format_html

from core.admin import PageCacheAdminMixin

from . import stash
from .forms import ImageAdminForm
from .models import Image


def _thumbnail_url(image):
    """The smallest copy (or the file itself), for the admin's own previews."""
    record = image.record()
    if record.get("widths"):
        from . import renditions

        extension = record["formats"][-1] if record.get("formats") else record["fallback"]
        return image.file.storage.url(
            renditions.rendition_name(record, record["widths"][0], extension)
        )
    return image.file.url


@admin.register(Image)
class ImageAdmin(PageCacheAdminMixin, admin.ModelAdmin):
    """The library: every picture once, picked by autocomplete wherever a picture is shown."""

    form = ImageAdminForm
    list_display = ["thumbnail", "__str__", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    list_filter = ["is_decorative", ("uploaded_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["alt", "credit", "caption"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["uploaded_by"]
    list_per_page = 40
    readonly_fields = ["focal_picker", "dimensions", "uploaded_by", "uploaded_at", "modified_at"]
    fieldsets = [
        (None, {"fields": ["file", "keep_file"]}),
        (
            "Description",
            {"fields": ["alt", "is_decorative", "credit", "caption"]},
        ),
        (
            "Focal point",
            {
                "fields": ["focal_picker", ("focal_x", "focal_y")],
                "description": "Crops (the link-preview picture) keep this point in frame.",
            },
        ),
        ("Stamps", {"fields": ["dimensions", "uploaded_by", "uploaded_at", "modified_at"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # Nothing is stamped before the first save.
        return fieldsets if obj is not None else fieldsets[:-1]

    class Media:
        css = {"all": ["admin/marquee/admin.css"]}
        js = ["admin/marquee/focal-point.js"]

    @admin.display(description="picture")
    def thumbnail(self, obj):
        if not obj.file:
            return ""
        return format_html(
            '<img src="{}" alt="" class="mq-thumb" loading="lazy">',
            _thumbnail_url(obj),
        )

    @admin.display(description="size")
    def dimensions(self, obj):
        width, height = obj.size()
        return f"{width}×{height}" if width and height else "—"

    @admin.display(description="where the subject is")
    def focal_picker(self, obj):
        if obj is None or obj.pk is None or not obj.file:
            return "Save the image first; then click its subject here."
        return format_html(
            '<div class="mq-focal" data-mq-focal>'
            '<img src="{}" alt="" class="mq-focal__image">'
            '<span class="mq-focal__marker" hidden></span></div>'
            '<p class="help">Click the subject of the picture. Without JavaScript, type the '
            "percentages below (0 0 is the top left corner).</p>",
            obj.full_url(),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if form.stashed:
            stash.discard(form.stashed[0])
        # The link-preview crop follows the focal point before a reader asks for it.
        obj.share_name()
