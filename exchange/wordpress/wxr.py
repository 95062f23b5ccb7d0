"""Read a WordPress export (WXR) file with the standard library, one item at a time.

Every WXR a WordPress site writes is read: versions 1.0 to 1.2, the `http://` and
`https://` namespaces (current WordPress and WordPress.com write the latter), any encoding
the XML declaration names. A first pass reads the whole file before anything is written:
a file that is not an export or is cut short stops with `WXRError` and nothing imported.
The items are then read again one at a time, so a 10,000-post export takes the memory of
one post (plus a small index of its pictures).

Nothing is fetched from the network: a WXR file names its pictures by URL, and the
importer looks for them in a local copy of the uploads folder (`--media-dir`).
"""

import datetime
import hashlib
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.utils import timezone
from django.utils.html import strip_tags

from .xmlbytes import Cleaned, repair_cdata

#: Namespace addresses by the prefix this module reads them under, whatever the version.
NAMESPACES = {
    "wp": re.compile(r"https?://wordpress\.org/export/1\.\d+/"),
    "excerpt": re.compile(r"https?://wordpress\.org/export/1\.\d+/excerpt/"),
    "content": re.compile(r"https?://purl\.org/rss/1\.0/modules/content/?"),
    "dc": re.compile(r"https?://purl\.org/dc/elements/1\.1/?"),
}
#: The WXR versions WordPress has written (1.0 in 3.0, 1.1 in 3.1, 1.2 since 3.5).
VERSIONS = frozenset({"1.0", "1.1", "1.2"})
#: Where an export names its site, best first (WXR 1.0 files without a blog address exist).
ADDRESSES = ("wp:base_blog_url", "link", "wp:base_site_url")
#: Category domains that are a post's tags or categories (WXR 1.0 says "tag").
TERM_DOMAINS = frozenset({"category", "post_tag", "tag"})


class WXRError(ValueError):
    """The file is not a WordPress export, or not a whole one."""


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
    parent_id: int = 0
    menu_order: int = 0
    password: str = ""
    sticky: bool = False
    attachment_url: str = ""
    categories: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)

    @property
    def identity(self):
        """What tells this post from another site's post with the same id: its guid and the
        date it was written, which WordPress never changes on its own."""
        return hashlib.sha256(f"{self.post_type}|{self.guid}|{self.date}".encode()).hexdigest()


@dataclass
class WPAttachment:
    """An uploaded file: where it was, and the words WordPress kept about it."""

    wp_id: int
    url: str
    title: str
    alt: str
    caption: str
    credit: str
    parent_id: int
    menu_order: int
    link: str
    guid: str
    post_type: str = "attachment"

    @property
    def is_picture(self):
        return bool(re.search(r"\.(jpe?g|png|gif|webp)$", urlsplit(self.url).path, re.I))


@dataclass
class WPAuthor:
    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str


#: Meta keys media-credit plugins store a picture's credit under.
CREDIT_KEYS = ("_media_credit", "media_credit", "_wp_attachment_credit", "credit")


def plain(text):
    """A title or excerpt as readers should read it: tags dropped, entities decoded once, one
    line. WordPress stores titles with `&amp;` and markup such as `<em>` in them."""
    return " ".join(html.unescape(strip_tags(text or "")).split())


def _name(tag):
    """`{https://wordpress.org/export/1.2/}post_id` → `wp:post_id`, whatever the version."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    for prefix, pattern in NAMESPACES.items():
        if pattern.fullmatch(uri):
            return f"{prefix}:{local}"
    return local if uri == "" else f"{{{uri}}}{local}"


def _children(element):
    """(name, element) of each child, by the prefixes above."""
    return [(_name(child.tag), child) for child in element]


def _text(element, name, strip=True):
    for child_name, child in _children(element):
        if child_name == name:
            text = child.text or ""
            return text.strip() if strip else text
    return ""


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
        body=_text(element, "wp:comment_content"),
        approved=_text(element, "wp:comment_approved"),
        kind=_text(element, "wp:comment_type") or "comment",
    )


def _item(element):
    item = WPItem(
        wp_id=_int(_text(element, "wp:post_id")),
        post_type=_text(element, "wp:post_type") or "post",
        status=_text(element, "wp:status"),
        title=plain(_text(element, "title")),
        slug=_text(element, "wp:post_name"),
        link=_text(element, "link"),
        guid=_text(element, "guid"),
        creator=_text(element, "dc:creator"),
        content=_text(element, "content:encoded", strip=False),
        excerpt=plain(_text(element, "excerpt:encoded")),
        date=_date(_text(element, "wp:post_date_gmt"), _text(element, "wp:post_date")),
        parent_id=_int(_text(element, "wp:post_parent")),
        menu_order=_int(_text(element, "wp:menu_order")),
        password=_text(element, "wp:post_password"),
        sticky=_text(element, "wp:is_sticky") == "1",
        attachment_url=_text(element, "wp:attachment_url"),
    )
    for name, child in _children(element):
        if name == "category" and child.text and child.get("domain") in TERM_DOMAINS:
            item.categories.append(plain(child.text))
        elif name == "wp:postmeta":
            item.meta[_text(child, "wp:meta_key")] = _text(child, "wp:meta_value", strip=False)
        elif name == "wp:comment":
            item.comments.append(_comment(child))
    return item


def _attachment(item):
    credit = next((item.meta[key] for key in CREDIT_KEYS if item.meta.get(key)), "")
    return WPAttachment(
        wp_id=item.wp_id,
        url=item.attachment_url or item.guid,
        title=item.title,
        alt=" ".join(item.meta.get("_wp_attachment_image_alt", "").split()),
        caption=item.excerpt,
        credit=" ".join(credit.split()),
        parent_id=item.parent_id,
        menu_order=item.menu_order,
        link=item.link,
        guid=item.guid,
    )


def _author(element):
    return WPAuthor(
        login=_text(element, "wp:author_login"),
        email=_text(element, "wp:author_email"),
        display_name=_text(element, "wp:author_display_name"),
        first_name=_text(element, "wp:author_first_name"),
        last_name=_text(element, "wp:author_last_name"),
    )


def site_key(address):
    """The site an export came from, as one key: `https://Example.com/blog/` and
    `http://example.com/blog` are the same site (it moved to https)."""
    parts = urlsplit(address.strip())
    if not parts.netloc:
        return address.strip().rstrip("/").lower()
    return (parts.netloc.lower() + parts.path.rstrip("/"))[:300]


class WXRSource:
    """One export file: its site, authors and pictures read at once, its items on demand."""

    def __init__(self, path):
        self.path = path
        self._forget()
        self.control_characters = 0
        #: Whether nested CDATA had to be repaired (read into memory) to parse the file.
        self.repaired = False
        self._check()

    @property
    def site(self):
        """The key of the site its items are remembered under: its address, or for an
        export that names none (hand-made ones), its title."""
        if self.site_address:
            return site_key(self.site_address)
        return f"(no address) {self.title}"[:300]

    def _events(self):
        """(name, element) of each direct child of <channel> once it is whole; it is
        dropped from memory as soon as the caller moves on. Raises WXRError."""
        try:
            handle = open(self.path, "rb")  # noqa: SIM115 (closed in finally)
        except OSError as error:
            raise WXRError(f"cannot read {self.path}: {error.strerror}") from error
        if self.repaired:
            data = repair_cdata(handle.read())
            handle.close()
            handle = io.BytesIO(data)
        cleaned = Cleaned(handle)
        try:
            depth, channel = 0, None
            for event, element in ElementTree.iterparse(cleaned, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if depth == 1 and _name(element.tag) != "rss":
                        raise WXRError(
                            "it is not a WordPress export: it starts with "
                            f"<{_name(element.tag)}>, not <rss>"
                        )
                    if depth == 2 and _name(element.tag) == "channel":
                        channel = element
                    continue
                depth -= 1
                if depth == 2 and channel is not None:
                    yield _name(element.tag), element
                    channel.clear()
            if channel is None:
                raise WXRError("it is not a WordPress export: it has no <channel>")
        except ElementTree.ParseError as error:
            raise WXRError(f"the file is damaged or cut short ({error})") from error
        finally:
            self.control_characters = cleaned.removed
            handle.close()

    def _check(self):
        """The whole file, read once: refused before anything is written if it is not a
        whole WordPress export. Exports from old WordPress versions that did not escape
        `]]>` inside CDATA are read again, repaired, before they are refused."""
        try:
            self._read_channel()
        except WXRError:
            if self.repaired or not self._has_cdata():
                raise
            self.repaired = True
            self._forget()
            self._read_channel()

    def _has_cdata(self):
        with open(self.path, "rb") as handle:
            return any(b"<![CDATA[" in line for line in handle)

    def _forget(self):
        """Nothing read yet (again, before a repaired file is read)."""
        self.title = self.site_address = self.version = ""
        self.authors, self.attachments = {}, {}
        #: How many items of each type (post, page, attachment, nav_menu_item…).
        self.counts = Counter()
        #: (post type, id) → identity of each post and page, to tell sites apart.
        self.identities = {}
        #: Ids of the posts and pages readers could read in WordPress.
        self.public = set()

    def _read_channel(self):
        addresses = {}
        for name, element in self._events():
            if name == "title" and not self.title:
                self.title = plain(element.text)
            elif name in ADDRESSES and (element.text or "").strip():
                addresses[name] = element.text.strip()
            elif name == "wp:wxr_version":
                self.version = (element.text or "").strip()
            elif name == "wp:author":
                author = _author(element)
                self.authors[author.login] = author
            elif name == "item":
                item = _item(element)
                self.counts[item.post_type] += 1
                if item.post_type == "attachment":
                    self.attachments[item.wp_id] = _attachment(item)
                else:
                    self.identities[(item.post_type, item.wp_id)] = item.identity
                    if item.status == "publish" and not item.password:
                        self.public.add(item.wp_id)
        if self.version not in VERSIONS:
            found = f"version “{self.version}”" if self.version else "no <wp:wxr_version>"
            raise WXRError(
                f"it is not a WordPress export Marquee can read: it has {found} "
                f"(WordPress writes {', '.join(sorted(VERSIONS))})"
            )
        self.site_address = next((addresses[name] for name in ADDRESSES if name in addresses), "")

    def items(self):
        """Every item but attachments, in the file's order, one at a time."""
        for name, element in self._events():
            if name == "item":
                item = _item(element)
                if item.post_type != "attachment":
                    yield item
