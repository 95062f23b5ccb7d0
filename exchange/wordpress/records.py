"""What an import remembers of each WordPress item it read, to find it again next run."""

import hashlib
import json

from ..models import ImportedItem


def fingerprint(*parts):
    """A digest of what was read: an unchanged item is skipped on the next run."""
    data = json.dumps(parts, default=str, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def record_for(site, kind, wp_id):
    """The row an earlier run made for this site's item, with what it became, or None."""
    return (
        ImportedItem.objects.filter(site=site, kind=kind, wp_id=wp_id)
        .select_related("article", "image", "comment")
        .first()
    )
