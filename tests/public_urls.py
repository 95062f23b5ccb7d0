"""Every public URL pattern, walked from the URLconf, and concrete addresses for each (tests
only). A pattern added to the site is walked by the tests using this without a change here;
one whose parameter no test knows how to fill fails them until it does."""

import itertools
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

#: The staff's admin and a reader's own account pages: not public, and walked by
#: tests/test_authorisation_matrix.py.
NOT_PUBLIC = ("admin/", "accounts/")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full route, its namespaced name, the view and its parameters."""

    route: str
    name: str | None
    pattern: URLPattern

    @property
    def parameters(self):
        return tuple(self.pattern.pattern.regex.groupindex)

    @property
    def view(self):
        return self.pattern.callback

    @property
    def is_feed(self):
        return isinstance(self.view, Feed)

    def path(self, values):
        """The address with `values` for its parameters, or None if one does not fit."""
        if self.name:
            try:
                return reverse(self.name, kwargs=values)
            except NoReverseMatch:
                return None
        route = self.route.lstrip("^").rstrip("$")
        for name, value in values.items():
            route = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), route)
        return "/" + route

    def paths(self, candidates):
        """Every address made from `candidates` ({parameter: [values]}) that fits."""
        missing = [name for name in self.parameters if name not in candidates]
        assert not missing, f"{self.route}: say which values to try for {missing}"
        choices = [candidates[name] for name in self.parameters]
        for combination in itertools.product(*choices):
            path = self.path(dict(zip(self.parameters, combination, strict=True)))
            if path is not None:
                yield path


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Route(route=route, name=name, pattern=pattern)


def public_routes():
    """Every URL pattern outside the admin and the account pages, in URLconf order."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.route.lstrip("^").startswith(NOT_PUBLIC)
    ]


def feed_routes():
    """Every pattern answered by a syndication feed."""
    return [route for route in public_routes() if route.is_feed]
