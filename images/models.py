"""The image library: every picture readers see is one `Image`, picked wherever it is shown."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from core.pagecache import LISTING, key
from core.text import SingleLineCharField

from . import renditions
from .fields import PictureField, picture_columns, record_of, refresh, size_of

#: The link-preview picture (og:image, JSON-LD): the shape social cards use.
SHARE_SIZE = (1200, 630)


@dataclass(frozen=True)
class SearchShape:
    """One shape of the picture search engines get for an article (Google Discover and Top
    Stories pick among 16:9, 4:3 and 1:1), and the least it must measure to be used."""

    label: str
    size: tuple  # the crop's size at most: 1200 wide
    min_width: int = 0

    #: Google's floor for every article image, in pixels (width × height).
    MIN_PIXELS = 50_000

    def made_size(self, picture):
        """(width, height) of this crop of a picture of size `picture`: never enlarged."""
        left, top, right, bottom = renditions.crop_box(picture, self.size, (50, 50))
        width, height = right - left, bottom - top
        if width > self.size[0]:
            return self.size
        return width, height

    def fits(self, picture):
        width, height = self.made_size(picture)
        return width >= self.min_width and width * height >= self.MIN_PIXELS


#: The article image's shapes, widest first (16:9 at least 1,200 wide, for Discover).
SEARCH_SHAPES = (
    SearchShape("16:9", (1200, 675), min_width=1200),
    SearchShape("4:3", (1200, 900)),
    SearchShape("1:1", (1200, 1200)),
)
_PERCENT = [MaxValueValidator(100)]
ALT_NEEDED = (
    "Describe the picture in its alt text, or tick “decorative only” if it says nothing a "
    "reader would miss."
)


class LibraryPictureField(PictureField):
    """A library image's file: a new upload gets its link-preview crop with its copies."""

    def pre_save(self, model_instance, add):
        current = getattr(model_instance, self.attname)
        is_new_upload = bool(current) and not current._committed
        file = super().pre_save(model_instance, add)
        if is_new_upload:
            # The record column is saved after this one: the crop's name goes in with it.
            model_instance.share_name()
        return file


class Image(models.Model):
    """A picture in the library: readers see its copies, alt text and credit wherever it is used."""

    file = LibraryPictureField(
        upload_to="images/",
        help_text="JPEG, PNG, WebP or GIF. It is re-encoded (metadata removed) and renamed.",
    )
    file_width, file_height, file_renditions = picture_columns()
    alt = SingleLineCharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Pages may override it.",
    )
    is_decorative = models.BooleanField(
        "decorative only",
        default=False,
        help_text="Ornament that says nothing: screen readers skip it (empty alt text).",
    )
    credit = SingleLineCharField(
        max_length=200, blank=True, help_text="e.g. Image via Instagram/@itvstudios"
    )
    caption = SingleLineCharField(
        max_length=300, blank=True, help_text="Shown under the picture in an article body."
    )
    focal_x = models.PositiveSmallIntegerField(
        "focal point across (%)",
        default=50,
        validators=_PERCENT,
        help_text="Where the subject is, from the left edge; crops keep it in frame.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point down (%)",
        default=50,
        validators=_PERCENT,
        help_text="From the top edge.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(alt="") | Q(is_decorative=True),
                name="image_alt_unless_decorative",
                violation_error_message=ALT_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(focal_x__lte=100, focal_y__lte=100),
                name="image_focal_point_in_picture",
                violation_error_message="The focal point is a percentage: 0 to 100.",
            ),
        ]

    def __str__(self):
        label = self.alt or self.caption or self.file.name.rpartition("/")[2]
        return label if len(label) <= 80 else f"{label[:79]}…"

    def clean(self):
        # The constraint's rule, said beside the alt text field in forms.
        if not self.alt and not self.is_decorative:
            raise ValidationError({"alt": ALT_NEEDED})

    def cache_keys(self):
        """Pages showing it (and the lists whose cards show heroes) are rendered anew."""
        return [key(self), LISTING]

    @property
    def width(self):
        return self.file_width

    @property
    def height(self):
        return self.file_height

    def record(self):
        """The copies' record (made now, once, if missing or stale)."""
        return record_of(self.file)

    def size(self):
        """(width, height) as stored; never opens the file."""
        return size_of(self.file)

    def refresh_renditions(self):
        """Make the copies again (and the link-preview crop)."""
        refresh(self, "file")
        self.share_name()

    def share_name(self):
        """The storage name of the link-preview crop around the focal point, made once."""
        if not self.file:
            return None
        record = self.record()
        if not record.get("widths"):
            return None
        wanted = renditions.crop_name(record, SHARE_SIZE, (self.focal_x, self.focal_y))
        if record.get("share") != wanted:
            made = renditions.make_crop(self.file, record, SHARE_SIZE, (self.focal_x, self.focal_y))
            if made is None:  # the file is lost: the page shows what it has
                return None
            record = {**record, "share": wanted}
            self.file_renditions = record
            if self.pk is not None:
                type(self)._default_manager.filter(pk=self.pk).update(file_renditions=record)
        return wanted

    def search_shapes_too_small(self):
        """The shapes (`SEARCH_SHAPES`) this picture is too small for, by their labels; from
        the stored size, without opening the file."""
        width, height = self.size()
        if not width or not height:
            return [shape.label for shape in SEARCH_SHAPES]
        return [shape.label for shape in SEARCH_SHAPES if not shape.fits((width, height))]

    def search_urls(self):
        """The article image in each shape it is big enough for, cropped around the focal
        point (each crop made once); [] when it fits none or its file is lost."""
        if not self.file:
            return []
        record = self.record()
        if not record.get("widths"):
            return []
        focal = (self.focal_x, self.focal_y)
        small = set(self.search_shapes_too_small())
        names, made = {}, dict(record.get("search") or {})
        for shape in SEARCH_SHAPES:
            if shape.label in small:
                continue
            wanted = renditions.crop_name(record, shape.size, focal)
            if made.get(shape.label) != wanted:
                if renditions.make_crop(self.file, record, shape.size, focal) is None:
                    return []
                made[shape.label] = wanted
            names[shape.label] = wanted
        if made != (record.get("search") or {}):
            record = {**record, "search": made}
            self.file_renditions = record
            if self.pk is not None:
                type(self)._default_manager.filter(pk=self.pk).update(file_renditions=record)
        return [self.file.storage.url(name) for name in names.values()]

    def full_url(self):
        """The whole picture, uncropped, at most 1200 wide in a common format."""
        if not self.file:
            return ""
        return renditions.fallback_url(self.record(), self.file.storage) or self.file.url

    def share_url(self):
        """The URL link previews get: a 1200×630 crop keeping the focal point in frame."""
        if not self.file:
            return ""
        name = self.share_name()
        return self.file.storage.url(name) if name else self.full_url()
