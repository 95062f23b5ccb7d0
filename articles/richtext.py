"""The one seam between Marquee and a rich-text editor.

Everything else imports `RichTextField` and `sanitize_html` from here. The
editor (a widget, loaded only by admin forms) is chosen by the setting
`MARQUEE_RICH_TEXT_EDITOR`: "ckeditor" (django-ckeditor, CKEditor 4) or
"prose" (django-prose-editor, maintained). Whatever either editor sends, the
field stores only what `sanitize_html` lets through, so the editor is never
trusted: a browser that bypasses it gets the same clean HTML.
"""

import base64
import hashlib
import re
from html import unescape as html_unescape
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.db import models

import nh3

#: What an explainer's body may contain. Headings are H3/H4 because the page
#: title is the H1 and heading blocks are the H2s that feed the contents.
ALLOWED_TAGS = frozenset(
    {"p", "br", "h3", "h4", "ul", "ol", "li", "a", "strong", "b", "em", "i", "blockquote"}
    # Tables keep their shape (rows, header cells, spans), and code its lines and indents.
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "pre", "code"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: The link relations an editor may set, in the order they are written: a paid or affiliate
#: link (`sponsored`), a link a reader contributed (`ugc`), a link we do not vouch for
#: (`nofollow`). Any other token is dropped.
EDITORIAL_REL = ("sponsored", "ugc", "nofollow")
#: What every link carries whatever the editor set: the page it opens gets no handle on ours.
SAFE_REL = ("noopener", "noreferrer")


def link_rel(tokens=()):
    """The rel of a link whose editor asked for `tokens`: the allowed ones in their fixed
    order, then noopener noreferrer."""
    asked = {token.lower() for token in tokens}
    return " ".join([token for token in EDITORIAL_REL if token in asked] + list(SAFE_REL))


def _keep_allowed_rel(tag, attribute, value):
    if tag == "a" and attribute == "rel":
        return link_rel(value.split())
    return value


_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style", "iframe", "svg", "math", "object", "embed", "noscript"},
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_keep_allowed_rel,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
)

#: An opening <a> tag as nh3 writes it: attributes double-quoted, `"` and `>` escaped in values.
_LINK = re.compile(r"<a((?:\s[^>]*)?)>")
_REL = re.compile(r'\srel="([^"]*)"')
_HREF = re.compile(r'\shref="([^"]*)"')


def _with_rel(match):
    attributes = match.group(1)
    if _REL.search(attributes):
        return match.group(0)
    return f'<a{attributes} rel="{link_rel()}">'


#: Text pasted from a web page or a word processor arrives in tags outside the
#: allowlist; dropping them would run "One</div><div>Two" into "OneTwo", so
#: block containers become paragraphs and other heading levels the nearest
#: allowed one before nh3 cleans. The output is cleaned anyway, so a rename
#: inside an attribute value or a comment is harmless.
_RENAMES = {"h1": "h3", "h2": "h3", "h5": "h4", "h6": "h4"} | dict.fromkeys(
    ["div", "section", "article", "header", "footer", "main", "aside", "figure", "figcaption"]
    + ["dd", "dt", "address"],
    "p",
)
_RENAMABLE_TAG = re.compile(rf"<(/?)({'|'.join(_RENAMES)})(?=[\s/>])", re.IGNORECASE)


#: Empty paragraphs (CKEditor's "<p>&nbsp;</p>", nested containers) add gaps, never words.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\xa0|<br>)*</p>")

#: A browser drops one newline right after <pre>, so a <pre> whose text starts with a newline is
#: written with one more (as the HTML standard used to say): cleaning twice changes nothing.
_PRE_LEADING_NEWLINE = re.compile(r"<pre>\n")

#: Code and preformatted text, where whitespace is what readers see.
_PRE = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)


def _rename_tag(match):
    return f"<{match.group(1)}{_RENAMES[match.group(2).lower()]}"


def sanitize_html(html):
    """Return `html` reduced to the allowlist: what readers see of an editor's rich text."""
    if not html:
        return ""
    cleaned = _cleaner.clean(_RENAMABLE_TAG.sub(_rename_tag, html))
    cleaned = _LINK.sub(_with_rel, cleaned)
    cleaned = _PRE_LEADING_NEWLINE.sub("<pre>\n\n", cleaned)
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()


def _host(href):
    try:
        return (urlsplit(html_unescape(href)).hostname or "").rstrip(".")
    except ValueError:
        return ""


def on_domains(host, domains):
    """Whether `host` is one of `domains` or under one (shop.example under example)."""
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def mark_sponsored(html, domains):
    """Sanitised `html` with every link to one of `domains` (or a subdomain) marked
    `sponsored`: the site's list of affiliate domains, applied as readers get the page."""
    if not html or not domains:
        return html or ""

    def mark(match):
        attributes = match.group(1)
        href, rel = _HREF.search(attributes), _REL.search(attributes)
        if href is None or rel is None or not on_domains(_host(href.group(1)), domains):
            return match.group(0)
        marked = link_rel(["sponsored", *rel.group(1).split()])
        return f"<a{attributes[: rel.start(1)]}{marked}{attributes[rel.end(1) :]}>"

    return _LINK.sub(mark, html)


def links_sponsored(html):
    """Whether sanitised `html` holds a link marked `sponsored`."""
    return any("sponsored" in rel.split() for rel in _REL.findall(html or ""))


def outbound_hosts(html):
    """The hosts sanitised `html` links to (links without a host, mailto: too, left out)."""
    hosts = {_host(href) for href in _HREF.findall(html or "")}
    hosts.discard("")
    return hosts


def comparable_html(html):
    """`html` as readers would get it, with layout whitespace between tags ignored (but not
    inside code or preformatted text, where a changed indent is an edit)."""
    parts = _PRE.split(sanitize_html(html or ""))
    return "".join(
        part if part.startswith("<pre>") else " ".join(_BETWEEN_TAGS.sub("><", part).split())
        for part in parts
    )


_BETWEEN_TAGS = re.compile(r">\s+<")

#: CKEditor 4 limited to the allowlist: no source mode, no full page, no uploads
#: (images go through the image block), and its own content filter matching ours. The link
#: dialog's Advanced tab shows only what that filter allows, "Advisory Title" and
#: "Relationship", where an editor types `sponsored` (or `nofollow`, `ugc`) for a paid link.
CKEDITOR_CONFIG = {
    "toolbar": "Marquee",
    "toolbar_Marquee": [
        ["Format"],
        ["Bold", "Italic"],
        ["NumberedList", "BulletedList", "Blockquote", "Table"],
        ["Link", "Unlink"],
        ["RemoveFormat", "Undo", "Redo"],
    ],
    "format_tags": "p;h3;h4;pre",
    "allowedContent": (
        "p br h3 h4 ul ol li blockquote strong b em i pre code; a[!href,title,rel]; "
        "table caption thead tbody tfoot tr; th[colspan,rowspan,scope]; td[colspan,rowspan]"
    ),
    "disallowedContent": "*{*}; *(*); *[on*]",
    "fullPage": False,
    "removePlugins": "image,flash,iframe,forms,sourcearea,elementspath,exportpdf",
    "linkShowAdvancedTab": True,
    "linkShowTargetTab": False,
    "height": 220,
    "width": "100%",
}

#: The same allowlist as ProseMirror extensions for django-prose-editor.
PROSE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "History": True,
        # Tables and code blocks hold what `sanitize_html` keeps; ProseMirror's table has no
        # caption, so a table's <caption> (and <tfoot>, which becomes body rows) is lost
        # when an editor saves it with this editor.
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "CodeBlock": True,
    }
}


def editor_name():
    return settings.MARQUEE_RICH_TEXT_EDITOR


def rich_text_widget():
    """The admin widget for rich text, per `MARQUEE_RICH_TEXT_EDITOR`."""
    if editor_name() == "prose":
        from django_prose_editor.widgets import AdminProseEditorWidget

        return AdminProseEditorWidget(config=PROSE_EDITOR_CONFIG, preset="configurable")

    from ckeditor.widgets import CKEditorWidget

    widget = CKEditorWidget()
    widget.config.update(CKEDITOR_CONFIG)
    return widget


class RichTextFormField(forms.CharField):
    """A form field that edits with the configured editor and cleans what it receives."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", rich_text_widget())
        super().__init__(*args, **kwargs)

    def clean(self, value):
        return sanitize_html(super().clean(value))

    def has_changed(self, initial, data):
        """Changed only if readers would see a difference: an editor re-wrapping the same
        HTML (line breaks, attribute order, an empty paragraph) is not an edit to record."""
        if self.disabled:
            return False
        return comparable_html(initial) != comparable_html(data)


class RichTextField(models.TextField):
    """Rich text sanitised on every save, whichever path (admin, shell, fixture) saved it."""

    def formfield(self, **kwargs):
        # The admin maps every TextField to a plain textarea: the editor wins here.
        kwargs.update(form_class=RichTextFormField, widget=rich_text_widget())
        return super().formfield(**kwargs)

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def silence_ckeditor_version_check():
    """Drop django-ckeditor's "CKEditor 4 is unsupported" system-check warning.

    The warning is about editing untrusted HTML with an unpatched CKEditor 4.
    Here the editor is reached only by signed-in staff in the admin, it cannot
    upload files or edit source, and the server re-sanitises everything it
    sends with nh3 (`sanitize_html`), so no known CKEditor 4 flaw reaches a
    reader. The prose editor is one setting away. Silenced here, not in
    SILENCED_SYSTEM_CHECKS, so the reason stays beside the code that makes it true.
    """
    from django.core.checks.registry import registry

    from ckeditor.apps import check_ckeditor_version

    registry.registered_checks.discard(check_ckeditor_version)


def _inline_script_hash(script_tag):
    """The CSP source ('sha256-…') that allows exactly this inline <script> element's text."""
    text = script_tag.split(">", 1)[1].rsplit("</script>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


def page_loads_editor(media):
    """Whether a page whose assets are `media` (what its `{{ media }}` renders) runs the editor.

    The admin puts every widget's scripts on a page through the `media` of its template
    context, so a page loads the rich-text editor exactly when its media holds one of the
    editor's scripts: the article add and change forms, a revision or a deleted article
    being recovered, any other form given a `RichTextField`. A form that shows the text
    read-only (a writer reading a published article) does not (`admin/blocks.py`). A page
    not rendered from a TemplateResponse has no such media and gets the strict policy.
    """
    if not isinstance(media, forms.Media):
        return False
    return not set(rich_text_widget().media.render_js()).isdisjoint(media.render_js())


def editor_admin_csp_sources(media=None):
    """Content-Security-Policy sources an admin page that loads the editor adds so it runs.

    CKEditor 4 cannot run under `script-src 'self'`: its toolbar buttons are inline
    `onclick="CKEDITOR.tools.callFunction(…)"` handlers, its editing frame is written with an
    inline script, and it styles its UI with inline `style=` attributes; so it needs
    'unsafe-inline' for scripts and styles. The prose editor needs only its import map, an
    inline `<script type="importmap">`, allowed by the hash of its exact text (the page's
    `media`, which holds the map as merged with any other widget's, when given), and adds
    inline styles of its own (a `<style>` element), so styles need 'unsafe-inline' too.
    Only pages for which `page_loads_editor` is true get these; every other page, in the
    admin too, keeps the strict policy.
    """
    if editor_name() == "prose":
        source = media if hasattr(media, "render_importmap") else rich_text_widget().media
        return {
            "script-src": [_inline_script_hash(tag) for tag in source.render_importmap()],
            "style-src": ["'unsafe-inline'"],
        }
    return {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}
