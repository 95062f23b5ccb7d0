"""Which query parameters a page read, so the page cache keys a page by those alone.

`?utm_source=…`, `?fbclid=…` or `?x=random` change nothing on a page that never reads them,
so they must not make a new stored copy (a flood of unique query strings would otherwise
fill the cache). While a page that may be stored is rendered, `request.GET` is a
`ReadQuery`, which notes each parameter the view, its forms or its paginator ask for; the
page is stored under the values of those parameters only, and the path remembers the
parameters its pages read (reader/cache.py). A view that looks at every parameter (iterates
`request.GET`, copies it, counts it) makes its pages keyed by the whole query string.
"""

from django.http import QueryDict

#: A path whose pages looked at every parameter.
EVERY = "*"


class ReadQuery(QueryDict):
    """`request.GET` that remembers which parameters were read (`names_read()`)."""

    def __init__(self, query_string=None, mutable=False, encoding=None):
        self._read, self._every = set(), False
        super().__init__(query_string, mutable=mutable, encoding=encoding)
        self._read, self._every = set(), False  # building it read nothing of the page's

    def names_read(self):
        """The names asked for, sorted, or `EVERY` when the whole query was looked at."""
        return EVERY if self._every else sorted(self._read)

    def _saw(self, key):
        self._read.add(key)

    def _saw_every(self):
        self._every = True

    # Asking for one parameter, present or not.
    def __getitem__(self, key):
        self._saw(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._saw(key)
        return super().__contains__(key)

    def _getlist(self, key, default=None, force_list=False):
        self._saw(key)
        return super()._getlist(key, default, force_list)

    # Looking at all of them.
    def __iter__(self):
        self._saw_every()
        return super().__iter__()

    def __len__(self):
        self._saw_every()
        return super().__len__()

    def keys(self):
        self._saw_every()
        return super().keys()

    def lists(self):
        self._saw_every()
        return super().lists()

    def urlencode(self, safe=None):
        self._saw_every()
        return super().urlencode(safe)

    def __deepcopy__(self, memo):
        self._saw_every()
        return super().__deepcopy__(memo)

    def __copy__(self):
        self._saw_every()
        return super().__copy__()


def values_of(query, names):
    """The (name, values) a page keyed by `names` is stored under (every pair for `EVERY`),
    read without noting anything."""
    found = dict(QueryDict.lists(query))
    if names == EVERY:
        return sorted(found.items())
    return [(name, found.get(name, [])) for name in names]


def carried(query):
    """[(name, values)] of the parameters read so far, in the address's order (all of them
    where the query is not a `ReadQuery`): what a link to another page of the list keeps."""
    names = query.names_read() if isinstance(query, ReadQuery) else EVERY
    chosen = dict(values_of(query, names))
    return [(name, values) for name, values in QueryDict.lists(query) if chosen.get(name)]
