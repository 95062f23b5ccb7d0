"""Embeds, players and iframes: a linked line naming the provider, until Marquee has an
embed block."""

import re
from html import escape
from urllib.parse import urlsplit

from articles.richtext import sanitize_html

from .base import Mapper, mapper, one_line, rich_text

PROVIDERS = {
    "youtube": "YouTube",
    "vimeo": "Vimeo",
    "twitter": "Twitter",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "wordpress-tv": "WordPress.tv",
    "soundcloud": "SoundCloud",
    "spotify": "Spotify",
    "tiktok": "TikTok",
    "flickr": "Flickr",
    "dailymotion": "Dailymotion",
    "reddit": "Reddit",
    "tumblr": "Tumblr",
    "imgur": "Imgur",
}
_HOSTS = {
    "youtu.be": "youtube",
    "youtube.com": "youtube",
    "vimeo.com": "vimeo",
    "twitter.com": "twitter",
    "x.com": "x",
    "facebook.com": "facebook",
    "instagram.com": "instagram",
    "wordpress.tv": "wordpress-tv",
    "soundcloud.com": "soundcloud",
    "spotify.com": "spotify",
    "tiktok.com": "tiktok",
    "flickr.com": "flickr",
    "dailymotion.com": "dailymotion",
}
_EMBED_URL = re.compile(r"https?://\S+")


def _host(url):
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.")


def _provider(node, url):
    for name in sorted(node.classes):
        for prefix in ("is-provider-", "wp-block-embed-"):
            if name.startswith(prefix) and name != prefix and name[len(prefix) :] != "_wrapper":
                slug = name[len(prefix) :]
                return PROVIDERS.get(slug, slug.replace("-", " ").title())
    host = _host(url)
    slug = _HOSTS.get(host) or _HOSTS.get(".".join(host.split(".")[-2:]))
    return PROVIDERS[slug] if slug else host or "Link"


def _card(url, label):
    return sanitize_html(f'<p><a href="{escape(url)}">{escape(label, quote=False)}</a></p>')


@mapper
class EmbedMapper(Mapper):
    """Embedded posts and players (oEmbed blocks, [embed], bare addresses, iframes, audio and
    video): a linked line naming the provider, until Marquee has an embed block."""

    MEDIA = {"audio", "video"}

    def matches(self, node):
        if node.tag in {"x-embed", "x-media", "iframe", "object", "embed"} | self.MEDIA:
            return True
        classes = node.classes
        if classes & {"wp-block-audio", "wp-block-video"}:
            return True
        return "wp-block-embed" in classes or any(
            c.startswith("wp-block-embed-") and c != "wp-block-embed__wrapper" for c in classes
        )

    def drafts(self, node, mapping):
        caption = node.find("figcaption")
        caption = one_line(caption.plain_text()) if caption is not None else ""
        media = self._media(node)
        if media is not None:
            kind, url = media
            mapping.counts["audio and video"] += 1
            if not url:
                mapping.note(f"{kind} with no file removed")
                return rich_text(_card("", caption)) if caption else []
            mapping.note(f"{kind} file {url} kept as a link (Marquee has no player)")
            return rich_text(_card(url, f"{kind}: {caption or url}"))
        if node.tag in {"iframe", "object", "embed"}:
            url = (node.attrs.get("src") or node.attrs.get("data") or "").strip()
            mapping.counts["iframes"] += 1
            if not url:
                mapping.note(f"<{node.tag}> with no address removed")
                return []
            mapping.note(f"{node.tag} from {url} kept as a link")
            label = node.attrs.get("title") or caption or url
            return rich_text(_card(url, f"{_provider(node, url)}: {label}"))
        url = self._url(node)
        mapping.counts["embeds"] += 1
        if not url:
            mapping.note("embed with no address removed")
            return rich_text(mapping.clean(f"<p>{escape(caption)}</p>")) if caption else []
        provider = _provider(node, url)
        mapping.note(f"{provider} embed {url} kept as a link")
        return rich_text(_card(url, f"{provider}: {caption or url}"))

    def _media(self, node):
        """("Audio" or "Video", the file's address) when `node` is a player, else None."""
        if node.tag == "x-media":
            return node.attrs.get("kind", "media").capitalize(), node.attrs.get("src") or ""
        player = node if node.tag in self.MEDIA else None
        player = player or next((p for tag in self.MEDIA for p in node.find_all(tag)), None)
        if player is None:
            return None
        source = player.find("source")
        url = player.attrs.get("src") or (source.attrs.get("src") if source is not None else "")
        return player.tag.capitalize(), (url or "").strip()

    def _url(self, node):
        if node.tag == "x-embed":
            return (node.attrs.get("src") or "").strip()
        inner = node.find("x-embed") or node.find("iframe")
        if inner is not None:
            return (inner.attrs.get("src") or "").strip()
        found = _EMBED_URL.search(node.without("figcaption").plain_text())
        return found.group(0) if found else ""
