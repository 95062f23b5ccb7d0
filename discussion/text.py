"""Reader-written text as HTML: what the `plain_text` filter shows for every comment."""

import re

from django.utils.html import urlize
from django.utils.safestring import mark_safe

_BLANK_LINES = re.compile(r"\n\s*\n+")


def render_plain_text(text):
    """Reader text as HTML: everything escaped, URLs linked with rel="nofollow ugc noopener",
    paragraphs on blank lines and line breaks kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = []
    for paragraph in _BLANK_LINES.split(text):
        html = urlize(paragraph, trim_url_limit=60, nofollow=True, autoescape=True)
        # urlize escaped the reader's text, so this exact attribute can only be urlize's own.
        html = html.replace(' rel="nofollow"', ' rel="nofollow ugc noopener"')
        paragraphs.append("<p>" + html.replace("\n", "<br>") + "</p>")
    return mark_safe("".join(paragraphs))
