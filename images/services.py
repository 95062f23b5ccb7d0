"""What changes stored pictures after their upload: scrubbing those stored with metadata."""

import bisect
import functools
import hashlib
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from core.pagecache import invalidate

from . import colour, uploads
from .models import Image


def _read(storage, name):
    try:
        with storage.open(name, "rb") as stored:
            return stored.read()
    except OSError:
        return None


def _carries_metadata(data):
    try:
        return bool(colour.metadata(data))
    except (OSError, ValueError, SyntaxError):
        return True


def folder_listing(storage):
    """folder -> its file names, sorted, each folder listed once (for `image_scrub`)."""

    @functools.cache
    def files_in(folder):
        try:
            return sorted(storage.listdir(folder)[1])
        except (FileNotFoundError, NotImplementedError):
            return []

    return files_in


def _copies_of(name, data, files_in):
    """The stored copies and crops made from `data`, the picture stored under `name`: every file
    named `<its stem>.<hash of data>.…` beside it (crops around earlier focal points too)."""
    path = PurePosixPath(name)
    folder = "" if str(path.parent) == "." else str(path.parent)
    prefix = f"{path.with_suffix('').name}.{hashlib.sha256(data).hexdigest()[:10]}."
    files = files_in(folder)
    found = []
    index = bisect.bisect_left(files, prefix)
    while index < len(files) and files[index].startswith(prefix):
        found.append(str(PurePosixPath(folder, files[index])))
        index += 1
    return found


def image_scrub(*, image, everything=False, files_in=None):
    """Readers get the library picture as pixels only: if its stored file or one of its copies
    carries a colour profile, EXIF, XMP, comments or text (pictures stored before the upload
    gate dropped them), it is encoded anew in sRGB under a new name (browsers keep old names
    for a year), its copies are made again, the pages showing it are refreshed and the old
    files deleted. `everything` encodes every picture anew, clean or not; `files_in` is a
    `folder_listing` shared by many calls.

    Returns "scrubbed", "clean", "lost" (no file to read) or the reason it was refused.
    """
    storage = image.file.storage
    old_name = image.file.name
    data = _read(storage, old_name) if old_name else None
    if data is None:
        return "lost"
    old_copies = _copies_of(old_name, data, files_in or folder_listing(storage))
    dirty = everything or _carries_metadata(data)
    dirty = dirty or any(_carries_metadata(_read(storage, copy) or b"") for copy in old_copies)
    if not dirty:
        return "clean"
    try:
        clean, image_format = uploads.reencode(data)
    except ValidationError as refused:
        return refused.messages[0]
    folder = PurePosixPath(old_name).parent
    new_name = storage.save(
        str(folder / f"{uuid.uuid4().hex}.{uploads.FORMATS[image_format]}"), ContentFile(clean)
    )
    with transaction.atomic():
        Image.objects.filter(pk=image.pk).update(file=new_name)
        image.file = new_name
        image.refresh_renditions()
        invalidate(*image.cache_keys())
        transaction.on_commit(lambda: [storage.delete(name) for name in [old_name, *old_copies]])
    return "scrubbed"
