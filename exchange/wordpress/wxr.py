"""Read a WordPress export (WXR) file with the standard library, into plain records.

Nothing is fetched from the network: a WXR file names its images by URL, and the
importer looks for them in a local copy of wp-content/uploads (`--media-dir`).
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit
from xml.etree import ElementTree

from django.utils import timezone

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@dataclass
class WPComment:
    wp_id: int
    parent_id: int
    author: str
    email: str
    ip: str
    date: datetime.datetime | None
    body: str
    approved: str
    kind: str = "comment"


@dataclass
class WPItem:
    wp_id: int
    post_type: str
    status: str
    title: str
    slug: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    date: datetime.datetime | None
    attachment_url: str = ""
    categories: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)


@dataclass
class WPAuthor:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


@dataclass
class WXRFile:
    site: str
    title: str
    authors: dict
    items: list

    def of_type(self, post_type):
        return [item for item in self.items if item.post_type == post_type]

    def by_id(self):
        return {item.wp_id: item for item in self.items}


def _text(element, path):
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def _date(gmt, local):
    """`post_date_gmt` as an aware datetime; a draft has 0000-00-00, then the local date."""
    for value, zone in ((gmt, datetime.UTC), (local, None)):
        try:
            parsed = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):
            continue
        if zone is None:
            return timezone.make_aware(parsed)
        return parsed.replace(tzinfo=zone)
    return None


def _comment(element):
    return WPComment(
        wp_id=_int(_text(element, "wp:comment_id")),
        parent_id=_int(_text(element, "wp:comment_parent")),
        author=_text(element, "wp:comment_author"),
        email=_text(element, "wp:comment_author_email"),
        ip=_text(element, "wp:comment_author_IP"),
        date=_date(_text(element, "wp:comment_date_gmt"), _text(element, "wp:comment_date")),
        body=(element.findtext("wp:comment_content", "", NS) or "").strip(),
        approved=_text(element, "wp:comment_approved"),
        kind=_text(element, "wp:comment_type") or "comment",
    )


def _item(element):
    item = WPItem(
        wp_id=_int(_text(element, "wp:post_id")),
        post_type=_text(element, "wp:post_type"),
        status=_text(element, "wp:status"),
        title=_text(element, "title"),
        slug=_text(element, "wp:post_name"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "dc:creator"),
        content=element.findtext("content:encoded", "", NS) or "",
        excerpt=(element.findtext("excerpt:encoded", "", NS) or "").strip(),
        date=_date(_text(element, "wp:post_date_gmt"), _text(element, "wp:post_date")),
        attachment_url=_text(element, "wp:attachment_url"),
    )
    for category in element.findall("category"):
        if category.text and category.get("domain") in ("category", "post_tag"):
            item.categories.append(category.text.strip())
    for meta in element.findall("wp:postmeta", NS):
        item.meta[_text(meta, "wp:meta_key")] = meta.findtext("wp:meta_value", "", NS) or ""
    item.comments = [_comment(comment) for comment in element.findall("wp:comment", NS)]
    return item


def _author(element):
    return WPAuthor(
        login=_text(element, "wp:author_login"),
        email=_text(element, "wp:author_email"),
        display_name=_text(element, "wp:author_display_name"),
        first_name=_text(element, "wp:author_first_name"),
        last_name=_text(element, "wp:author_last_name"),
    )


def read_wxr(path):
    """Every item, author and the site's address in the export at `path`."""
    channel = ElementTree.parse(path).getroot().find("channel")
    if channel is None:
        raise ValueError(f"{path} is not a WordPress export: it has no <channel>.")
    site = _text(channel, "wp:base_blog_url") or _text(channel, "link")
    authors = {}
    for element in channel.findall("wp:author", NS):
        author = _author(element)
        authors[author.login] = author
    items = [_item(element) for element in channel.findall("item")]
    return WXRFile(
        site=site.rstrip("/"), title=_text(channel, "title"), authors=authors, items=items
    )


def old_addresses(item):
    """(path, ?p= id) of every address the post answered at: its permalink and its guid."""
    found = []
    for url in (item.link, item.guid):
        if not url:
            continue
        parts = urlsplit(url)
        post_id = parse_qs(parts.query).get("p", [""])[0]
        if post_id.isdigit():
            found.append(("/", post_id))
        elif unquote(parts.path).strip("/"):
            found.append((unquote(parts.path), ""))
    found.append(("/", str(item.wp_id)))
    return list(dict.fromkeys(found))
