"""Constructs with a block of their own: tables, code, spoilers, quotes, headings, pictures."""

from html import escape

from articles.models import ArticleBlock
from articles.richtext import sanitize_html

from .base import Draft, Mapper, mapper, one_line, rich_text, shorten, wrapped
from .figures import figcaption, is_single_picture, picture, pictures_after


@mapper
class TableMapper(Mapper):
    """A table (classic or block, its caption kept): one rich-text block holding the table."""

    def matches(self, node):
        return node.tag == "table" or (
            "wp-block-table" in node.classes and node.find("table") is not None
        )

    def drafts(self, node, mapping):
        table = node if node.tag == "table" else node.find("table")
        caption = figcaption(node) if node is not table else None
        inner = table.without("caption", "img").inner_html()
        own_caption = table.find("caption")
        words = own_caption.inner_html() if own_caption is not None else ""
        if caption is not None:
            words = f"{words} {caption.inner_html()}".strip()
        head = f"<caption>{words}</caption>" if words.strip() else ""
        mapping.counts["tables"] += 1
        text = mapping.clean(f"<table>{head}{inner}</table>")
        return rich_text(text, joins=False) + pictures_after(table, mapping, "a table")


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
        return rich_text(text, joins=False)


@mapper
class SpoilerMapper(Mapper):
    """<details>: a spoiler block, folded for readers, its <summary> the label."""

    def matches(self, node):
        return node.tag == "details"

    def drafts(self, node, mapping):
        summary = node.find("summary")
        heading = shorten(summary.plain_text(), 200) if summary is not None else ""
        body = node.without("summary")
        images = list(body.find_all("img"))
        if images:
            mapping.note(
                f"{len(images)} picture(s) inside the spoiler “{heading}” left out "
                "(showing them would give it away)"
            )
        mapping.counts["spoilers"] += 1
        text = mapping.clean(wrapped(body))
        if not text:
            return rich_text(mapping.clean(f"<p>{escape(heading)}</p>"))
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
        words = one_line(quote.without("cite").plain_text()).strip(' “”"')
        cite_text = one_line(cite.plain_text()).lstrip("—–- ").strip()
        source_line = f"<p>— {escape(cite_text, quote=False)}</p>" if cite_text else ""
        if link is not None and cite_text:
            href = escape(link.attrs.get("href") or "")
            source_line = f'<p>— <a href="{href}">{escape(cite_text, quote=False)}</a></p>'
        fallback = mapping.clean(
            f"<blockquote>{wrapped(quote.without('cite'))}{source_line}</blockquote>"
        )
        speaker, _, outlet = cite_text.partition(",")
        if not words or not speaker.strip():
            return rich_text(fallback)
        mapping.counts["quotes"] += 1
        return [
            Draft(
                kind=ArticleBlock.Kind.QUOTE,
                quote={
                    "text": words,
                    "speaker": speaker.strip(),
                    "outlet": outlet.strip(),
                    "url": (link.attrs.get("href") or "") if link is not None else "",
                    "link_text": one_line(link.plain_text()) if link is not None else "",
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
        heading = one_line(node.plain_text())
        if len(heading) > 200:
            mapping.note(f"heading “{shorten(heading, 60)}” too long for a heading, kept as text")
            return rich_text(mapping.clean(f"<p>{escape(heading)}</p>"))
        drafts = [Draft(kind=ArticleBlock.Kind.HEADING, fields={"heading": heading})]
        return (drafts if heading else []) + pictures_after(node, mapping, "a heading")


@mapper
class ImageMapper(Mapper):
    """A picture: an `<img>`, alone, in a link, or in a `<figure>` with its caption."""

    def matches(self, node):
        if node.tag == "img":
            return True
        return node.tag in {"figure", "a"} and is_single_picture(node)

    def drafts(self, node, mapping):
        image = node if node.tag == "img" else node.find("img")
        caption = figcaption(node) if node.tag == "figure" else None
        words = caption.plain_text() if caption is not None else ""
        return picture(image, words, mapping, node)
