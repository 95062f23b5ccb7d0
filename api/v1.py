"""The read API, version 1: one django-ninja `NinjaAPI` whose answers go through the page cache.

An endpoint names what its answer shows with `caching.cache_answer(request, tags, timeout)`
(surrogate keys, core/pagecache.py); `ReadAPI.create_response` marks the response
for `reader.cache.PageCacheMiddleware`, which stores it for anonymous clients, adds the
`ETag` and answers 304 to a matching `If-None-Match`, exactly as for a reader page.
"""

from django.conf import settings

from ninja import NinjaAPI, Swagger
from ninja.parser import Parser

from core.pagecache import mark_cacheable

from .endpoints import articles, catalogue


class ByName:
    """The query as an endpoint's parameters read it: by the names it declares, one at a time
    (ninja asks for each), so a parameter it does not declare is never read and makes no new
    stored copy of the answer (core/parameters.py)."""

    def __init__(self, query, list_fields):
        self.query, self.list_fields = query, list_fields

    def get(self, name, default=None):
        if name not in self.query:
            return default
        return self.query.getlist(name) if name in self.list_fields else self.query[name]


class DeclaredParser(Parser):
    """ninja's parser, reading query parameters by name (`ByName`)."""

    def parse_querydict(self, data, list_fields, request):
        return ByName(data, list_fields)


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
    parser=DeclaredParser(),
    openapi_url="/openapi.json",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs/",
)
api.add_router("/", articles.router)
api.add_router("/", catalogue.router)
