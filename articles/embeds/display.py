"""What readers see of a stored embed, read from the block's stored description only."""

from dataclasses import dataclass

from . import providers


@dataclass(frozen=True)
class Shown:
    """An embed block as its template, its JSON-LD and the API read it."""

    url: str
    provider: providers.Provider | None
    title: str = ""
    author: str = ""
    description: str = ""
    upload_date: str = ""
    #: Seconds, when the provider says (Vimeo).
    duration: int = 0
    thumbnail: object = None
    html: str = ""
    #: What the page shows: "player" (a picture; the privacy host's player after the click),
    #: "script" (a picture or the title; the provider's HTML and script after the click),
    #: "card" (the site's own page: a card, nothing to load) or "link" (not fetched).
    mode: str = "link"

    @property
    def provider_name(self):
        return self.provider.name if self.provider else ""

    @property
    def is_video(self):
        return bool(self.provider and self.provider.is_video)

    @property
    def player_url(self):
        return self.provider.player_url(self.url) if self.mode == "player" else ""

    @property
    def script(self):
        return self.provider.script if self.mode == "script" else ""

    @property
    def loads_on_click(self):
        return self.mode in ("player", "script")

    @property
    def is_card(self):
        return self.mode == "card"


def shown(block):
    """The embed of `block` as readers see it: a plain link until its description is stored."""
    url = block.embed_url
    data = block.embed_data or {}
    provider = providers.by_key(data.get("provider", "")) or providers.find(url)
    if data.get("url") != url or data.get("error") or provider is None:
        return Shown(url=url, provider=provider)
    if provider.endpoint is None:
        mode = "card"
    elif provider.script:
        mode = "script"
    elif provider.player:
        mode = "player"
    else:
        mode = "link"
    author = data.get("author_name", "")
    # Posts (X, Bluesky) have no title: readers read whose post it is.
    title = data.get("title") or (f"Post by {author}" if author else "")
    return Shown(
        url=url,
        provider=provider,
        title=title,
        author=author,
        description=data.get("description", ""),
        upload_date=data.get("upload_date", ""),
        duration=data.get("duration", 0),
        thumbnail=block.embed_thumbnail if block.embed_thumbnail_id else None,
        html=data.get("html", "") if mode == "script" else "",
        mode=mode,
    )
