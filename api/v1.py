"""The read API, version 1: one django-ninja `NinjaAPI` whose answers go through the page cache.

An endpoint names what its answer shows with `caching.cache_answer(request, tags, timeout)`
(surrogate keys, core/pagecache.py); `ReadAPI.create_response` marks the response
for `reader.cache.PageCacheMiddleware`, which stores it for anonymous clients, adds the
`ETag` and answers 304 to a matching `If-None-Match`, exactly as for a reader page.
"""

from django.conf import settings

from ninja import NinjaAPI, Swagger

from core.pagecache import mark_cacheable

from .endpoints import articles, catalogue


class ReadAPI(NinjaAPI):
    """A NinjaAPI whose successful answers are shared through the page cache."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        cached = getattr(request, "api_page_cache", None)
        if cached is not None and response.status_code == 200:
            tags, timeout = cached
            mark_cacheable(response, keys=tags, timeout=timeout)
        return response


api = ReadAPI(
    title=f"{settings.SITE_NAME} read API",
    version="1",
    description=(
        "Published explainers, people, productions, quotes, tags and approved comments, "
        "read-only. Lists are cursor-paginated: follow each page's `next` link."
    ),
    urls_namespace="api:v1",
    openapi_url="/openapi.json",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
)
api.add_router("/", articles.router)
api.add_router("/", catalogue.router)
