"""How an endpoint says what its answer shows, so the page cache can keep it (api/v1.py)."""


def cache_answer(request, tags, timeout=None):
    """The answer to `request` shows what `tags` name: kept until one of them changes."""
    request.api_page_cache = (list(tags), timeout)
