"""How each WordPress construct becomes article blocks: a registry of mapper classes.

One class per construct (a quote with a cite, a heading, a gallery, a table, an embed,
prose). The first mapper in the registry that `matches` a node turns it into drafts; a
wrapper (columns, groups, covers) maps its children the same way, in order. A node no
mapper knows becomes sanitised rich text. Whatever is removed or changed on the way is said
in the mapping's `notes` and `counts`, so an editor knows what to check. Adding a construct
is one class with `@mapper`.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from articles.models import ArticleBlock
from articles.richtext import sanitize_html

from .html import SHORTCODE, Node, pieces

MAPPERS = []


def mapper(cls):
    """Register a mapper class; earlier ones are asked first."""
    MAPPERS.append(cls())
    return cls


@dataclass
class Draft:
    """One block to be: its kind and payload fields; a quote or an image the importer finds.

    A quote draft carries `fallback`: the same words as rich text with the cite as a source
    line, for when the importer cannot name the speaker. An image draft's `image` holds
    `src`, `alt`, `caption`, `attachment_id` (the WordPress attachment, or None) and
    `attached` (True: "every picture attached to the post", for the importer to expand).
    """

    kind: str
    fields: dict = field(default_factory=dict)
    quote: dict = field(default_factory=dict)
    image: dict = field(default_factory=dict)
    #: Prose: neighbouring prose drafts join into one block.
    joins: bool = False
    fallback: str = ""


@dataclass
class Mapping:
    """What a post's HTML became, and what the report should say about it.

    `notes` are sentences for the editor (one per loss or change to check); `counts` say how
    many of each construct were met ("tables", "gallery pictures", "scripts removed", …).
    `unknown` (tags no mapper knew) and `shortcodes` (names removed) are also in `notes`.
    """

    drafts: list = field(default_factory=list)
    unknown: list = field(default_factory=list)
    shortcodes: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    def note(self, sentence):
        if sentence not in self.notes:
            self.notes.append(sentence)

    def map_nodes(self, nodes):
        """The drafts for `nodes`, each given to the first mapper that knows it."""
        drafts = []
        for node in nodes:
            found = next((m for m in MAPPERS if m.matches(node)), None)
            if found is None:
                self.unknown.append(f"<{node.tag}>")
                self.note(f"<{node.tag}> has no block kind, kept as clean text")
                drafts += _prose(self.clean(node.outer_html()))
            else:
                drafts += found.drafts(node, self)
        return drafts

    def clean(self, html):
        """`html` as rich text: shortcodes WordPress would have run are removed and said."""
        for code in SHORTCODE.findall(html):
            name = re.sub(r"[\s\]].*", "", code).replace("[/", "[") + "]"
            if name not in self.shortcodes:
                self.shortcodes.append(name)
                self.note(f"shortcode {name} removed")
            if not code.startswith("[/"):
                self.counts["shortcodes removed"] += 1
        return sanitize_html(SHORTCODE.sub("", html))


def _prose(text, joins=True):
    return (
        [Draft(kind=ArticleBlock.Kind.RICH_TEXT, fields={"text": text}, joins=joins)]
        if text
        else []
    )


def _one_line(text):
    return " ".join((text or "").split())


def _shorten(text, limit):
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _wrapped(node):
    """`node`'s children with loose words in paragraphs, as rich text wants them."""
    return "".join(piece.outer_html() for piece in pieces(node.children))


class Mapper:
    """Turns one kind of node into block drafts, noting in `mapping` what an editor should check."""

    def matches(self, node):
        return False

    def drafts(self, node, mapping):
        return []


# --- Removed: what WordPress ran or built, with no words of the post ---------------------

_REMOVED = {
    "script": "scripts removed",
    "style": "styles removed",
    "noscript": "fallbacks for browsers without JavaScript removed",
    "form": "forms removed",
    "fieldset": "forms removed",
    "svg": "drawings (SVG) removed",
    "math": "formulas (MathML) removed",
    "canvas": "canvases removed",
    "x-dynamic": "dynamic blocks removed",
    "hr": "separators removed",
}


@mapper
class RemovedMapper(Mapper):
    """Scripts, styles, forms and blocks WordPress builds when showing the page: left out, said."""

    def matches(self, node):
        return node.tag in _REMOVED

    def drafts(self, node, mapping):
        mapping.counts[_REMOVED[node.tag]] += 1
        if node.tag in {"form", "fieldset"}:
            words = _shorten(node.plain_text(), 80)
            mapping.note(f"<form> removed{f' (it said “{words}”)' if words else ''}")
        elif node.tag == "x-dynamic":
            mapping.note(
                f"WordPress block “{node.attrs['name']}” removed: it has no saved content, "
                "WordPress built it each time the page was shown"
            )
        return []


# --- Embeds: kept as links until Marquee has an embed block --------------------------------

PROVIDERS = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "twitter": "Twitter",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "wordpress-tv": "WordPress.tv",
    "soundcloud": "SoundCloud",
    "spotify": "Spotify",
    "tiktok": "TikTok",
    "flickr": "Flickr",
    "dailymotion": "Dailymotion",
    "reddit": "Reddit",
    "tumblr": "Tumblr",
    "imgur": "Imgur",
}
_HOSTS = {
    "youtu.be": "youtube",
    "youtube.com": "youtube",
    "vimeo.com": "vimeo",
    "twitter.com": "twitter",
    "x.com": "x",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "wordpress.tv": "wordpress-tv",
    "soundcloud.com": "soundcloud",
    "spotify.com": "spotify",
    "tiktok.com": "tiktok",
    "flickr.com": "flickr",
    "dailymotion.com": "dailymotion",
}
_EMBED_URL = re.compile(r"https?://\S+")


def _host(url):
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def _provider(node, url):
    for name in sorted(node.classes):
        for prefix in ("is-provider-", "wp-block-embed-"):
            if name.startswith(prefix) and name != prefix and name[len(prefix) :] != "_wrapper":
                slug = name[len(prefix) :]
                return PROVIDERS.get(slug, slug.replace("-", " ").title())
    host = _host(url)
    slug = _HOSTS.get(host) or _HOSTS.get(".".join(host.split(".")[-2:]))
    return PROVIDERS[slug] if slug else host or "Link"


def _card(url, label):
    return sanitize_html(f'<p><a href="{escape(url)}">{escape(label, quote=False)}</a></p>')


@mapper
class EmbedMapper(Mapper):
    """Embedded posts and players (oEmbed blocks, [embed], bare addresses, iframes, audio and
    video): a linked line naming the provider, until Marquee has an embed block."""

    MEDIA = {"audio", "video"}

    def matches(self, node):
        if node.tag in {"x-embed", "x-media", "iframe", "object", "embed"} | self.MEDIA:
            return True
        classes = node.classes
        if classes & {"wp-block-audio", "wp-block-video"}:
            return True
        return "wp-block-embed" in classes or any(
            c.startswith("wp-block-embed-") and c != "wp-block-embed__wrapper" for c in classes
        )

    def drafts(self, node, mapping):
        caption = node.find("figcaption")
        caption = _one_line(caption.plain_text()) if caption is not None else ""
        media = self._media(node)
        if media is not None:
            kind, url = media
            mapping.counts["audio and video"] += 1
            if not url:
                mapping.note(f"{kind} with no file removed")
                return _prose(_card("", caption)) if caption else []
            mapping.note(f"{kind} file {url} kept as a link (Marquee has no player)")
            return _prose(_card(url, f"{kind}: {caption or url}"))
        if node.tag in {"iframe", "object", "embed"}:
            url = (node.attrs.get("src") or node.attrs.get("data") or "").strip()
            mapping.counts["iframes"] += 1
            if not url:
                mapping.note(f"<{node.tag}> with no address removed")
                return []
            mapping.note(f"{node.tag} from {url} kept as a link")
            label = node.attrs.get("title") or caption or url
            return _prose(_card(url, f"{_provider(node, url)}: {label}"))
        url = self._url(node)
        mapping.counts["embeds"] += 1
        if not url:
            mapping.note("embed with no address removed")
            return _prose(mapping.clean(f"<p>{escape(caption)}</p>")) if caption else []
        provider = _provider(node, url)
        mapping.note(f"{provider} embed {url} kept as a link")
        return _prose(_card(url, f"{provider}: {caption or url}"))

    def _media(self, node):
        """("Audio" or "Video", the file's address) when `node` is a player, else None."""
        if node.tag == "x-media":
            return node.attrs.get("kind", "media").capitalize(), node.attrs.get("src") or ""
        player = node if node.tag in self.MEDIA else None
        player = player or next((p for tag in self.MEDIA for p in node.find_all(tag)), None)
        if player is None:
            return None
        source = player.find("source")
        url = player.attrs.get("src") or (source.attrs.get("src") if source is not None else "")
        return player.tag.capitalize(), (url or "").strip()

    def _url(self, node):
        if node.tag == "x-embed":
            return (node.attrs.get("src") or "").strip()
        inner = node.find("x-embed") or node.find("iframe")
        if inner is not None:
            return (inner.attrs.get("src") or "").strip()
        found = _EMBED_URL.search(node.without("figcaption").plain_text())
        return found.group(0) if found else ""


# --- Pictures ------------------------------------------------------------------------------

_ATTACHMENT = re.compile(r"\bwp-image-(\d+)\b")


def _attachment_id(img, *wrappers):
    for node in (img, *wrappers):
        found = _ATTACHMENT.search(node.attrs.get("class") or "")
        if found:
            return int(found.group(1))
    data_id = (img.attrs.get("data-id") or "").strip()
    return int(data_id) if data_id.isdigit() else None


def _picture(img, caption, mapping, *wrappers):
    """An image block for `img`, its caption the words under it; a caption too long for an
    image block is shortened there and kept whole as text below the picture."""
    caption = _one_line(caption)
    whole = []
    if len(caption) > 300:
        mapping.note(f"caption “{_shorten(caption, 60)}” too long: shortened, and kept as text")
        whole = _prose(mapping.clean(f"<p>{escape(caption, quote=False)}</p>"))
    image = Draft(
        kind=ArticleBlock.Kind.IMAGE,
        image={
            "src": (img.attrs.get("src") or "").strip(),
            "alt": _shorten(img.attrs.get("alt"), 250),
            "caption": _shorten(caption, 300),
            "attachment_id": _attachment_id(img, *wrappers),
            "attached": False,
        },
    )
    return [image, *whole]


def _pictures_after(node, mapping, where):
    """Pictures inside prose, a table or a list: image blocks after it, and a note."""
    images = list(node.find_all("img"))
    if images:
        mapping.note(f"{len(images)} picture(s) inside {where} moved below it as image blocks")
        mapping.counts["pictures moved"] += len(images)
    return [draft for img in images for draft in _picture(img, "", mapping)]


def _figcaption(node):
    """The figure's own caption (not a caption of a figure inside it)."""
    return next((child for child in node.children if child.tag == "figcaption"), None)


@mapper
class GalleryMapper(Mapper):
    """A gallery (block, classic markup, Jetpack tiles, [gallery]): one image block per picture,
    in order, each with its own caption."""

    ITEM_CLASSES = ("blocks-gallery-item", "gallery-item", "tiled-gallery-item")

    def matches(self, node):
        return node.tag == "x-gallery" or bool(
            node.classes & {"wp-block-gallery", "gallery", "tiled-gallery"}
        )

    def drafts(self, node, mapping):
        if node.tag == "x-gallery":
            return self._shortcode(node, mapping)
        items = self._items(node)
        drafts = [
            draft
            for img, caption, wrappers in items
            for draft in _picture(img, caption, mapping, *wrappers)
        ]
        mapping.counts["gallery pictures"] += len(items)
        mapping.note(f"gallery of {len(items)} pictures → {len(items)} image blocks")
        caption = _figcaption(node)
        return drafts + (_prose(mapping.clean(_wrapped(caption))) if caption is not None else [])

    def _items(self, node):
        """(img, caption, wrappers) for each picture of the gallery."""
        items = [item for name in self.ITEM_CLASSES for item in node.find_class(name)]
        if not items:
            # The block editor's newer galleries: a figure.wp-block-image per picture.
            items = [f for f in node.find_all("figure") if f.find("img") is not None]
        if not items:
            return [(img, "", ()) for img in node.find_all("img")]
        found = []
        for item in items:
            img = item.find("img")
            if img is None:
                continue
            caption = (
                item.find("figcaption")
                or next((c for c in item.find_class("gallery-caption")), None)
                or next((c for c in item.find_class("tiled-gallery-caption")), None)
            )
            if caption is None:
                caption = item.find("dd")
            found.append((img, caption.plain_text() if caption is not None else "", (item,)))
        return found

    def _shortcode(self, node, mapping):
        ids = [int(i) for i in re.findall(r"\d+", node.attrs.get("ids") or "")]
        if not ids:
            mapping.counts["galleries of attached pictures"] += 1
            mapping.note("[gallery] shows every picture attached to the post: one image block each")
            return [
                Draft(
                    kind=ArticleBlock.Kind.IMAGE,
                    image={
                        "attached": True,
                        "src": "",
                        "alt": "",
                        "caption": "",
                        "attachment_id": None,
                    },
                )
            ]
        mapping.counts["gallery pictures"] += len(ids)
        mapping.note(f"gallery of {len(ids)} pictures → {len(ids)} image blocks")
        return [
            Draft(
                kind=ArticleBlock.Kind.IMAGE,
                image={
                    "attached": False,
                    "src": "",
                    "alt": "",
                    "caption": "",
                    "attachment_id": attachment,
                },
            )
            for attachment in ids
        ]


# --- Tables, code, spoilers ----------------------------------------------------------------


@mapper
class TableMapper(Mapper):
    """A table (classic or block, its caption kept): one rich-text block holding the table."""

    def matches(self, node):
        return node.tag == "table" or (
            "wp-block-table" in node.classes and node.find("table") is not None
        )

    def drafts(self, node, mapping):
        table = node if node.tag == "table" else node.find("table")
        caption = _figcaption(node) if node is not table else None
        inner = table.without("caption", "img").inner_html()
        own_caption = table.find("caption")
        words = own_caption.inner_html() if own_caption is not None else ""
        if caption is not None:
            words = f"{words} {caption.inner_html()}".strip()
        head = f"<caption>{words}</caption>" if words.strip() else ""
        mapping.counts["tables"] += 1
        text = mapping.clean(f"<table>{head}{inner}</table>")
        return _prose(text, joins=False) + _pictures_after(table, mapping, "a table")


def _verbatim(node):
    """The text of a <pre> with its line breaks as newlines, inline markup kept."""
    if node.tag == "#text":
        return escape(node.text, quote=False)
    if node.tag == "br":
        return "\n"
    inner = "".join(_verbatim(child) for child in node.children)
    return inner if node.tag == "pre" else f"<{node.tag}>{inner}</{node.tag}>"


@mapper
class CodeMapper(Mapper):
    """Code, preformatted text and verse: kept with every line break and indent."""

    def matches(self, node):
        return node.tag == "pre"

    def drafts(self, node, mapping):
        inner = _verbatim(node)
        is_code = "wp-block-code" in node.classes or (
            [c.tag for c in node.children if not c.is_blank()] == ["code"]
        )
        if is_code and not inner.lstrip().startswith("<code>"):
            inner = f"<code>{inner}</code>"
        mapping.counts["code blocks" if is_code else "preformatted texts"] += 1
        # Not through mapping.clean: a shortcode in code is part of the code.
        text = sanitize_html(f"<pre>{inner}</pre>")
        return _prose(text, joins=False)


@mapper
class SpoilerMapper(Mapper):
    """<details>: a spoiler block, folded for readers, its <summary> the label."""

    def matches(self, node):
        return node.tag == "details"

    def drafts(self, node, mapping):
        summary = node.find("summary")
        heading = _shorten(summary.plain_text(), 200) if summary is not None else ""
        body = node.without("summary")
        images = list(body.find_all("img"))
        if images:
            mapping.note(
                f"{len(images)} picture(s) inside the spoiler “{heading}” left out "
                "(showing them would give it away)"
            )
        mapping.counts["spoilers"] += 1
        text = mapping.clean(_wrapped(body))
        if not text:
            return _prose(mapping.clean(f"<p>{escape(heading)}</p>"))
        return [Draft(kind=ArticleBlock.Kind.SPOILER, fields={"heading": heading, "text": text})]


# --- Quotes, headings, single pictures -----------------------------------------------------


@mapper
class QuoteMapper(Mapper):
    """`<!-- wp:pullquote -->` figures and `<blockquote>` with a `<cite>`: a quote block, and the
    same words as rich text with the cite as a source line for when no speaker is confirmed."""

    def _blockquote(self, node):
        if node.tag == "blockquote":
            return node
        if node.tag == "figure" and node.classes & {"wp-block-pullquote", "wp-block-quote"}:
            return node.find("blockquote")
        return None

    def matches(self, node):
        quote = self._blockquote(node)
        return quote is not None and quote.find("cite") is not None

    def drafts(self, node, mapping):
        quote = self._blockquote(node)
        cite = quote.find("cite")
        link = cite.find("a")
        words = _one_line(quote.without("cite").plain_text()).strip(' “”"')
        cite_text = _one_line(cite.plain_text()).lstrip("—–- ").strip()
        source_line = f"<p>— {escape(cite_text, quote=False)}</p>" if cite_text else ""
        if link is not None and cite_text:
            href = escape(link.attrs.get("href") or "")
            source_line = f'<p>— <a href="{href}">{escape(cite_text, quote=False)}</a></p>'
        fallback = mapping.clean(
            f"<blockquote>{_wrapped(quote.without('cite'))}{source_line}</blockquote>"
        )
        speaker, _, outlet = cite_text.partition(",")
        if not words or not speaker.strip():
            return _prose(fallback)
        mapping.counts["quotes"] += 1
        return [
            Draft(
                kind=ArticleBlock.Kind.QUOTE,
                quote={
                    "text": words,
                    "speaker": speaker.strip(),
                    "outlet": outlet.strip(),
                    "url": (link.attrs.get("href") or "") if link is not None else "",
                    "link_text": _one_line(link.plain_text()) if link is not None else "",
                },
                fallback=fallback,
            )
        ]


@mapper
class HeadingMapper(Mapper):
    """h2 to h4 (and a stray h1, h5, h6): a heading block readers reach from the contents."""

    def matches(self, node):
        return node.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}

    def drafts(self, node, mapping):
        heading = _one_line(node.plain_text())
        if len(heading) > 200:
            mapping.note(f"heading “{_shorten(heading, 60)}” too long for a heading, kept as text")
            return _prose(mapping.clean(f"<p>{escape(heading)}</p>"))
        drafts = [Draft(kind=ArticleBlock.Kind.HEADING, fields={"heading": heading})]
        return (drafts if heading else []) + _pictures_after(node, mapping, "a heading")


def _is_single_picture(node):
    """A figure (or link) holding one picture and perhaps its caption, and nothing else."""
    if len(list(node.find_all("img"))) != 1:
        return False
    rest = node.without("img", "figcaption")
    return not _one_line(rest.plain_text()) and not any(
        rest.find(tag) is not None for tag in ("iframe", "video", "audio", "table", "x-embed")
    )


@mapper
class ImageMapper(Mapper):
    """A picture: an `<img>`, alone, in a link, or in a `<figure>` with its caption."""

    def matches(self, node):
        if node.tag == "img":
            return True
        return node.tag in {"figure", "a"} and _is_single_picture(node)

    def drafts(self, node, mapping):
        image = node if node.tag == "img" else node.find("img")
        caption = _figcaption(node) if node.tag == "figure" else None
        words = caption.plain_text() if caption is not None else ""
        return _picture(image, words, mapping, node)


# --- Prose and wrappers --------------------------------------------------------------------


@mapper
class ProseMapper(Mapper):
    """Paragraphs, lists and quotes without a cite: rich text through the editor's sanitiser.

    A paragraph holding pictures, players or blocks is split around them, so nothing in it is
    lost; a picture inside a list or a quote is moved below it.
    """

    def matches(self, node):
        return node.tag in {"p", "ul", "ol", "dl", "blockquote", "#text", "address"}

    def drafts(self, node, mapping):
        if node.tag == "p":
            parts = pieces(node.children)
            if [part.tag for part in parts] != ["p"]:
                return mapping.map_nodes(parts)
            node = Node("p", children=parts[0].children) if parts else node
        pictures = _pictures_after(node, mapping, f"a <{node.tag}>") if node.tag != "p" else []
        return _prose(mapping.clean(node.without("img").outer_html())) + pictures


#: Wrappers with nothing of their own to show: their children are mapped in their place.
_CONTAINERS = frozenset(
    {"div", "section", "figure", "article", "aside", "header", "footer", "main", "nav"}
    | {"center", "a", "span", "li", "figcaption"}
)


@mapper
class ContainerMapper(Mapper):
    """Columns, groups, covers, media & text and other wrappers: their contents, in order.

    A cover's background picture comes first, as a picture; a caption left with no picture
    keeps its words as text, and the note says the picture is missing.
    """

    def matches(self, node):
        return node.tag in _CONTAINERS

    def drafts(self, node, mapping):
        drafts = []
        background = re.search(
            r"background-image:\s*url\(\s*['\"]?([^'\")]+)", node.attrs.get("style") or ""
        )
        if background:
            mapping.counts["cover pictures"] += 1
            picture = Node("img", {"src": background.group(1)})
            drafts += _picture(picture, "", mapping, node)
        caption = _figcaption(node) if node.tag == "figure" else None
        children = [child for child in node.children if child is not caption]
        if node.tag == "figcaption":
            children = pieces(children)
        drafts += mapping.map_nodes(pieces(children))
        if caption is not None:
            if not any(d.kind == ArticleBlock.Kind.IMAGE for d in drafts):
                mapping.note(f"caption “{_shorten(caption.plain_text(), 80)}” has no picture")
            drafts += _prose(mapping.clean(_wrapped(caption)))
        return drafts


def map_post(nodes):
    """The block drafts for a post's top-level nodes; neighbouring prose joins one block."""
    result = Mapping()
    for draft in result.map_nodes(nodes):
        previous = result.drafts[-1] if result.drafts else None
        if draft.joins and previous is not None and previous.joins:
            previous.fields["text"] += draft.fields["text"]
        else:
            result.drafts.append(draft)
    removed = [(what, n) for what, n in result.counts.items() if what.endswith(" removed")]
    for what, n in sorted(removed):
        if what != "shortcodes removed":
            # "1 scripts removed" reads badly: a count of one says the kind, not the number.
            result.note(f"{n} {what}" if n > 1 else f"{what} (1)")
    result.shortcodes.sort()
    return result
