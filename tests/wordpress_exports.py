"""Real WordPress exports for the importer's tests (tests/fixtures/wordpress/public, the
WordPress importer plugin's test data, GPL-2.0-or-later): reading them independently of the
importer, pictures at the paths they name, and a large export made of their posts for the
memory test and `make bench-import`."""

import html as html_lib
import re
from functools import cache, partial
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

from django.core.management import call_command

from PIL import Image as PILImage

from articles.models import ArticleBlock
from exchange.wordpress.html import parse_post
from exchange.wordpress.mappers import map_post

PUBLIC = Path(__file__).parent / "fixtures" / "wordpress" / "public"
SOURCE = THEME = PUBLIC / "theme-unit-test-data.xml"
A11Y = PUBLIC / "a11y-unit-test-data.xml"
#: Any version's `wp` namespace, as ElementTree writes it in a tag.
WP = r"\{https?://wordpress\.org/export/1\.\d/\}"

_ITEM = re.compile(r"<item>.*?</item>", re.S)
_TYPE = re.compile(r"<wp:post_type>(?:<!\[CDATA\[)?\s*(\w+)")
_POST_ID = re.compile(r"(<wp:post_id>)(\d+)(</wp:post_id>)")
_NAME = re.compile(r"(<wp:post_name>(?:<!\[CDATA\[)?)([^<\]]*)")
_COMMENT_ID = re.compile(r"(<wp:comment_(?:id|parent)>)(\d+)(</wp:comment_(?:id|parent)>)")
_LINK = re.compile(r"(<link>[^<]*?)/?(</link>)")
_GUID = re.compile(r"(<guid[^>]*>[^<]*?)(\?p=\d+)?(</guid>)")
_THUMBNAIL = re.compile(
    r"<wp:postmeta>\s*<wp:meta_key>(?:<!\[CDATA\[)?_thumbnail_id.*?</wp:postmeta>", re.S
)


def _shift(match, offset):
    number = int(match[2])
    return f"{match[1]}{number + offset if number else 0}{match[3]}"


def write_large_export(target, posts, source=SOURCE):
    """An export at `target` with `posts` posts (and their comments), written as it goes:
    the real export's posts in turn, each copy with new post and comment ids, slugs and
    addresses, as posts of one site have."""
    text = source.read_text(encoding="utf-8")
    items = _ITEM.findall(text)
    head = text[: text.index("<item>")]
    tail = text[text.rindex("</item>") + len("</item>") :]
    posts_only = [item for item in items if _TYPE.search(item).group(1) == "post"]
    templates = [_THUMBNAIL.sub("", item) for item in posts_only]
    with open(target, "w", encoding="utf-8") as out:
        out.write(head)
        for number in range(posts):
            offset = 100_000 * (1 + number)
            item = templates[number % len(templates)]
            item = _POST_ID.sub(rf"\g<1>{offset}\g<3>", item)
            item = _NAME.sub(rf"\g<1>\g<2>-{number}", item, count=1)
            item = _LINK.sub(rf"\g<1>-{number}/\g<2>", item, count=1)
            item = _GUID.sub(rf"\g<1>?p={offset}\g<3>", item, count=1)
            item = _COMMENT_ID.sub(partial(_shift, offset=offset), item)
            out.write(item + "\n")
        out.write(tail)
    return target


def run_import(path, **options):
    out = StringIO()
    call_command("import_wordpress", str(path), stdout=out, **options)
    return out.getvalue()


def items(path):
    """(post type, status, password, title, id, element) of each item, read independently of
    the importer with ElementTree and the namespace of whatever version the file is."""
    if path.name == "crazy-cdata.xml":
        # Not well-formed XML (an old WordPress did not escape "]]>"); its twin, as WordPress
        # writes it now, holds the same items.
        path = path.with_name("crazy-cdata-escaped.xml")
    found = []
    for item in ElementTree.parse(path).getroot().iter("item"):
        fields = {}
        for child in item:
            name = re.sub(WP, "wp:", child.tag)
            fields.setdefault(name, (child.text or "").strip())
        found.append(
            (
                fields.get("wp:post_type", "post"),
                fields.get("wp:status", ""),
                fields.get("wp:post_password", ""),
                fields.get("title", ""),
                int(fields.get("wp:post_id") or 0),
                item,
            )
        )
    return found


def public_posts(path):
    return [i for i in items(path) if i[:3] == ("post", "publish", "") and i[4]]


def write_pictures(path, folder):
    """A small picture at every address the export's attachments name, laid out as
    WordPress.com's media export and wp-content/uploads are: YYYY/MM/name."""
    written = 0
    for post_type, _, _, _, _, item in items(path):
        if post_type != "attachment":
            continue
        url = next(
            (
                (c.text or "").strip()
                for c in item
                if re.sub(WP, "wp:", c.tag) == "wp:attachment_url"
            ),
            "",
        )
        match = re.search(r"/(\d{4}/\d{2}/[^/?#]+\.(?:jpe?g|png|gif))$", url or "", re.I)
        if not match:
            continue
        target = folder / match.group(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        kind = "PNG" if target.suffix.lower() == ".png" else "GIF"
        kind = "JPEG" if target.suffix.lower() in (".jpg", ".jpeg") else kind
        PILImage.new("RGB", (64, 48), (written % 255, 90, 140)).save(target, kind)
        written += 1
    return written


def comments_of(item):
    """(id, parent id, approved) of each comment on an item of the export."""
    found = []
    for comment in item:
        if re.sub(WP, "wp:", comment.tag) != "wp:comment":
            continue
        fields = {re.sub(WP, "wp:", c.tag): (c.text or "").strip() for c in comment}
        found.append(
            (
                int(fields["wp:comment_id"]),
                int(fields["wp:comment_parent"] or 0),
                fields["wp:comment_approved"],
            )
        )
    return found


# Posts' HTML, for the mapping tests --------------------------------------------------------

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"

IMAGE, RICH_TEXT, QUOTE, HEADING, SPOILER = (
    ArticleBlock.Kind.IMAGE,
    ArticleBlock.Kind.RICH_TEXT,
    ArticleBlock.Kind.QUOTE,
    ArticleBlock.Kind.HEADING,
    ArticleBlock.Kind.SPOILER,
)


@cache
def _posts(file):
    root = ElementTree.parse(PUBLIC / file).getroot()
    return {
        html_lib.unescape(item.findtext("title") or ""): item.findtext(CONTENT) or ""
        for item in root.iter("item")
    }


def post_html(file, title):
    """The content of the post called `title` in the export `file`."""
    return _posts(file)[title]


def mapped(html):
    return map_post(parse_post(html))


def kinds(mapping):
    return [draft.kind for draft in mapping.drafts]


def images(mapping):
    return [draft.image for draft in mapping.drafts if draft.kind == IMAGE]


def rich_text(mapping):
    return "".join(d.fields["text"] for d in mapping.drafts if d.kind == RICH_TEXT)


def pictures_in(html):
    """How many pictures the post shows: images, and covers' background pictures (a media &
    text block's background is its own <img> again)."""
    tags = re.findall(r"<[a-z]+\b[^>]*>", html)
    backgrounds = [t for t in tags if "background-image" in t and "media-text" not in t]
    return html.count("<img ") + len(backgrounds)
