"""What an article's reading time counts in its body: the words and pictures of its blocks."""

from .blocks import registry


def body_figures(blocks):
    """The stored figures for `blocks` (quotes and images selected): words and pictures.

    Reads each block's kind from the registry rather than `block.spec`, so the
    migration that fills the columns can hand it historical models.
    """
    words = pictures = 0
    for block in blocks:
        kind = registry[block.kind]
        words += len(kind.plain_text(block).split())
        pictures += 1 if kind.counts_as_picture else 0
    return {"body_words": words, "body_pictures": pictures}
