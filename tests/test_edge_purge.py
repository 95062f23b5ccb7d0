"""Purging the edge: each backend sends what its API expects, in batches it accepts, and a
purge that does not arrive raises PurgeFailed naming the backend."""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import pytest

from core.edge import CloudflarePurger, FastlyPurger, PurgeFailed, VarnishPurger, backends
from tests.edge_servers import recording_server
from tests.private_servers import SilentServer, free_port


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    # The stand-in APIs are local: an HTTP proxy from the environment must not carry them.
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api():
    with recording_server() as server:
        yield server


def test_headers_name_keys_as_each_edge_reads_them():
    keys = ["article:12", "person:3", "list:articles", "article:12", ""]

    assert VarnishPurger([]).header == "xkey"
    assert VarnishPurger([]).header_value(keys) == "article:12 person:3 list:articles"
    assert FastlyPurger("svc", "t").header == "Surrogate-Key"
    assert FastlyPurger("svc", "t").header_value(keys) == "article:12 person:3 list:articles"
    assert CloudflarePurger("zone", "t").header == "Cache-Tag"
    assert CloudflarePurger("zone", "t").header_value(keys) == "article:12,person:3,list:articles"


def test_varnish_purge_sends_the_keys_to_every_varnish(api):
    with recording_server() as second:
        VarnishPurger([api.url, second.url + "/"]).purge(["article:1", "list:articles"])

        for server in (api, second):
            [request] = server.requests
            assert request.method == "PURGE"
            assert request.path == "/"
            assert request.headers["xkey-purge"] == "article:1 list:articles"


def test_varnish_purge_cuts_long_key_lists_into_headers_varnish_accepts(api):
    keys = [f"article:{number}" for number in range(2000)]

    VarnishPurger([api.url]).purge(keys)

    sent = [request.headers["xkey-purge"] for request in api.requests]
    assert len(sent) > 1
    assert all(len(header) <= VarnishPurger.max_chars for header in sent)
    assert " ".join(sent).split() == keys


def test_varnish_purge_all_bans_everything(api):
    VarnishPurger([api.url]).purge_all()

    [request] = api.requests
    assert (request.method, request.path) == ("BAN", "/")
    assert "xkey-purge" not in request.headers


def test_varnish_failure_on_one_server_still_purges_the_others(api):
    dead = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(PurgeFailed, match=r"varnish: PURGE http://127\.0\.0\.1:\d+/ failed"):
        VarnishPurger([dead, api.url]).purge(["article:1"])

    assert len(api.requests) == 1


def test_no_keys_sends_nothing(api):
    VarnishPurger([api.url]).purge([])
    FastlyPurger("svc", "token", api_url=api.url).purge([])

    assert api.requests == []


def test_fastly_purges_keys_in_batches_of_256(api):
    keys = [f"article:{number}" for number in range(300)]

    FastlyPurger("svc123", "secret-token", api_url=api.url + "/").purge(keys)

    first, second = api.requests
    for request in (first, second):
        assert (request.method, request.path) == ("POST", "/service/svc123/purge")
        assert request.headers["fastly-key"] == "secret-token"
        assert request.headers["content-type"] == "application/json"
    assert first.json() == {"surrogate_keys": keys[:256]}
    assert second.json() == {"surrogate_keys": keys[256:]}


def test_fastly_purge_all(api):
    FastlyPurger("svc123", "secret-token", api_url=api.url).purge_all()

    [request] = api.requests
    assert (request.method, request.path) == ("POST", "/service/svc123/purge_all")
    assert request.headers["fastly-key"] == "secret-token"


def test_cloudflare_purges_tags_in_batches_of_100(api):
    keys = [f"person:{number}" for number in range(130)]

    CloudflarePurger("zone9", "cf-token", api_url=api.url).purge(keys)

    first, second = api.requests
    for request in (first, second):
        assert (request.method, request.path) == ("POST", "/zones/zone9/purge_cache")
        assert request.headers["authorization"] == "Bearer cf-token"
        assert request.headers["content-type"] == "application/json"
    assert first.json() == {"tags": keys[:100]}
    assert second.json() == {"tags": keys[100:]}


def test_cloudflare_purge_everything(api):
    CloudflarePurger("zone9", "cf-token", api_url=api.url).purge_all()

    [request] = api.requests
    assert request.path == "/zones/zone9/purge_cache"
    assert request.json() == {"purge_everything": True}


def test_cloudflare_refusal_in_the_body_fails():
    refusal = b'{"success": false, "errors": [{"code": 1134}]}'
    with recording_server(body=refusal) as api:
        purger = CloudflarePurger("zone9", "t", api_url=api.url)
        with pytest.raises(PurgeFailed, match="cloudflare: .* refused"):
            purger.purge(["article:1"])


@pytest.mark.parametrize(
    "make",
    [
        lambda url: VarnishPurger([url]),
        lambda url: FastlyPurger("svc", "t", api_url=url),
        lambda url: CloudflarePurger("zone", "t", api_url=url),
    ],
    ids=["varnish", "fastly", "cloudflare"],
)
def test_error_answers_fail_naming_the_backend(make):
    with recording_server(status=500, body=b"upstream exploded") as api:
        backend = make(api.url)
        with pytest.raises(PurgeFailed, match=rf"^{backend.name}: .* 500 .*upstream exploded"):
            backend.purge(["article:1"])
        with pytest.raises(PurgeFailed, match=rf"^{backend.name}: "):
            backend.purge_all()


@pytest.mark.parametrize("status", [301, 403, 404])
def test_redirects_and_refusals_fail(status):
    with recording_server(status=status) as api:
        purger = FastlyPurger("svc", "t", api_url=api.url)
        with pytest.raises(PurgeFailed, match=str(status)):
            purger.purge(["article:1"])


def test_refused_connection_fails():
    url = f"http://127.0.0.1:{free_port()}"

    for backend in (
        VarnishPurger([url]),
        FastlyPurger("svc", "t", api_url=url),
        CloudflarePurger("zone", "t", api_url=url),
    ):
        with pytest.raises(PurgeFailed, match=f"^{backend.name}: POST|^{backend.name}: PURGE"):
            backend.purge(["article:1"])


def test_timeout_fails():
    silent = SilentServer()
    url = f"http://127.0.0.1:{silent.port}"
    try:
        for backend in (
            VarnishPurger([url], timeout=0.2),
            FastlyPurger("svc", "t", api_url=url, timeout=0.2),
            CloudflarePurger("zone", "t", api_url=url, timeout=0.2),
        ):
            with pytest.raises(PurgeFailed, match=f"^{backend.name}: .*timed out"):
                backend.purge(["article:1"])
    finally:
        silent.close()


def test_no_edge_by_default(settings):
    settings.EDGE_CACHE = ""

    assert backends() == ()


def test_backends_follow_the_settings(settings):
    settings.EDGE_CACHE = "varnish"
    settings.EDGE_VARNISH_URLS = ["http://127.0.0.1:6081", "http://10.0.0.2:6081"]
    settings.EDGE_PURGE_TIMEOUT = 2.5

    [varnish] = backends()
    assert isinstance(varnish, VarnishPurger)
    assert varnish.urls == ["http://127.0.0.1:6081", "http://10.0.0.2:6081"]
    assert varnish.timeout == 2.5
    assert backends()[0] is varnish  # built once per settings

    settings.EDGE_CACHE = "fastly"
    settings.FASTLY_SERVICE_ID = "svc"
    settings.FASTLY_API_TOKEN = "token"
    [fastly] = backends()
    assert isinstance(fastly, FastlyPurger)
    assert (fastly.service_id, fastly.token, fastly.api_url) == (
        "svc",
        "token",
        "https://api.fastly.com",
    )

    settings.EDGE_CACHE = "cloudflare"
    settings.CLOUDFLARE_ZONE_ID = "zone"
    settings.CLOUDFLARE_API_TOKEN = "cf"
    settings.CLOUDFLARE_API_URL = "http://127.0.0.1:9/client/v4/"
    [cloudflare] = backends()
    assert isinstance(cloudflare, CloudflarePurger)
    assert cloudflare.api_url == "http://127.0.0.1:9/client/v4"


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        ("varnish", "EDGE_VARNISH_URLS"),
        ("fastly", "FASTLY_SERVICE_ID and FASTLY_API_TOKEN"),
        ("cloudflare", "CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN"),
    ],
)
def test_a_backend_without_its_settings_is_refused(settings, kind, missing):
    settings.EDGE_CACHE = kind
    settings.EDGE_VARNISH_URLS = []
    settings.FASTLY_SERVICE_ID = settings.FASTLY_API_TOKEN = ""
    settings.CLOUDFLARE_ZONE_ID = settings.CLOUDFLARE_API_TOKEN = ""

    with pytest.raises(ImproperlyConfigured, match=f"EDGE_CACHE={kind} needs {missing}"):
        backends()


def test_an_unknown_backend_is_refused(settings):
    settings.EDGE_CACHE = "akamai"

    with pytest.raises(ImproperlyConfigured, match="cloudflare, fastly, varnish"):
        backends()


def test_every_edge_variable_is_documented_in_the_readme_and_env_example():
    project = Path(__file__).resolve().parent.parent
    source = (project / "config" / "edge_settings.py").read_text()
    names = set(re.findall(r"""environ\.get\(\s*["']([A-Z_]+)["']""", source))
    readme = (project / "README.md").read_text()
    example = (project / ".env.example").read_text()

    assert {"EDGE_CACHE", "EDGE_VARNISH_URLS", "FASTLY_API_TOKEN", "CLOUDFLARE_ZONE_ID"} <= names
    assert sorted(name for name in names if f"| `{name}` |" not in readme) == []
    assert sorted(name for name in names if f"#{name}=" not in example) == []
