"""Share links on an article: plain links to the usual networks, no third-party script."""

from urllib.parse import quote as urlquote

from core.http import absolute_url

#: Where "Share" sends a reader: {"x": ("X", address template)}. The page links to
#: `?share=x`, which redirects (as WordPress's Jetpack does): one short link per network
#: in the page instead of the network's long address with the article's address in it.
SHARE_NETWORKS = {
    "x": ("X", "https://twitter.com/intent/tweet?url={url}"),
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "whatsapp": ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
    "reddit": ("Reddit", "https://www.reddit.com/submit?url={url}"),
}


def _quoted(article):
    """The article's address and title, ready to go into another site's address."""
    url = urlquote(absolute_url(article.get_absolute_url()), safe="")
    return url, urlquote(article.title, safe="")


def share_address(article, network):
    """The network's own share address for `article` (`network` a key of SHARE_NETWORKS)."""
    url, title = _quoted(article)
    return SHARE_NETWORKS[network][1].format(url=url, title=title)


def share_links(article):
    """Plain links to the usual networks (no third-party script ever loads), and mail."""
    url, title = _quoted(article)
    links = [(name, f"?share={key}") for key, (name, _) in SHARE_NETWORKS.items()]
    return [*links, ("Email", f"mailto:?subject={title}&body={url}")]
