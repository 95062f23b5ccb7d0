"""A WordPress post's HTML as a small tree of top-level nodes, with the standard library."""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"})
#: Tags that start a new top-level piece; text outside them is a classic-editor paragraph.
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "div"}
    | {"table", "pre", "iframe", "script", "style", "hr", "img", "form", "section", "dl"}
)


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

    def without(self, tag):
        """A copy of this node with every descendant `tag` left out."""
        kept = [child.without(tag) for child in self.children if child.tag != tag]
        return Node(self.tag, self.attrs, kept, self.text)

    @property
    def classes(self):
        return set((self.attrs.get("class") or "").split())

    def inner_html(self):
        return "".join(child.outer_html() for child in self.children)

    def outer_html(self):
        if self.tag == "#text":
            return escape(self.text, quote=False)
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


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        # A stray end tag closes nothing.

    def handle_data(self, data):
        self.stack[-1].children.append(Node("#text", text=data))


_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_CAPTION_IMAGE = re.compile(r"^\s*((?:<a[^>]*>)?\s*<img[^>]*>\s*(?:</a>)?)(.*)$", re.DOTALL)
#: Any other shortcode: [gallery ids="1,2"], [embed]…[/embed], [/foo].
SHORTCODE = re.compile(r"\[/?[a-z][a-z0-9_-]*(?:\s[^\]]*)?\]", re.IGNORECASE)


def _caption_figure(match):
    inner = match.group(1)
    parts = _CAPTION_IMAGE.match(inner)
    if not parts:
        return inner
    return f"<figure>{parts.group(1)}<figcaption>{parts.group(2).strip()}</figcaption></figure>"


_STARTS_BLOCK = re.compile(rf"<({'|'.join(sorted(BLOCK_TAGS))})[\s>/]", re.IGNORECASE)


def _autop(html):
    """The classic editor's paragraphs: text separated by blank lines, without <p> tags."""
    if re.search(r"<p[\s>]", html, re.IGNORECASE):
        return html
    chunks = [chunk.strip() for chunk in re.split(r"\n\s*\n", html) if chunk.strip()]
    return "".join(chunk if _STARTS_BLOCK.match(chunk) else f"<p>{chunk}</p>" for chunk in chunks)


def parse_post(html):
    """The post's top-level nodes, [caption] shortcodes turned into figures, paragraphs made."""
    html = _autop(_CAPTION.sub(_caption_figure, html or ""))
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    nodes, loose = [], []

    def flush_loose():
        if any(node.tag != "#text" or node.text.strip() for node in loose):
            nodes.append(Node("p", children=list(loose)))
        loose.clear()

    for node in builder.root.children:
        if node.tag in BLOCK_TAGS:
            flush_loose()
            nodes.append(node)
        else:
            loose.append(node)
    flush_loose()
    return nodes
