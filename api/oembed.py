"""oEmbed (https://oembed.com): paste a Marquee article or quote URL into another site, get a card.

`/oembed/?url=<article or quote URL>&format=json` answers a "rich" embed: for a quote a
citation card (the words, who said them, where, a link back), for an article its title,
standfirst and a link. The card is plain HTML with inline styles and no script, every text
escaped, so it works inside any page. Unknown or unpublished URLs (a quote only unpublished
explainers use among them) are 404; only JSON is
offered (XML is 501, as the spec asks). The article and quote pages announce it with
`<link rel="alternate" type="application/json+oembed">`.
"""

import math
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET

from articles.models import Article, SlugRedirect
from articles.visibility import public_quotes
from core.pagecache import LISTING, key, mark_cacheable
from people.models import Quote

#: Card width when the consumer sets no maxwidth, and the narrowest card still readable.
DEFAULT_WIDTH = 560
MIN_WIDTH = 200
#: How long a consumer may keep an embed before asking again (seconds).
CACHE_AGE = 24 * 60 * 60

CARD = (
    "margin:0;padding:16px 20px;border:1px solid #ddd;border-left:4px solid #a4262c;"
    "border-radius:4px;background:#fff;color:#1a1a1a;box-sizing:border-box;"
    "font-family:Georgia,'Times New Roman',serif;max-width:{}px"
)
WORDS = "margin:0 0 10px;font-size:18px;line-height:1.45"
FOOTER = "margin:0;font-family:system-ui,-apple-system,sans-serif;font-size:14px;color:#555"
LINK = "color:#a4262c"


def _size(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _error(status, message):
    return JsonResponse({"error": message}, status=status)


def _is_ours(parts, request):
    hosts = {request.get_host().lower(), urlsplit(settings.SITE_URL).netloc.lower()}
    return parts.scheme in ("http", "https") and parts.netloc.lower() in hosts


def find_target(url, request):
    """The published article or the quote `url` is the page of; Http404 for anything else."""
    parts = urlsplit(url or "")
    if not _is_ours(parts, request):
        raise Http404("Not a page of this site.")
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        raise Http404("No such page.") from None
    if match.view_name == "people:quote":
        quote = public_quotes(Quote.objects.for_listing()).filter(pk=match.kwargs["pk"]).first()
        if quote is None:
            raise Http404("No such quote.")
        return quote
    if match.view_name == "articles:detail":
        articles = Article.objects.published().with_bylines()
        slug = match.kwargs["slug"]
        article = articles.filter(slug=slug).first()
        if article is None:
            moved = SlugRedirect.objects.filter(old_slug=slug).values("article")
            article = articles.filter(pk__in=moved).first()
        if article is None:
            raise Http404("No such article.")
        return article
    raise Http404("Only articles and quotes can be embedded.")


def _height(text, width, *, base):
    """A height that fits the card's text at its width (consumers size the frame with it)."""
    characters_per_line = max(20, (width - 40) // 9)
    return base + 26 * math.ceil(max(1, len(text)) / characters_per_line)


def quote_card(request, quote, width):
    url = request.build_absolute_uri(quote.get_absolute_url())
    words = quote.text if quote.is_paraphrase else f"“{quote.text}”"
    said_by = []
    if quote.speaker is not None:
        said_by.append(
            format_html(
                '<cite><a href="{}" style="{}">{}</a></cite>',
                request.build_absolute_uri(quote.speaker.get_absolute_url()),
                LINK,
                quote.speaker.name,
            )
        )
    if quote.context:
        said_by.append(format_html("{}", quote.context))
    if quote.source is not None:
        source = (
            format_html(
                '<a href="{}" style="{}">{}</a>', quote.source.url, LINK, quote.source.outlet
            )
            if quote.source.url
            else format_html("{}", quote.source.outlet)
        )
        said_by.append(format_html("Source: {}", source))
    html = format_html(
        '<blockquote class="marquee-quote" cite="{url}" style="{card}">'
        '<p style="{words_style}">{paraphrase}{words}</p>'
        '<p style="{footer}">{said_by}<br><a href="{url}" style="{link}">Quoted on {site}</a></p>'
        "</blockquote>",
        url=url,
        card=CARD.format(width),
        words_style=WORDS,
        paraphrase="Paraphrase: " if quote.is_paraphrase else "",
        words=words,
        footer=FOOTER,
        said_by=format_html_join(" · ", "{}", ((part,) for part in said_by)) or "",
        link=LINK,
        site=settings.SITE_NAME,
    )
    data = {
        "type": "rich",
        "title": f"{quote.speaker.name}: {words}" if quote.speaker else words,
        "html": html,
        "width": width,
        "height": _height(quote.text, width, base=110),
    }
    if quote.speaker is not None:
        data["author_name"] = quote.speaker.name
        data["author_url"] = request.build_absolute_uri(quote.speaker.get_absolute_url())
    # Whether the quote may be shown changes with any explainer's publication (LISTING).
    return data, [*quote.card_keys(), LISTING]


def article_card(request, article, width, max_height):
    url = request.build_absolute_uri(article.get_absolute_url())
    contributors = article.byline
    html = format_html(
        '<blockquote class="marquee-article" cite="{url}" style="{card}">'
        '<p style="{title_style}"><a href="{url}" style="{link}">{title}</a></p>'
        '<p style="{standfirst_style}">{standfirst}</p>'
        '<p style="{footer}">{kind} · {site}</p>'
        "</blockquote>",
        url=url,
        card=CARD.format(width),
        title_style=WORDS + ";font-weight:bold",
        link=LINK,
        title=article.title,
        standfirst_style="margin:0 0 10px;font-size:16px;line-height:1.45",
        standfirst=article.standfirst,
        footer=FOOTER,
        kind=article.get_kind_display(),
        site=settings.SITE_NAME,
    )
    data = {
        "type": "rich",
        "title": article.title,
        "html": html,
        "width": width,
        "height": _height(article.title + article.standfirst, width, base=90),
    }
    if contributors:
        data["author_name"] = article.byline_names
        data["author_url"] = request.build_absolute_uri(contributors[0].get_absolute_url())
    image = article.hero_image
    image_width, image_height = (image.file_width, image.file_height) if image else (None, None)
    fits = image_width and image_height and image_width <= width
    if image and fits and (max_height is None or image_height <= max_height):
        data["thumbnail_url"] = request.build_absolute_uri(image.file.url)
        data["thumbnail_width"], data["thumbnail_height"] = image_width, image_height
    # The byline's names show here: a contributor's rename purges them (Contributor keys).
    return data, [key(article), *(key(contributor) for contributor in contributors)]


@require_GET
def oembed(request):
    """The oEmbed answer for an article or quote URL of this site."""
    response_format = request.GET.get("format", "json")
    if response_format != "json":
        return _error(501, "Only format=json is offered.")
    url = request.GET.get("url", "").strip()
    if not url:
        return _error(400, "Give the page to embed: ?url=<article or quote URL>.")
    try:
        target = find_target(url, request)
    except Http404 as missing:
        return _error(404, str(missing))
    max_width, max_height = _size(request.GET.get("maxwidth")), _size(request.GET.get("maxheight"))
    width = max(MIN_WIDTH, min(DEFAULT_WIDTH, max_width or DEFAULT_WIDTH))
    if isinstance(target, Quote):
        data, tags = quote_card(request, target, width)
    else:
        data, tags = article_card(request, target, width, max_height)
    if max_height is not None:
        data["height"] = min(data["height"], max_height)
    answer = {
        "version": "1.0",
        **data,
        "provider_name": settings.SITE_NAME,
        "provider_url": request.build_absolute_uri("/"),
        "cache_age": CACHE_AGE,
    }
    response = JsonResponse(answer)
    return mark_cacheable(response, keys=tags)


class _SiteRequest(HttpRequest):
    """A request for SITE_URL itself: how the site describes its own pages to an embed block."""

    def __init__(self):
        super().__init__()
        self._site = urlsplit(settings.SITE_URL)

    def _get_scheme(self):
        return self._site.scheme

    def get_host(self):
        return self._site.netloc


def own_page_answer(url):
    """This site's oEmbed description of its article or quote page `url`, with the library
    picture that illustrates it ("image"), for an embed block: answered in-process, never
    over the network; LookupError when it is not a published article or quote."""
    request = _SiteRequest()
    try:
        target = find_target(url, request)
    except Http404 as missing:
        raise LookupError(f"{settings.SITE_NAME} has no published article or quote there") from (
            missing
        )
    if isinstance(target, Quote):
        data, _tags = quote_card(request, target, DEFAULT_WIDTH)
        image = None
    else:
        data, _tags = article_card(request, target, DEFAULT_WIDTH, None)
        image = target.hero_image
    return {"version": "1.0", **data, "provider_name": settings.SITE_NAME, "image": image}
