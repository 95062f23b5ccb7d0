"""Cursor pagination: a page starts after the last item of the one before, never at an offset.

Each list is ordered by a key that is unique (a date or name, then the id), and the cursor is
that key of the page's last item, encoded opaquely. The next page asks "items after this key",
so items published between two fetches neither repeat nor push others off the page: a new
article lands before the cursor (on the first page), an old one stays where it was.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.dateparse import parse_datetime

from ninja.errors import HttpError

from core.parameters import carried

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True)
class Key:
    """One column of a list's order: its name, whether it runs newest (largest) first, its type."""

    field: str
    descending: bool = False
    kind: type = int

    def dump(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    def load(self, value):
        if self.kind is str:
            if not isinstance(value, str):
                raise ValueError
            return value
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError
            return value
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            raise ValueError
        return parsed


def order_by(keys):
    return [f"-{key.field}" if key.descending else key.field for key in keys]


def encode(keys, item):
    values = [key.dump(getattr(item, key.field)) for key in keys]
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(keys, cursor):
    """The key values in `cursor`, or a 400 that says the cursor is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError
        return [key.load(value) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise HttpError(400, "This cursor is not valid: use the `next` link of a page.") from None


def after(keys, values):
    """The rows that come after `values` in the order of `keys` (a keyset condition)."""
    condition = Q()
    for index in reversed(range(len(keys))):
        key, value = keys[index], values[index]
        beyond = Q(**{f"{key.field}__{'lt' if key.descending else 'gt'}": value})
        earlier = zip(keys[:index], values[:index], strict=True)
        equal = Q(**{key.field: value for key, value in earlier})
        condition = beyond & equal if index == len(keys) - 1 else (beyond & equal) | condition
    return condition


def paginate(request, queryset, keys, *, cursor=None, limit=DEFAULT_LIMIT):
    """(items, next link) for one page of `queryset` ordered by `keys`, from `cursor` on."""
    queryset = queryset.order_by(*order_by(keys))
    if cursor:
        queryset = queryset.filter(after(keys, decode(keys, cursor)))
    # One row more than a page says whether there is a next one, without a COUNT.
    items = list(queryset[: limit + 1])
    if len(items) <= limit:
        return items, None
    items = items[:limit]
    # The parameters the endpoint read (its filters), never one it ignored.
    query = [(name, values) for name, values in carried(request.GET) if name != "cursor"]
    query.append(("cursor", [encode(keys, items[-1])]))
    return items, request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")
