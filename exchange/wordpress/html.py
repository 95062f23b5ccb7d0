"""A WordPress post's HTML as a small tree of top-level nodes, with the standard library.

Before parsing, what WordPress would have expanded when showing the post is made visible as
elements the mappers can see: `[caption]` becomes a `<figure>`, `[gallery]` an `<x-gallery>`,
`[embed]`, `[audio]`, `[video]` and a bare address alone on its line (oEmbed) an `<x-embed>` or
`<x-media>`, and a Gutenberg block saved with no HTML (`<!-- wp:latest-posts /-->`) an
`<x-dynamic>`. Code and preformatted text are left exactly as written.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source"}
    | {"track", "wbr", "x-dynamic"}
)
#: Tags that start a new piece of the body; anything else is inline and runs into a paragraph.
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "div"}
    | {"table", "pre", "iframe", "script", "style", "hr", "img", "form", "section", "dl"}
    | {"details", "audio", "video", "object", "embed", "noscript", "nav", "aside", "article"}
    | {"header", "footer", "main", "address", "center", "svg", "math", "canvas", "fieldset"}
    | {"figcaption", "x-gallery", "x-embed", "x-media", "x-dynamic"}
)
#: Starting one of these closes an open <p>, as browsers do (WordPress's HTML often relies on it).
_CLOSES_P = frozenset(
    {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "div"}
    | {"table", "pre", "hr", "form", "section", "dl", "details", "nav", "aside", "article"}
    | {"header", "footer", "main", "address", "center", "fieldset", "figcaption"}
)
_P_SCOPE = frozenset({"#root", "table", "td", "th", "caption", "button", "object"})
#: A new item closes the open one of the same family, up to the list that holds it.
_CLOSES_ITEM = {"li": ({"li"}, {"ul", "ol"}), "dt": ({"dt", "dd"}, {"dl"})}
_CLOSES_ITEM["dd"] = _CLOSES_ITEM["dt"]


@dataclass
class Node:
    """One element (or, with `tag` "#text", a run of text) of the post's HTML."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str = ""

    def find(self, tag):
        """The first descendant named `tag`, or None."""
        for child in self.children:
            if child.tag == tag:
                return child
            found = child.find(tag)
            if found is not None:
                return found
        return None

    def find_all(self, tag):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.find_all(tag)

    def find_class(self, name):
        """Every descendant carrying the class `name`, in document order."""
        for child in self.children:
            if name in child.classes:
                yield child
            yield from child.find_class(name)

    def without(self, *tags):
        """A copy of this node with every descendant named in `tags` left out."""
        kept = [child.without(*tags) for child in self.children if child.tag not in tags]
        return Node(self.tag, self.attrs, kept, self.text)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def inner_html(self):
        return "".join(child.outer_html() for child in self.children)

    def outer_html(self):
        if self.tag == "#text":
            return escape(self.text, quote=False)
        if self.tag == "#root":
            return self.inner_html()
        attrs = "".join(f' {name}="{escape(value or "")}"' for name, value in self.attrs.items())
        if self.tag in VOID:
            return f"<{self.tag}{attrs}>"
        return f"<{self.tag}{attrs}>{self.inner_html()}</{self.tag}>"

    def plain_text(self):
        if self.tag == "#text":
            return self.text
        if self.tag == "br":
            return "\n"
        return "".join(child.plain_text() for child in self.children)

    def is_blank(self):
        """True when readers would see nothing: whitespace and line breaks only."""
        if self.tag == "#text":
            return not self.text.strip()
        return self.tag == "br" or (
            self.tag not in VOID and all(c.is_blank() for c in self.children)
        )


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def _close_implied(self, tag):
        if tag in _CLOSES_P:
            for depth in range(len(self.stack) - 1, 0, -1):
                if self.stack[depth].tag in _P_SCOPE:
                    break
                if self.stack[depth].tag == "p":
                    del self.stack[depth:]
                    break
        if tag in _CLOSES_ITEM:
            closes, holders = _CLOSES_ITEM[tag]
            for depth in range(len(self.stack) - 1, 0, -1):
                if self.stack[depth].tag in holders:
                    break
                if self.stack[depth].tag in closes:
                    del self.stack[depth:]
                    break

    def handle_starttag(self, tag, attrs):
        self._close_implied(tag)
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self._close_implied(tag)
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        # A stray end tag closes nothing.

    def handle_data(self, data):
        self.stack[-1].children.append(Node("#text", text=data))

    def handle_comment(self, data):
        # `<!-- wp:archives {…} /-->`: a block WordPress builds each time the page is shown.
        found = _DYNAMIC_BLOCK.match(data)
        if found:
            self.stack[-1].children.append(Node("x-dynamic", {"name": found.group(1)}))


_DYNAMIC_BLOCK = re.compile(r"\s*wp:([a-z0-9/_-]+)\b.*/\s*$", re.DOTALL)

_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a[^>]*>)?\s*<img[^>]*>\s*(?:</a>)?)(.*)$", re.DOTALL)
#: Any other shortcode: [gallery ids="1,2"], [embed]…[/embed], [/foo].
SHORTCODE = re.compile(r"\[/?[a-z][a-z0-9_-]*(?:\s[^\]]*)?\]", re.IGNORECASE)
#: Where WordPress expands nothing and whitespace is the content: code, scripts and styles.
_VERBATIM = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
_EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(.*?)\s*\[/embed\]", re.DOTALL | re.IGNORECASE)
_MEDIA = re.compile(r"\[(audio|video)\b([^\]]*)\](?:(.*?)\[/\1\])?", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""", re.I)
_URL = r"https?://[^\s<>\"'\[\]]+"
#: WordPress's oEmbed: an address alone on its line, or alone in a paragraph.
_URL_LINE = re.compile(rf"^[ \t]*({_URL})[ \t]*$", re.MULTILINE)
_URL_PARAGRAPH = re.compile(rf"<p(?:\s[^>]*)?>\s*({_URL})\s*</p>", re.IGNORECASE)
#: The attributes of [audio] and [video] that name the media file, in WordPress's order.
MEDIA_SOURCES = (
    "src",
    "mp3",
    "m4a",
    "ogg",
    "wav",
    "wma",
    "mp4",
    "m4v",
    "webm",
    "ogv",
    "wmv",
    "flv",
)


def shortcode_attributes(text):
    """The `name="value"` pairs of a shortcode, and its bare words ([audio https://…])."""
    named = {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTRIBUTE.finditer(text)
    }
    bare = _ATTRIBUTE.sub(" ", text).split()
    return named, bare


def _element(tag, **attrs):
    rendered = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in attrs.items())
    return f"<{tag}{rendered}></{tag}>"


def _gallery(match):
    named, _ = shortcode_attributes(match.group(1))
    ids = named.get("ids") or named.get("include") or ""
    return _element("x-gallery", ids=ids)


def _media(match):
    named, bare = shortcode_attributes(match.group(2))
    src = next((named[key] for key in MEDIA_SOURCES if named.get(key)), "")
    src = src or next((word for word in bare if re.match(_URL, word)), "")
    return _element("x-media", kind=match.group(1).lower(), src=src.strip())


def _expand(html):
    """The shortcodes and oEmbed addresses WordPress expands, as elements; code left alone."""
    html = _GALLERY.sub(_gallery, html)
    html = _EMBED.sub(lambda m: _element("x-embed", src=m.group(1)), html)
    html = _MEDIA.sub(_media, html)
    html = _URL_PARAGRAPH.sub(lambda m: _element("x-embed", src=m.group(1)), html)
    return _URL_LINE.sub(lambda m: _element("x-embed", src=m.group(1)), html)


def _outside_verbatim(html, change):
    """`html` with `change` applied everywhere except inside code, scripts and styles."""
    out, last = [], 0
    for match in _VERBATIM.finditer(html):
        out += [change(html[last : match.start()]), match.group(0)]
        last = match.end()
    out.append(change(html[last:]))
    return "".join(out)


def _caption_figure(match):
    inner = match.group(1)
    parts = _CAPTION_IMAGE.match(inner)
    if not parts:
        # A caption with no picture: the mappers keep its words and say the picture is missing.
        return f'<figure class="wp-caption"><figcaption>{inner.strip()}</figcaption></figure>'
    return f"<figure>{parts.group(1)}<figcaption>{parts.group(2).strip()}</figcaption></figure>"


_STARTS_BLOCK = re.compile(rf"<({'|'.join(sorted(BLOCK_TAGS))})[\s>/]", re.IGNORECASE)
_KEPT_WHOLE = re.compile(r"<(pre|table|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)


def _autop(html):
    """The classic editor's paragraphs: text separated by blank lines, without <p> tags.

    Block-editor posts (with `<!-- wp:` comments) are already in paragraphs; code and tables
    are kept whole, since a blank line inside them is part of them.
    """
    if "<!-- wp:" in html:
        return html
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    html = _KEPT_WHOLE.sub(keep, html)
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", html) if chunk.strip()]
    html = "".join(
        chunk if _STARTS_BLOCK.match(chunk) or chunk.startswith("\x00") else f"<p>{chunk}</p>"
        for chunk in chunks
    )
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], html)


def is_piece(node):
    """Whether `node` stands on its own in the body (a picture, a block) rather than in a line."""
    if node.tag in BLOCK_TAGS:
        return True
    # A linked picture with no words is a picture.
    return node.tag == "a" and node.find("img") is not None and not node.plain_text().strip()


def pieces(children):
    """`children` as the body's pieces: runs of inline content become paragraphs."""
    out, run = [], []

    def flush():
        if any(not node.is_blank() for node in run):
            out.append(Node("p", children=list(run)))
        run.clear()

    for node in children:
        if is_piece(node):
            flush()
            out.append(node)
        else:
            run.append(node)
    flush()
    return out


def parse_post(html):
    """The post's top-level nodes, shortcodes made elements, paragraphs made."""
    html = _autop(_CAPTION.sub(_caption_figure, html or ""))
    html = _outside_verbatim(html, _expand)
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return pieces(builder.root.children)


def page_html(html):
    """A WordPress page's content as rich text to sanitise: the classic editor's paragraphs
    and captions made, as for posts (pages keep their HTML; they have no blocks)."""
    return _autop(_CAPTION.sub(_caption_figure, html or ""))
