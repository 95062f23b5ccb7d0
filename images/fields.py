"""The image field every picture uses: its size and its copies are stored beside it on the row."""

from django import forms
from django.db import models

from . import renditions, uploads


class PictureFormField(forms.ImageField):
    """The admin's picture input: a refused file gets its reason, the rest of the form stays."""

    def to_python(self, data):
        # FileField's checks (empty, name length), then the one upload gate instead of
        # ImageField's own Pillow pass, whose message would not say what is wrong.
        file = forms.FileField.to_python(self, data)
        if file is None:
            return None
        return uploads.clean(file)


class PictureField(models.ImageField):
    """An uploaded picture whose width, height and copies' record live in sibling columns.

        Its sibling columns are `<name>_width`, `<name>_height` and `<name>_renditions`: declare
    them right after the field with `picture_columns()` (Django fills columns in order when saving).
        Loading a row never opens the file: the stored size is trusted. Saving a new upload
        measures it and writes its copies (like the upload itself, a write to media storage).
    """

    def __init__(self, *args, renditions_field=None, **kwargs):
        self.renditions_field = renditions_field
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls, name, **kwargs):
        self.width_field = self.width_field or f"{name}_width"
        self.height_field = self.height_field or f"{name}_height"
        self.renditions_field = self.renditions_field or f"{name}_renditions"
        super().contribute_to_class(cls, name, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.renditions_field:
            kwargs["renditions_field"] = self.renditions_field
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        # Django measures on every load whose size columns are empty (a lost file raises
        # there); only an assignment is measured here, and a lost file just has no size.
        if not force:
            return
        try:
            super().update_dimension_fields(instance, force=True)
        except (OSError, ValueError):
            self._store(instance, None, None, None)

    def pre_save(self, model_instance, add):
        current = getattr(model_instance, self.attname)
        is_new_upload = bool(current) and not current._committed
        if is_new_upload:
            # Code that saves a picture itself passes the same gate as a form upload.
            setattr(model_instance, self.attname, uploads.clean(current.file, keep_name=True))
        file = super().pre_save(model_instance, add)
        if is_new_upload:
            self._store(model_instance, *renditions.make(file))
        elif not file:
            self._store(model_instance, {}, None, None)
        return file

    def _store(self, instance, record, width, height):
        if self.width_field:
            setattr(instance, self.width_field, width)
        if self.height_field:
            setattr(instance, self.height_field, height)
        if self.renditions_field and record is not None:
            setattr(instance, self.renditions_field, record)

    def sibling_names(self):
        """The columns this field keeps up to date."""
        return [
            name for name in (self.width_field, self.height_field, self.renditions_field) if name
        ]


def picture_columns():
    """The width, height and copies' record of the PictureField declared just before them.

    Stored so that pages never open the file; PictureField keeps them when a picture is saved.
    """
    return (
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.JSONField(default=dict, blank=True, editable=False),
    )


def refresh(instance, field_name):
    """Make the copies of one row's picture again and store its size and record (no save())."""
    field = instance._meta.get_field(field_name)
    file = getattr(instance, field_name)
    record, width, height = renditions.make(file) if file else ({}, None, None)
    field._store(instance, record, width, height)
    if instance.pk is not None:
        values = {name: getattr(instance, name) for name in field.sibling_names()}
        type(instance)._default_manager.filter(pk=instance.pk).update(**values)
    return record


def record_of(field_file):
    """The copies' record for a picture, made now if it is missing or stale (once per picture)."""
    field = field_file.field
    if not getattr(field, "renditions_field", None):
        return {}
    instance = field_file.instance
    record = getattr(instance, field.renditions_field) or {}
    if renditions.is_current(record, field_file) or instance.pk is None:
        return record
    return refresh(instance, field.attname)


def size_of(field_file):
    """(width, height) as stored on the row; (None, None) when unknown. Never opens the file."""
    field = field_file.field
    instance = field_file.instance
    width = getattr(instance, field.width_field) if field.width_field else None
    height = getattr(instance, field.height_field) if field.height_field else None
    return width, height


def share_url(field_file):
    """The URL link previews and search engines get: the widest copy in a common format."""
    if not field_file:
        return ""
    return renditions.fallback_url(record_of(field_file), field_file.storage) or field_file.url


def fill_sizes(model, field_name):
    """Store the width and height of a model's existing pictures (a data migration step).

    Lost or unreadable files keep an empty size: their pages show the picture unsized.
    """
    field = model._meta.get_field(field_name)
    for row in model._default_manager.exclude(**{field_name: ""}).iterator():
        size = renditions.measure(getattr(row, field_name))
        if size:
            model._default_manager.filter(pk=row.pk).update(
                **{field.width_field: size[0], field.height_field: size[1]}
            )
