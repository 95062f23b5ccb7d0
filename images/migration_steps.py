"""Data-migration steps that move a model's own picture column into the image library and back.

Used by the migrations of the apps that had picture columns (articles, people,
productions); they hand in their historical models. No file is copied, moved or
deleted: a library image points at the same stored file, with the same size and copies.
"""


def _defer_nothing(schema_editor):
    # PostgreSQL refuses to alter a table with foreign-key checks still pending from
    # these updates; check each update at once instead.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def into_library(
    schema_editor, model, *, image_model, file_field, image_field, texts, fallback_alt=""
):
    """Give every row's picture a library image (one per stored file) and point the row at it.

    `texts` maps the image's fields to the row's (`{"alt": "hero_alt", …}`): the image
    takes the row's words, and the row keeps its own only where they differ (an override).
    A row without alt text gives `fallback_alt` (a field naming the row, as the page
    used); an image left without alt text is marked decorative, as its page showed it.
    """
    _defer_nothing(schema_editor)
    Image = image_model
    field = model._meta.get_field(file_field)
    for row in model._default_manager.exclude(**{file_field: ""}).iterator():
        name = getattr(row, file_field).name
        words = {key: getattr(row, own) for key, own in texts.items()}
        if not words.get("alt") and fallback_alt:
            words["alt"] = getattr(row, fallback_alt)
        image = Image._default_manager.filter(file=name).first()
        if image is None:
            image = Image._default_manager.create(
                file=name,
                file_width=getattr(row, field.width_field),
                file_height=getattr(row, field.height_field),
                file_renditions=getattr(row, field.renditions_field) or {},
                is_decorative=not words.get("alt"),
                **words,
            )
        updates = {f"{image_field}_id": image.pk}
        for key, own in texts.items():
            value = getattr(row, own)
            updates[own] = "" if value == getattr(image, key) else value
        model._default_manager.filter(pk=row.pk).update(**updates)


def out_of_library(schema_editor, model, *, file_field, image_field, texts):
    """The reverse: each row gets its image's file, size, copies and words back as columns."""
    _defer_nothing(schema_editor)
    field = model._meta.get_field(file_field)
    rows = model._default_manager.filter(**{f"{image_field}__isnull": False})
    for row in rows.select_related(image_field).iterator():
        image = getattr(row, image_field)
        updates = {
            file_field: image.file.name,
            field.width_field: image.file_width,
            field.height_field: image.file_height,
            field.renditions_field: image.file_renditions,
        }
        for key, own in texts.items():
            updates[own] = getattr(row, own) or getattr(image, key)
        model._default_manager.filter(pk=row.pk).update(**updates)
