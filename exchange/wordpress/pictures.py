"""A WordPress site's pictures into the image library: each upload once per site, found in
`--media-dir` by its path whatever the host, with its alt text, caption and credit."""

import contextlib
import tempfile
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import transaction

from images.models import Image

from ..models import ImportedItem
from . import matching
from .mappers import picture_draft
from .records import fingerprint, record_for


@contextlib.contextmanager
def thrown_away():
    """Pictures stored while inside go to a temporary folder, removed afterwards: a dry run
    goes through the upload gate like a real one and leaves no file behind."""
    field = Image._meta.get_field("file")
    storage = field.storage
    with tempfile.TemporaryDirectory() as folder:
        field.storage = FileSystemStorage(location=folder)
        try:
            yield
        finally:
            field.storage = storage


class PictureImporter:
    """The pictures of one export, and the picture each image block of a post points at."""

    def __init__(self, *, source, site, media_dir, report, keep_addresses):
        self.source = source
        self.site = site
        self.media_dir = media_dir
        self.report = report
        #: Called with (attachment, image=…) once a picture is stored: its old addresses.
        self.keep_addresses = keep_addresses
        #: attachment id → library Image (or None when its file is missing), this run.
        self.images = {}
        #: attachment id → why its file was refused (a damaged or unsupported picture).
        self.refused = {}
        self.missing = []
        self.by_key, self.by_parent = {}, {}
        for attachment in source.attachments.values():
            self.by_key.setdefault(matching.picture_key(attachment.url), attachment)
            if attachment.is_picture:
                self.by_parent.setdefault(attachment.parent_id, []).append(attachment)
        for attached in self.by_parent.values():
            attached.sort(key=lambda a: (a.menu_order, a.wp_id))

    def import_all(self):
        """Every picture of the export, before the posts; the report says what was missing."""
        for attachment in self.source.attachments.values():
            if attachment.is_picture:
                self.for_attachment(attachment)
        others = sum(not a.is_picture for a in self.source.attachments.values())
        if others:
            self.report.note(
                f"{others} uploaded file(s) that are not pictures (audio, video, documents) "
                "are not imported; posts that use them link to their old address."
            )
        if self.report.counts["pictures without alt text"]:
            self.report.note(
                f"{self.report.counts['pictures without alt text']} picture(s) had no alt text "
                "in WordPress: their caption or title stands in. Check them in the image "
                "library."
            )
        if self.missing:
            where = "in --media-dir" if self.media_dir else "(no --media-dir given)"
            listed = ", ".join(self.missing[:5]) + (" …" if len(self.missing) > 5 else "")
            self.report.note(f"{len(self.missing)} picture(s) not found {where}: {listed}")
            self.report.count("pictures missing", len(self.missing))

    def for_attachment(self, attachment):
        """The library image for an uploaded picture, imported once per site; None when its
        file is not in `--media-dir`, is refused, or an editor deleted it since."""
        if attachment.wp_id in self.images:
            return self.images[attachment.wp_id]
        image = None
        record = record_for(self.site, ImportedItem.Kind.ATTACHMENT, attachment.wp_id)
        path = matching.media_file(attachment.url, self.media_dir)
        if record is not None:
            # None when an editor deleted it from the library since: not brought back.
            image = record.image
            self.report.count("pictures unchanged" if image else "pictures deleted here")
        elif path is None:
            self.missing.append(attachment.url)
        else:
            try:
                image = self._store(attachment, path)
                self.report.count("pictures imported")
            except ValidationError as error:
                self.refused[attachment.wp_id] = f"{path.name} left out: {' '.join(error.messages)}"
                self.report.note(self.refused[attachment.wp_id])
                self.report.count("pictures refused")
        self.images[attachment.wp_id] = image
        return image

    def _store(self, attachment, path):
        with transaction.atomic():
            if not attachment.alt:
                self.report.count("pictures without alt text")
            image = matching.store_picture(
                path,
                # The library needs words for readers who cannot see the picture: its caption
                # or title stand in until an editor writes better ones.
                alt=attachment.alt or attachment.caption or attachment.title or path.stem,
                credit=attachment.credit,
                caption=attachment.caption,
            )
            ImportedItem.objects.update_or_create(
                site=self.site,
                kind=ImportedItem.Kind.ATTACHMENT,
                wp_id=attachment.wp_id,
                defaults={"image": image, "fingerprint": fingerprint(asdict(attachment))},
            )
            self.keep_addresses(attachment, image=image)
        return image

    def expanded(self, drafts, item):
        """`[gallery]` without ids: every picture attached to the post, in WordPress's order."""
        for draft in drafts:
            if not (draft.image and draft.image.get("attached")):
                yield draft
                continue
            for attachment in self.by_parent.get(item.wp_id, []):
                yield picture_draft(src=attachment.url, attachment_id=attachment.wp_id)

    def attachment_for(self, found):
        """The export's attachment an `<img>` or gallery entry names: by id, else by address."""
        attachment = self.source.attachments.get(found.get("attachment_id") or 0)
        if attachment is None and found.get("src"):
            attachment = self.by_key.get(matching.picture_key(found["src"]))
        return attachment

    def fill_block(self, block, found, entry, previous):
        """Puts the picture an image draft names on `block`; False (and a note on the post)
        when it cannot be had, so the block is left out."""
        attachment = self.attachment_for(found)
        caption = (found.get("caption") or "")[:300]
        lost = f" (its caption “{caption}” is lost too)" if caption else ""
        if attachment is None and not found.get("src"):
            entry.note(f"picture {found.get('attachment_id')} is not in the export: left out{lost}")
            self.report.count("pictures left out")
            return False
        if attachment is not None:
            image, where = self.for_attachment(attachment), attachment.url
        else:
            where = found["src"]
            image = self._loose(where, previous, entry, found.get("alt"))
        if image is None:
            why = self.refused.get(getattr(attachment, "wp_id", None)) or f"{where} not found"
            entry.note(f"picture {why}: left out{lost}")
            self.report.count("pictures left out")
            return False
        block.image = image
        alt = (found.get("alt") or "")[:250]
        if alt and alt != image.alt:
            block.image_alt = alt
        if caption and caption != image.caption:
            block.caption = caption
        return True

    def _loose(self, src, previous, entry, alt):
        """A picture the export has no attachment for (inserted by address): stored once,
        reused when the post is imported again (`previous`: its blocks' images before)."""
        path = matching.media_file(src, self.media_dir)
        if path is None:
            return None
        for image in previous.values():
            if matching.holds_picture(image, path):
                return image
        try:
            image = matching.store_picture(path, alt=alt or f"Picture from “{entry.title}”")
        except ValidationError as error:
            entry.note(f"{path.name} left out: {' '.join(error.messages)}")
            return None
        previous[image.pk] = image
        self.report.count("pictures imported")
        return image
