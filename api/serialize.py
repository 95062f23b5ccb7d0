"""Published objects as the API's JSON: what their reader pages show, read from loaded rows.

Every function here reads relations the endpoint has already loaded (select_related,
prefetch_related), so a page of 3 items and a page of 30 cost the same number of queries.
An article's blocks are driven by the block registry (articles/blocks/): each kind's own
fields are written, each field by the writer named in `BLOCK_FIELDS`.
"""

from django.urls import reverse

from articles.blocks import registry
from discussion.text import render_plain_text


def absolute(request, path):
    return request.build_absolute_uri(path) if path else ""


def picture(request, image, *, alt="", credit=""):
    """A library image as this use shows it, with its stored size (None when there is none)."""
    if image is None or not image.file:
        return None
    return {
        "url": absolute(request, image.file.url),
        "width": image.file_width,
        "height": image.file_height,
        "alt": alt,
        "credit": credit,
    }


def link(request, obj, name):
    return {
        "id": obj.pk,
        "name": name,
        "slug": obj.slug,
        "url": absolute(request, obj.get_absolute_url()),
    }


def tag_out(request, item):
    return {
        "name": item.name,
        "slug": item.slug,
        "url": absolute(request, reverse("articles:tag", kwargs={"slug": item.slug})),
    }


def source_out(source):
    if source is None:
        return None
    return {
        "id": source.pk,
        "outlet": source.outlet,
        "title": source.title,
        "url": source.url,
        "published_on": source.published_on,
    }


def quote_out(request, quote):
    """A quote card: the words, who said them, where, and its productions (prefetched)."""
    speaker = quote.speaker
    return {
        "id": quote.pk,
        "url": absolute(request, quote.get_absolute_url()),
        "text": quote.text,
        "is_paraphrase": quote.is_paraphrase,
        "context": quote.context,
        "speaker": link(request, speaker, speaker.name) if speaker else None,
        "source": source_out(quote.source),
        "productions": [link(request, item, item.title) for item in quote.productions.all()],
        "created_at": quote.created_at,
    }


# --------------------------------------------------------------------------- article blocks


def _text(request, block, name):
    return getattr(block, name)


def _quote(request, block, name):
    return quote_out(request, block.quote) if block.quote_id else None


def _image(request, block, name):
    return picture(request, block.image, alt=block.image_alt_text, credit=block.image_credit_text)


def _episode(request, block, name):
    """The episode a spoiler spoils up to (clients fold it for readers not that far)."""
    episode = getattr(block, name)
    if episode is None:
        return None
    return {
        "season": episode.season.number,
        "episode": episode.number,
        "title": episode.title,
        "url": absolute(request, episode.get_absolute_url()),
    }


def _also_read(request, block, name):
    # Shown only while the target is public, as on the article page.
    target = block.public_also_read
    return link(request, target, target.title) if target else None


def _production(request, block, name):
    """A ranked entry's production: its page, as the entry's title links it."""
    production = block.production
    return link(request, production, production.title) if production else None


def _source(request, block, name):
    return source_out(block.source) if block.source_id else None


def _embed(request, block, name):
    """An embedded post or video as a link: its address, title, provider and the library's
    copy of its picture; never the provider's HTML or script."""
    shown = block.embed
    image = shown.thumbnail
    return {
        "url": shown.url,
        "title": shown.title,
        "provider": shown.provider_name,
        "author": shown.author,
        "published_on": block.embed_date or shown.upload_date or None,
        "thumbnail": picture(request, image, alt=image.alt, credit=image.credit) if image else None,
    }


#: How each payload field of a block is written. None: written inside another field's value
#: (an image's alt text and credit are part of `image`). A kind with a new field adds it here;
#: tests/test_api.py fails until it does.
BLOCK_FIELDS = {
    "text": _text,
    "heading": _text,
    "caption": _text,
    "claim": _text,
    "on_screen": _text,
    "in_reality": _text,
    "fact_verdict": _text,
    "quote": _quote,
    "image": _image,
    "image_alt": None,
    "image_credit": None,
    "also_read": _also_read,
    "source": _source,
    "spoils_up_to": _episode,
    "embed_url": _embed,
    "embed_date": None,
    "production": _production,
}


def block_out(request, block):
    """One block: its kind and the fields that kind declares in the registry."""
    spec = registry[block.kind]
    fields = {}
    for name in spec.form_fields:
        writer = BLOCK_FIELDS[name]
        if writer is not None:
            fields[name] = writer(request, block, name)
    hidden = list(spec.hidden_fields)
    return {
        "uid": block.uid,
        "kind": block.kind,
        "rank": block.rank if spec.ranked else None,
        "fields": fields,
        "hidden_fields": hidden,
    }


# --------------------------------------------------------------------------- articles


def _byline(article):
    """The contributors' names, in the order readers see them (prefetch `bylines`)."""
    return [contributor.name for contributor in article.byline]


def article_summary(request, article):
    """An article card: title, standfirst, kind, dates, byline, hero picture, verdict, counts."""
    return {
        "id": article.pk,
        "url": absolute(request, article.get_absolute_url()),
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "kind": article.kind,
        "kind_label": article.get_kind_display(),
        "published_at": article.published_date,
        "updated_at": article.updated_at,
        "byline": _byline(article),
        "hero_image": picture(
            request, article.hero_image, alt=article.hero_alt_text, credit=article.hero_credit_text
        ),
        "verdict": article.verdict or None,
        "comment_count": article.comment_count,
        "rating_average": article.rating_average,
        "rating_count": article.rating_count,
    }


def article_detail(request, article):
    """The whole explainer: its card, tags, productions, people, verdict, blocks, corrections."""
    verdict = None
    if article.verdict:
        verdict = {
            "value": article.verdict,
            "label": article.get_verdict_display(),
            "summary": article.verdict_summary,
            "sources": [source_out(source) for source in article.verdict_sources.all()],
        }
    return {
        **article_summary(request, article),
        "tags": [tag_out(request, item) for item in article.tags.all()],
        "productions": [link(request, item, item.title) for item in article.productions.all()],
        "people": [link(request, item, item.name) for item in article.people.all()],
        "verdict_detail": verdict,
        "blocks": [block_out(request, block) for block in article.blocks.all()],
        "corrections": [
            {"kind": item.kind, "note": item.note, "published_at": item.published_at}
            for item in article.corrections.all()
        ],
    }


# --------------------------------------------------------------------------- catalogue


def person_out(request, person):
    return {
        "id": person.pk,
        "url": absolute(request, person.get_absolute_url()),
        "name": person.name,
        "slug": person.slug,
        "bio": person.bio,
        "photo": picture(
            request, person.photo, alt=person.photo_alt_text, credit=person.photo_credit_text
        ),
        "links": [{"label": item.label, "url": item.url} for item in person.links.all()],
    }


def person_detail(request, person):
    """A person with their credits, newest production first, as their page lists them."""
    return {
        **person_out(request, person),
        "credits": [
            {
                "production": link(request, credit.production, credit.production.title),
                "role": credit.role,
                "role_label": credit.get_role_display(),
                "character_name": credit.character_name,
                "note": credit.note,
            }
            for credit in person.credits.all()
        ],
    }


def production_out(request, production):
    """A production with where to watch it today (`current_availability`, prefetched)."""
    based_on = production.based_on
    return {
        "id": production.pk,
        "url": absolute(request, production.get_absolute_url()),
        "title": production.title,
        "slug": production.slug,
        "kind": production.kind,
        "kind_label": production.get_kind_display(),
        "year": production.year,
        "release_date": production.release_date,
        "platform": production.platform,
        "episode_count": production.episode_count,
        "based_on": link(request, based_on, based_on.title) if based_on else None,
        "synopsis": production.synopsis,
        "poster": picture(
            request,
            production.poster,
            alt=production.poster_alt_text,
            credit=production.poster_credit_text,
        ),
        "availability": [
            {
                "platform": offer.platform,
                "country": offer.country.code if offer.country else "",
                "region": offer.region,
                "offer_type": offer.offer_type,
                "url": offer.url,
                "available_from": offer.available_from,
                "available_until": offer.available_until,
            }
            for offer in production.current_availability
        ],
    }


def comment_out(comment):
    """An approved comment as the thread shows it: author's shown name, text, date, score.

    A spoiler comment's words stay on the article page, inside its fold: a list is copied,
    cached and quoted by clients that cannot fold, so it carries only the flag."""
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "body_html": str(render_plain_text(text)) if (text := comment.quotable_body) else "",
        "is_spoiler": comment.is_folded,
        "score": comment.score,
        "created_at": comment.created_at,
        "edited": comment.edited_at is not None,
        "block_uid": comment.anchor_block.uid if comment.anchor_block_id else None,
    }
