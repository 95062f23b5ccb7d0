"""A refused upload form keeps its picture: the checked file waits here, named by a signed token.

When the image form is refused (say the alt text is missing), the picture the editor chose
has already passed the upload gate (uploads.clean). It is stored under `image-stash/` with a
random name, and the form re-offers it through a signed token, so the editor does not
choose the file again. Tokens expire after a day; stashed files older than that are removed
whenever another is stashed.
"""

import datetime
import uuid
from pathlib import PurePosixPath

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from . import colour, uploads
from .uploads import CleanPicture

FOLDER = "image-stash"
SALT = "images.stash"
MAX_AGE = datetime.timedelta(days=1)


def put(picture, *, original_name):
    """Keep a checked picture for a day; returns the token a form carries to get it back."""
    prune()
    extension = PurePosixPath(picture.name).suffix
    name = default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}{extension}", picture)
    if hasattr(picture, "seek"):
        picture.seek(0)
    original = PurePosixPath(original_name or "").name or PurePosixPath(name).name
    return signing.dumps({"name": name, "original": original}, salt=SALT)


def read(token):
    """(stored name, the name the editor's file had) for a valid token, else None."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    name = payload.get("name", "")
    if not name.startswith(f"{FOLDER}/") or not default_storage.exists(name):
        return None
    return name, payload.get("original", "")


def load(name):
    """The stashed picture as a file to store (already checked: it is not encoded again)."""
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    return CleanPicture(data, name=f"{uuid.uuid4().hex}{PurePosixPath(name).suffix}")


def discard(name):
    default_storage.delete(name)


def prune(now=None):
    """Remove stashed pictures older than a day (forms that were abandoned)."""
    cutoff = (now or timezone.now()) - MAX_AGE
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
        except (OSError, NotImplementedError):
            continue


def scrub():
    """Encode anew the stashed pictures that carry metadata (stashed before uploads dropped
    it); a stashed picture that cannot be read is removed. Returns how many were encoded."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    scrubbed = 0
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        try:
            if not colour.metadata(data):
                continue
            clean, _ = uploads.reencode(data)
        except (OSError, ValueError, SyntaxError, ValidationError):
            default_storage.delete(name)
            continue
        default_storage.delete(name)
        default_storage.save(name, CleanPicture(clean, name=file_name))
        scrubbed += 1
    return scrubbed
