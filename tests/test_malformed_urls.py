"""Garbage in the URL is a 400 or a 404, never a 500, in pages and the API alike.

Every URL pattern of the site (read from the URLconf, so a new one is walked too) is asked
for with hostile segments and hostile query parameters, by a visitor and by a superuser.
"""

import re
import socket

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

import pytest

from core.urlguard import MAX_PATH_LENGTH, MAX_QUERY_LENGTH
from tests.app_servers import demo_site, gunicorn
from tests.authorisation_fixtures import build_world, url_names
from tests.test_authorisation_matrix import concrete_url

#: Never reach a view: the first middleware answers 400.
REFUSED_SEGMENTS = [
    "%00",
    "nul%00byte",
    "%0D%0ASet-Cookie:%20x=1",
    "%1B%5B31m",
    "%7F",
    "%C2%85",  # NEL, a C1 control character
    "%C0%AF",  # an overlong "/", not UTF-8
    "%FF",
    "%ED%A0%80",  # a UTF-16 surrogate, not UTF-8
    "a" * (MAX_PATH_LENGTH + 1),
]
#: Odd but readable: each view must answer them with a 4xx (or a page), not a 500.
ODD_SEGMENTS = [
    "99999999999999999999",
    "-1",
    "1.5",
    "x" * 300,
    "%E2%80%AE%F0%9F%8E%AC",  # a right-to-left override, an emoji
    "%25%30%30",  # the text "%00"
    "..%2F..%2Fetc%2Fpasswd",
    "%27%22%3E%3Cx%3E",
]
REFUSED_VALUES = ["%00", "a%00b", "%0B", "%FF", "%C0%AF", "x" * (MAX_QUERY_LENGTH + 1)]
ODD_VALUES = ["abc", "99999999999999999999", "-1", "1.5", "x" * 1000, "%E2%80%AE%F0%9F%8E%AC"]
#: The query parameters readers' pages, oEmbed and the API read (their filters and cursor).
PUBLIC_PARAMETERS = [
    "q",
    "type",
    "page",
    "quotes",
    "share",
    "vote",
    "p",
    "url",
    "format",
    "maxwidth",
    "maxheight",
    "tag",
    "production",
    "person",
    "kind",
    "cursor",
    "limit",
]
#: The admin's own: a change list's ordering, page, search, error flag and "show all", a
#: popup's field; and those this site's admin views read (compare, autosave, autocomplete).
ADMIN_PARAMETERS = {
    "changelist": ["o", "p", "q", "e", "all", "_to_field"],
    "add": ["_to_field", "_popup"],
    "change": ["_to_field", "_popup"],
    "delete": ["_to_field", "_popup"],
    "history": ["_to_field", "p"],
}
ADMIN_VIEW_PARAMETERS = [
    "from",
    "to",
    "key",
    "autosave",
    "q",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "p",
]


def _regex_text(regex):
    """A regex URL pattern as text, each group (a parameter) replaced by `{}`."""
    regex = regex.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    text, depth = [], 0
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and depth == 0:
            text.append(regex[index + 1])
            index += 2
            continue
        if char == "(":
            depth += 1
            if depth == 1:
                text.append("{}")
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "?":
            text.append(char)
        index += 1
    return "".join(text)


def _pattern_text(pattern):
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?\w+>", "{}", str(pattern))
    return _regex_text(pattern.regex.pattern)


def url_templates(patterns=None, prefix="/"):
    """Every URL pattern as a path with `{}` where its parameters go."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for pattern in patterns:
        text = prefix + _pattern_text(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += url_templates(pattern.url_patterns, text)
        elif isinstance(pattern, URLPattern):
            found.append(text)
    return sorted(set(found))


def fill(template, segment):
    return template.replace("{}", segment) if "{}" in template else template + segment


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Hundreds of requests a minute from one address: counted, they would refuse this test's
    (and, through a shared Redis, another test process's) later requests with a 429."""
    settings.RATELIMIT_ENABLE = False


def parameters_of(name):
    """The query parameters the page named `name` may read."""
    if not name.startswith("admin:"):
        return PUBLIC_PARAMETERS
    return ADMIN_PARAMETERS.get(name.rpartition("_")[2], ADMIN_VIEW_PARAMETERS)


def visitor_for(template_or_name, clients):
    """The admin is walked as a superuser (everyone else is sent to its login)."""
    admin = template_or_name.startswith(("/admin/", "admin:"))
    return clients["superuser"] if admin else clients["anonymous"]


@pytest.fixture
def clients(superuser):
    found = {"anonymous": Client(raise_request_exception=False)}
    found["superuser"] = Client(raise_request_exception=False)
    found["superuser"].force_login(superuser)
    return found


def test_the_walk_covers_every_url_pattern_of_the_site():
    templates = url_templates()

    assert "/{}/" in templates  # an article
    assert "/api/v1/articles/{}/comments/" in templates
    assert "/admin/articles/article/{}/change/" in templates
    assert "/discussion/{}/comment/" in templates
    assert len(templates) > 100


@pytest.mark.parametrize("segment", REFUSED_SEGMENTS, ids=lambda s: s[:20])
def test_control_characters_broken_utf8_or_an_absurd_length_in_a_path_is_a_400(clients, segment):
    failures = {}
    for template in url_templates():
        url = fill(template, segment)
        status = visitor_for(template, clients).get(url).status_code
        if status != 400:
            failures[url[:80]] = status

    assert failures == {}


@pytest.mark.parametrize("segment", ODD_SEGMENTS, ids=lambda s: s[:20])
def test_an_odd_path_segment_is_never_a_500(clients, segment):
    """Readers' pages and the API get every odd segment; the admin's pages, a few dozen alike
    for each model, get one each, in turn (the same views over and over otherwise)."""
    failures = {}
    turn = ODD_SEGMENTS.index(segment)
    for index, template in enumerate(url_templates()):
        if template.startswith("/admin/") and index % len(ODD_SEGMENTS) != turn:
            continue
        url = fill(template, segment)
        status = visitor_for(template, clients).get(url).status_code
        if status >= 500:
            failures[url[:80]] = status

    assert failures == {}


def test_a_hostile_query_string_on_any_page_is_a_400(editorial_roles, settings):
    world = build_world(editorial_roles, settings)
    failures = {}
    for name in sorted(url_names()):
        url = concrete_url(name, world)
        joiner = "&" if "?" in url else "?"
        for value in REFUSED_VALUES:
            for query in (f"q={value}", f"{value}=1"):
                response = visitor_for(name, world["clients"]).get(f"{url}{joiner}{query}")
                if response.status_code != 400:
                    failures[(name, query[:20])] = response.status_code

    assert failures == {}


def test_an_odd_query_parameter_on_any_page_is_never_a_500(editorial_roles, settings):
    """Each parameter of each page gets one of the odd values, in turn (all of them in all
    would be thousands of pages): over the site every parameter meets every value."""
    world = build_world(editorial_roles, settings)
    failures = {}
    for index, name in enumerate(sorted(url_names())):
        url = concrete_url(name, world)
        joiner = "&" if "?" in url else "?"
        for turn, parameter in enumerate(parameters_of(name)):
            value = ODD_VALUES[(index + turn) % len(ODD_VALUES)]
            status = visitor_for(name, world["clients"]).get(f"{url}{joiner}{parameter}={value}")
            # oEmbed's specification asks for 501 when the format asked for is not offered.
            if status.status_code >= 500 and (name, status.status_code) != ("api:oembed", 501):
                failures[(name, parameter, value[:20])] = status.status_code

    assert failures == {}


#: Addresses as browsers and curl send them: percent-encoded. The app answers them.
ENCODED_TARGETS = [
    b"/nope%00/",
    b"/tags/%00/",
    b"/people/%0A/",
    b"/%C0%AF/",
    b"/%FF%FE/",
    b"/a%1B%5B31m/",
    b"/search/?q=%00",
    b"/search/?q=%FF",
    b"/?p=1%00",
    b"/api/v1/articles/?tag=%00",
    b"/api/v1/articles/?cursor=%00",
    b"/api/v1/articles/%00/",
    b"/api/v1/people/?limit=%FF",
    b"/oembed/?url=%00",
    b"/" + b"a" * 3_000 + b"/",
]
#: Raw bytes a hand-made client may send: gunicorn itself refuses them, also with a 400.
RAW_TARGETS = [
    b"/nope\x00/",
    b"/people/\x00/",
    b"/\xff\xfe/",
    b"/\xc0\xaf/",
    b"/a\x1b[31m/",
    b"/a\x7f/",
    b"/search/?q=\x00",
    b"/search/?q=\xff",
    b"/api/v1/articles/?tag=\x01",
]
#: Past gunicorn's own limit (4,094 bytes of request line): it answers 414 itself.
TOO_LONG_FOR_GUNICORN = [b"/" + b"a" * 10_000 + b"/", b"/search/?q=" + b"a" * 10_000]


def raw_get(base, target, accept=b"text/html"):
    """(status, body) gunicorn answers to a GET of `target` sent byte for byte over a socket."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            b"GET " + target + b" HTTP/1.0\r\nHost: " + host.encode() + b"\r\n"
            b"Accept: " + accept + b"\r\nConnection: close\r\n\r\n"
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.mark.servers
def test_garbage_sent_to_gunicorn_is_a_400_never_a_500(tmp_path):
    with demo_site(tmp_path) as site, gunicorn(site, workers=1) as base:
        assert raw_get(base, b"/")[0] == 200
        encoded = {target[:40]: raw_get(base, target) for target in ENCODED_TARGETS}
        raw = {target: raw_get(base, target)[0] for target in RAW_TARGETS}
        too_long = [raw_get(base, target)[0] for target in TOO_LONG_FOR_GUNICORN]
        api = raw_get(base, b"/api/v1/articles/?tag=%00", accept=b"application/json")

    assert {target: status for target, (status, _) in encoded.items() if status != 400} == {}
    assert [target for target, (_, body) in encoded.items() if b"cannot be read" not in body] == []
    assert set(raw.values()) == {400}
    assert too_long == [414, 414]
    assert api == (400, b'{"detail": "This address contains control characters."}')
