"""Old addresses: every address a WordPress post or picture answered at keeps answering,
with a 301 to what it became here (exchange.middleware answers them)."""

import functools
import operator
from urllib.parse import parse_qs, unquote, urlsplit

from django.db.models import Q

from ..models import QUERY_KEYS, LegacyURL, normalise_path


def old_addresses(item):
    """(path, query) of every address the post answered at: its permalink, its guid and
    `?p=ID` (`?attachment_id=ID` for a picture's page, `?page_id=ID` for a page)."""
    key = {"attachment": "attachment_id", "page": "page_id"}.get(item.post_type, "p")
    found = []
    for url in (item.link, item.guid):
        if not url:
            continue
        parts = urlsplit(url)
        query = parse_qs(parts.query)
        for name in QUERY_KEYS:
            value = query.get(name, [""])[0]
            if value.isdigit():
                found.append(("/", f"{name}={value}"))
                break
        else:
            if unquote(parts.path).strip("/"):
                found.append((unquote(parts.path), ""))
    found.append(("/", f"{key}={item.wp_id}"))
    return list(dict.fromkeys(found))


def keep_old_addresses(item, *, site, public, report, article=None, image=None, page=None):
    """The item's old addresses answer 301 here (to `article`, `page`, or `image` for a picture),
    unless another site's import has them. `public`: ids of the posts readers could read."""
    if image is not None and item.parent_id and item.parent_id not in public:
        return  # a picture of a post readers could not read: its page stays unknown
    addresses = [(p if q else normalise_path(p), q) for p, q in old_addresses(item)]
    # Exactly these addresses: "/" alone would load every `?p=` address imported so far.
    wanted = functools.reduce(operator.or_, (Q(path=p, query=q) for p, q in addresses))
    taken = {(legacy.path, legacy.query): legacy for legacy in LegacyURL.objects.filter(wanted)}
    for path, query in addresses:
        if len(path) > LegacyURL._meta.get_field("path").max_length:
            report.note(f"old address {path[:60]}… is too long to keep")
            continue
        existing = taken.get((path, query))
        if existing is not None and existing.site and existing.site != site:
            report.note(
                f"old address {path}{'?' + query if query else ''} already leads to "
                f"a post imported from {existing.site}: left as it is"
            )
            continue
        LegacyURL.objects.update_or_create(
            path=path,
            query=query,
            defaults={"article": article, "image": image, "page": page, "site": site},
        )
