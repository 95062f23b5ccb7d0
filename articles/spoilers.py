"""Words of a spoiler that an article's outward fields give away.

The title, standfirst and SEO title and description leave the page: search results, social
cards, feeds, the API and oEmbed all quote them. A spoiler's hidden text never does
(`BlockKind.hidden_fields`, `quotable_text`), so an editor who writes the twist into the
standfirst undoes the fold. `spoiler_echoes` finds that, for a warning that blocks nothing:
the editor decides whether the words really give something away.
"""

import re

from .blocks import registry
from .blocks.base import field_text

#: The fields quoted outside the page, with what editors call them.
OUTWARD_FIELDS = {
    "title": "title",
    "standfirst": "standfirst",
    "seo_title": "SEO title",
    "seo_description": "SEO description",
}
#: How many content words in a row, shared with a spoiler, make a phrase worth a warning.
PHRASE_WORDS = 3
#: Words too common to say anything: they neither make nor break a shared phrase.
_STOP_WORDS = """
    a about after again all also an and any are as at be because been before being but by
    can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most
    my no nor not now of off on once only or other our out over own same she should so some
    such than that the their theirs them then there these they this those through to too
    under until up very was we were what when where which while who whom why will with would
    you your yours"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")


def _content_words(text):
    return [word for word in (w.casefold() for w in _WORD.findall(text)) if word not in STOP_WORDS]


def _phrases(words):
    return {tuple(words[i : i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)}


def _runs(words, phrases):
    """The longest runs of `words` made of overlapping `phrases`, in order, each said once:
    "adopted adults traced genealogy", not its three-word pieces."""
    covered = [False] * len(words)
    for i in range(len(words) - PHRASE_WORDS + 1):
        if tuple(words[i : i + PHRASE_WORDS]) in phrases:
            covered[i : i + PHRASE_WORDS] = [True] * PHRASE_WORDS
    runs, current = [], []
    for word, inside in zip(words, covered, strict=True):
        if inside:
            current.append(word)
        elif current:
            runs.append(" ".join(current))
            current = []
    if current:
        runs.append(" ".join(current))
    return list(dict.fromkeys(runs))


def _names(text):
    """Capitalised words inside a sentence (not its first word): likely names."""
    found = set()
    for match in _WORD.finditer(text):
        word = match.group()
        before = text[: match.start()]
        if not word[:1].isupper() or word.casefold() in STOP_WORDS or len(word) < 3:
            continue
        if before.strip() and not _SENTENCE_END.search(before):
            found.add(word.casefold())
    return found


def hidden_and_open_text(blocks):
    """(hidden texts, open text) of an article's blocks: what readers open themselves, one
    string per spoiler, and every word they read unasked, spoiler labels included."""
    hidden, shown = [], []
    for block in blocks:
        kind = block.spec
        texts = [field_text(block, name) for name in kind.hidden_fields]
        hidden += [text for text in texts if text]
        shown.append(kind.quotable_text(block) if kind.hidden_fields else kind.plain_text(block))
    return hidden, " ".join(shown)


def spoiler_echoes(*, fields, blocks):
    """Warnings, one per outward field that repeats a spoiler: a run of PHRASE_WORDS content
    words from its hidden text, or a name only the hidden text uses.

    `fields` maps OUTWARD_FIELDS names to their text; `blocks` are the article's blocks.
    """
    hidden, shown = hidden_and_open_text(blocks)
    if not hidden:
        return []
    # What the article says openly as well is no secret: only the spoiler's own words count.
    shown_words = _content_words(shown)
    spoiler_phrases = set().union(*(_phrases(_content_words(text)) for text in hidden))
    spoiler_phrases -= _phrases(shown_words)
    shown_words = set(shown_words)
    spoiler_names = set().union(*(_names(text) for text in hidden)) - shown_words
    warnings = []
    for name, label in OUTWARD_FIELDS.items():
        text = fields.get(name) or ""
        words = _content_words(text)
        echoed = _runs(words, spoiler_phrases)
        echoed += [word for word in dict.fromkeys(words) if word in spoiler_names]
        if echoed:
            quoted = ", ".join(f"“{words}”" for words in echoed[:3])
            warnings.append(
                f"The {label} repeats {quoted} from a spoiler's hidden text. Search results, "
                f"social cards and feeds show the {label} to readers who never opened the "
                "spoiler: consider other words."
            )
    return warnings


def saved_blocks(article):
    """An article's stored blocks with what their words need, in one query."""
    return list(article.blocks.select_related(*registry.select_related()))


def article_spoiler_echoes(article):
    """`spoiler_echoes` for a saved article, read from its stored fields and blocks."""
    fields = {name: getattr(article, name, "") for name in OUTWARD_FIELDS}
    return spoiler_echoes(fields=fields, blocks=saved_blocks(article))
