"""The release calendar as iCalendar (RFC 5545), for calendar apps to subscribe to.

Written by hand: a calendar of dated events needs escaping, line folding and two kinds of
DTSTART, some forty lines, where a library would add a dependency for nothing else.
tests/test_schedule_calendar.py reads what this writes with the `icalendar` package.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse

from core.http import absolute_url

CONTENT_TYPE = "text/calendar; charset=utf-8"


def escape(text):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """A content line folded at 75 octets (3.1), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = 75 if not parts else 74  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(item, stamp, host):
    when = item.when
    if when.timed:
        start = [f"DTSTART:{_utc(when.at)}"]
    else:
        end = when.day + datetime.timedelta(days=1)
        start = [f"DTSTART;VALUE=DATE:{when.day:%Y%m%d}", f"DTEND;VALUE=DATE:{end:%Y%m%d}"]
    summary = item.summary + (f" in {item.region}" if item.region else "")
    return [
        "BEGIN:VEVENT",
        f"UID:{item.uid}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
        *start,
        f"SUMMARY:{escape(summary)}",
        f"URL:{absolute_url(item.url)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def calendar_response(items, *, name, now):
    """The response for a calendar named `name` holding `items` (reader/schedule.py)."""
    host = urlsplit(settings.SITE_URL).hostname or "marquee"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(settings.SITE_NAME)}//Release calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for item in items:
        lines += event_lines(item, now, host)
    lines.append("END:VCALENDAR")
    body = "".join(fold(line) + "\r\n" for line in lines)
    return HttpResponse(body.encode(), content_type=CONTENT_TYPE)
