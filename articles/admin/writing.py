"""Writing aids in the article form: character counters, word count, reading time, previews.

The numbers come from where the site computes them: the reading speeds and the
per-kind word fields are handed to static/admin/marquee/writing.js in data
attributes, so the live count follows `Article.reading_time` and no second formula
is kept here or in the script.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import format_html

from images.models import SEARCH_SHAPES, SearchShape

from ..blocks import registry
from ..embeds.services import problem as embed_problem
from ..models import Article
from ..models import article as article_module
from ..spoilers import saved_blocks, spoiler_echoes

#: What search engines and social cards show of each field before cutting it, in characters.
RECOMMENDED_LENGTHS = {
    "title": (60, "search results show about 60 characters of a title"),
    "seo_title": (60, "search results show about 60 characters"),
    "seo_description": (155, "search results show about 155 characters"),
    "standfirst": (155, "used as the description when the SEO one is empty; about 155 show"),
}


def counter(field_id, value, recommended, why):
    """A "12 / 60" counter under a field; writing.js keeps it up to date as the editor types."""
    length = len(value or "")
    return format_html(
        '<span class="mq-counter{}" data-counter-for="{}" data-recommended="{}">'
        '<span class="mq-counter__count">{}</span> / {} characters ({})</span>',
        " mq-counter--over" if length > recommended else "",
        field_id,
        recommended,
        length,
        recommended,
        why,
    )


class WritingAidsFormMixin:
    """Puts a character counter under the fields search engines and social cards show."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (recommended, why) in RECOMMENDED_LENGTHS.items():
            field = self.fields.get(name)
            if field is None:
                continue
            bound = self[name]
            help_text = str(field.help_text or "")
            field.help_text = bound.help_text = format_html(
                "{}{}{}",
                help_text,
                " " if help_text else "",
                counter(bound.auto_id, bound.value(), recommended, why),
            )


def _words(text):
    return len((text or "").split())


def hero_needs(labels):
    """What the editor reads beside a hero too small for some search shapes."""
    needs = {
        shape.label: f"{shape.label} (at least {shape.min_width:,} pixels wide)"
        if shape.min_width
        else f"{shape.label} (at least {SearchShape.MIN_PIXELS:,} pixels)"
        for shape in SEARCH_SHAPES
    }
    return [needs[label] for label in labels]


def hero_enough():
    """The least hero size that gives every search shape, as the editor reads it."""
    widest = max(SEARCH_SHAPES, key=lambda shape: shape.min_width)
    height = round(widest.min_width * widest.size[1] / widest.size[0])
    return f"{widest.min_width:,} × {height:,} pixels"


def writing_aids(article, form):
    """What the writing-aids panel and the previews show when the page opens."""
    value = {name: form[name].value() or "" for name in form.fields if name in form.fields}
    title = value.get("seo_title") or value.get("title") or "Untitled explainer"
    description = value.get("seo_description") or value.get("standfirst") or ""
    slug = value.get("slug") or "…"
    site = urlsplit(settings.SITE_URL)
    if article is not None and article.pk:
        article = Article.objects.for_listing().get(pk=article.pk)
        low, high = article.reading_time
        words = article.word_count
        image = article.hero_image.share_url() if article.hero_image else ""
        too_small = article.hero_image.search_shapes_too_small() if article.hero_image else []
        blocks = saved_blocks(article)
        echoes = spoiler_echoes(fields=value, blocks=blocks)
        embeds = [sentence for sentence in map(embed_problem, blocks) if sentence]
    else:
        words, image, echoes, embeds = _words(value.get("standfirst")), "", [], []
        too_small = []
        low, high = article_module.reading_time_range(words)
    kinds = {
        kind.name: {"words": list(kind.word_fields), "picture": kind.counts_as_picture}
        for kind in registry
    }
    return {
        "words": words,
        "low": low,
        "high": high,
        "fast_wpm": article_module.FAST_READER_WPM,
        "slow_wpm": article_module.SLOW_READER_WPM,
        "seconds_per_image": article_module.SECONDS_PER_IMAGE,
        "kinds_json": json.dumps(kinds),
        "title": title,
        "description": description,
        "host": site.netloc,
        "url": f"{site.netloc}/{slug}/",
        "image": image,
        # Advice, not a refusal: a small hero still publishes, with fewer search cards.
        "hero_too_small": too_small,
        "hero_needs": hero_needs(too_small),
        "hero_enough": hero_enough(),
        # What the outward fields repeat of a spoiler, as the saved blocks have it.
        "spoiler_echoes": echoes,
        # Embeds whose provider did not answer at the last save (they show as links).
        "embed_problems": embeds,
        # A restored autosave or a form sent back shows words the saved article does not
        # have: writing.js counts them as soon as the page opens.
        "recount": form.is_bound,
    }
