"""Fetching an embed once, when its block is saved: what readers see comes from what is stored.

`article_embeds_fetch` runs after the admin's save has committed (the article's row lock is
not held over the network). Each embed block whose address is new, or whose last fetch
failed, asks its provider's oEmbed endpoint once; the description (title, author, sizes,
the provider's HTML cleaned of scripts) is stored on the block and the thumbnail goes into
the image library through the upload gate. A failure is stored too, with its reason: the
block is saved whatever happens and shows as a link until the editor saves again.
"""

import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

import nh3

from core.pagecache import invalidate, keys
from images import uploads
from images.models import Image

from ..models import ArticleBlock
from ..services import article_update_search_vector
from . import fetch, providers

logger = logging.getLogger(__name__)

#: Seconds one save may spend asking providers; blocks past it are asked at the next save.
SAVE_BUDGET = 20

#: What is kept of an oEmbed description, and at most how many characters of each text.
_TEXTS = {"title": 300, "author_name": 200, "author_url": 500, "description": 1000}
_NUMBERS = ("width", "height", "duration")

#: The markup kept of a provider's HTML (a post's words and links): no script, no image,
#: no style, no frame; shown only after the reader's click, beside the provider's script.
_HTML = nh3.Cleaner(
    tags={"blockquote", "p", "a", "br", "span", "div", "section", "em", "strong"},
    attributes={
        "*": {"class", "lang", "dir"},
        "a": {"href"},
        "blockquote": {
            "cite",
            "data-video-id",
            "data-instgrm-permalink",
            "data-instgrm-version",
            "data-bluesky-uri",
            "data-bluesky-cid",
        },
    },
    url_schemes={"https"},
    link_rel="noopener noreferrer nofollow",
)


def needs_fetch(block):
    """Whether saving `block` asks its provider again: a new address, or a failed fetch."""
    data = block.embed_data or {}
    if not block.embed_url:
        return False
    failed = data.get("error") or data.get("picture_error")
    return data.get("url") != block.embed_url or bool(failed)


def problem(block):
    """What the editor reads about a stored embed that did not fully work, or ''."""
    data = block.embed_data or {}
    if not block.embed_url or data.get("url") != block.embed_url:
        return ""
    if data.get("error"):
        return f"{data['error']}: the embed shows as a link until you save again."
    if data.get("picture_error"):
        return (
            f"{data['picture_error']}: “{data.get('title') or block.embed_url}” shows "
            "without its picture until you save again."
        )
    shown = block.embed
    if shown.is_video and not (block.embed_date or shown.upload_date):
        return (
            f"Embedded from {shown.provider_name}: “{shown.title}”. Search engines get it as a "
            f"video once you give the day it was first published ({shown.provider_name} "
            "does not say)."
        )
    return ""


def _described(provider, url):
    if provider.endpoint is None:
        try:
            answer = dict(providers.own_site_answer(url))
        except LookupError as missing:
            raise fetch.FetchError(str(missing)) from None
        return answer
    token = ""
    if provider.token_setting:
        token = getattr(settings, provider.token_setting, "")
        if not token:
            raise fetch.FetchError(
                f"{provider.name} describes posts only to sites with an access token "
                f"({provider.token_setting} is not set)"
            )
    return fetch.describe(provider, url, token=token)


def _kept(answer, provider):
    data = {"type": str(answer.get("type", ""))[:20]}
    for name, limit in _TEXTS.items():
        value = answer.get(name)
        if isinstance(value, str) and value.strip():
            data[name] = " ".join(value.split())[:limit]
    for name in _NUMBERS:
        value = answer.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            data[name] = int(value)
    upload_date = answer.get("upload_date")
    if isinstance(upload_date, str) and upload_date[:10].replace("-", "").isdigit():
        data["upload_date"] = upload_date[:10]
    if provider.script and isinstance(answer.get("html"), str):
        data["html"] = _HTML.clean(answer["html"]).strip()
    thumbnail_url = answer.get("thumbnail_url")
    if isinstance(thumbnail_url, str):
        data["thumbnail_url"] = thumbnail_url[:1000]
    return data


def _picture(provider, data, *, user):
    """The thumbnail as a library image, through the upload gate; (image, problem)."""
    url = data.get("thumbnail_url")
    if not url:
        return None, ""
    try:
        body = fetch.thumbnail(provider, url)
        picture = uploads.clean(ContentFile(body, name=f"embed-{provider.key}.jpg"), keep_name=True)
    except fetch.FetchError as error:
        return None, f"{provider.name}'s picture could not be kept ({error})"
    except ValidationError as refused:
        reason = " ".join(refused.messages)
        return None, f"{provider.name}'s picture could not be kept ({reason})"
    author = data.get("author_name", "")
    image = Image.objects.create(
        file=picture,
        alt=(data.get("title") or f"{provider.name} picture")[:250],
        credit=(f"{provider.name} / {author}" if author else provider.name)[:200],
        uploaded_by=user,
    )
    return image, ""


def embed_fetch(*, block, user=None):
    """Readers see the block's provider, title and picture, stored now from its oEmbed
    description (or, if that failed, a plain link and the editor the reason). Returns the
    stored description."""
    url = block.embed_url
    provider = providers.find(url)
    data = {"url": url, "fetched_at": timezone.now().isoformat(timespec="seconds")}
    image = None
    try:
        if provider is None:
            raise fetch.FetchError(f"Only {providers.allowed_names()} can be embedded")
        data["provider"] = provider.key
        answer = _described(provider, url)
        data.update(_kept(answer, provider))
        image = answer.get("image") if isinstance(answer.get("image"), Image) else None
        if image is None:
            image, data["picture_error"] = _picture(provider, data, user=user)
    except fetch.FetchError as error:
        data["error"] = str(error)
        logger.info("Embed of %s not fetched: %s", url, error)
    data = {name: value for name, value in data.items() if value != ""}
    # Only if the address is still the one fetched: a save in between wins.
    ArticleBlock.objects.filter(pk=block.pk, embed_url=url).update(
        embed_data=data, embed_thumbnail=image
    )
    block.embed_data, block.embed_thumbnail = data, image
    return data


def _postpone(block, budget):
    """Not asked this time: the save already spent its time on other embeds."""
    data = {
        "url": block.embed_url,
        "error": f"Not asked yet (this save spent its {budget} seconds on other embeds)",
    }
    ArticleBlock.objects.filter(pk=block.pk, embed_url=block.embed_url).update(
        embed_data=data, embed_thumbnail=None
    )
    block.embed_data, block.embed_thumbnail = data, None


def article_embeds_fetch(*, article, user=None, budget=SAVE_BUDGET):
    """After an editor's save: each embed block with a new address (or a failed fetch) is
    described by its provider once, and readers see it at once. Returns, per fetched block,
    (block, the sentence the editor reads: a problem or '')."""
    blocks = [block for block in article.blocks.exclude(embed_url="") if needs_fetch(block)]
    if not blocks:
        return []
    started = time.monotonic()
    for block in blocks:
        if time.monotonic() - started >= budget:
            _postpone(block, budget)
        else:
            embed_fetch(block=block, user=user)
    with transaction.atomic():
        article_update_search_vector(article=article)
        invalidate(*keys(article))
    return [(block, problem(block)) for block in blocks]
