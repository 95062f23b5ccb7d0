"""deploy/varnish/marquee.vcl in a real varnishd, in front of a stand-in app that answers with the
headers of the page-cache contract and counts what reaches it: Varnish keeps public pages
for their s-maxage, purges them by key at once, serves them stale while the app fails, and
never keeps or shares anything personal."""

import gzip
import http.server
import threading
import time

import brotli
import pytest

from tests.edge_servers import private_varnish

pytestmark = pytest.mark.servers

PUBLIC = "public, max-age=60, s-maxage=3600, stale-while-revalidate=300, stale-if-error=86400"


class Origin:
    """The app, reduced to the headers: `pages[path] = (headers, status)`; each answer's body
    says how many times that path was rendered, so a stored copy shows as an old number."""

    def __init__(self):
        self.pages = {}
        self.renders = {}
        self.methods = []
        self.failing = None  # a status every page answers with, the app being in trouble
        origin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                origin.answer(self)

            do_HEAD = do_POST = do_GET

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def page(self, path, *, keys="", cache_control=PUBLIC, status=200, **headers):
        self.pages[path] = (
            {"Cache-Control": cache_control, **({"xkey": keys} if keys else {}), **headers},
            status,
        )

    def answer(self, request):
        path = request.path
        if path == "/healthz":
            return self.send(request, 200, {"Cache-Control": "no-store"}, b"ok")
        self.methods.append((request.command, path))
        if self.failing:
            return self.send(request, self.failing, {"Cache-Control": "no-store"}, b"down")
        if path not in self.pages:
            return self.send(request, 404, {}, b"not found")
        headers, status = self.pages[path]
        self.renders[path] = self.renders.get(path, 0) + 1
        body = f"{path} render {self.renders[path]}".encode()
        headers = {"Vary": "Accept-Encoding", **headers}
        accepted = request.headers.get("Accept-Encoding", "")
        if "br" in accepted:
            body, headers["Content-Encoding"] = brotli.compress(body), "br"
        elif "gzip" in accepted:
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        headers["X-Seen-Accept-Encoding"] = accepted
        self.send(request, status, headers, body)

    def send(self, request, status, headers, body):
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Type", "text/html; charset=utf-8")
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(body)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def origin():
    origin = Origin()
    yield origin
    origin.stop()


@pytest.fixture(scope="module")
def edge(origin):
    with private_varnish(backend_port=origin.port) as varnish:
        yield varnish


@pytest.fixture(autouse=True)
def fresh(request, origin):
    # Each test starts from an empty cache and a healthy app.
    origin.failing = None
    if "edge" in request.fixturenames:
        request.getfixturevalue("edge").purger().purge_all()


def get(edge, path, **headers):
    status, response, body = edge.request("GET", path, headers={"Host": "marquee.test", **headers})
    return status, response, body


def test_public_page_is_stored_and_served_as_a_hit(edge, origin):
    origin.page("/stored/", keys="article:1 list:articles")

    first = get(edge, "/stored/")
    second = get(edge, "/stored/")

    assert first[0] == second[0] == 200
    assert (first[1]["X-Cache"], second[1]["X-Cache"]) == ("MISS", "HIT")
    assert second[2] == b"/stored/ render 1"
    assert origin.renders["/stored/"] == 1
    assert "xkey" not in second[1]  # the keys are for Varnish only


def test_purge_by_key_drops_only_the_pages_showing_it(edge, origin):
    origin.page("/purged-article/", keys="article:1 list:articles")
    origin.page("/purged-person/", keys="person:2")
    for path in ("/purged-article/", "/purged-person/"):
        get(edge, path)

    edge.purger().purge(["article:1"])

    status, headers, body = get(edge, "/purged-article/")
    assert (status, headers["X-Cache"], body) == (200, "MISS", b"/purged-article/ render 2")
    assert get(edge, "/purged-person/")[1]["X-Cache"] == "HIT"


def test_purged_page_is_never_served_stale_while_the_app_fails(edge, origin):
    origin.page("/unpublished/", keys="article:7")
    get(edge, "/unpublished/")

    edge.purger().purge(["article:7"])
    origin.failing = 503

    assert get(edge, "/unpublished/")[0] == 503


def test_purge_all_empties_the_cache(edge, origin):
    origin.page("/release-a/", keys="article:3")
    origin.page("/release-b/", keys="person:3")
    for path in ("/release-a/", "/release-b/"):
        get(edge, path)

    edge.purger().purge_all()

    assert get(edge, "/release-a/")[1]["X-Cache"] == "MISS"
    assert get(edge, "/release-b/")[1]["X-Cache"] == "MISS"


@pytest.mark.parametrize(
    "cookie", ["sessionid", "csrftoken", "messages", "marquee_voter", "marquee_watched"]
)
def test_personal_cookies_are_never_served_from_the_cache(edge, origin, cookie):
    path = f"/cookie-{cookie}/"
    origin.page(path, keys="article:4")
    get(edge, path)  # an anonymous copy is stored

    with_cookie = [get(edge, path, Cookie=f"_ga=1; {cookie}=abc") for _ in range(2)]

    assert [response[1]["X-Cache"] for response in with_cookie] == ["MISS", "MISS"]
    assert origin.renders[path] == 3
    assert get(edge, path)[2] == f"{path} render 1".encode()  # nor stored for others


def test_other_cookies_still_get_the_shared_copy(edge, origin):
    origin.page("/analytics/", keys="article:5")
    get(edge, "/analytics/")

    assert get(edge, "/analytics/", Cookie="_ga=GA1.2.3; theme=dark")[1]["X-Cache"] == "HIT"


def test_a_page_ordered_by_country_is_kept_once_per_chosen_country(edge, origin):
    path = "/productions/run-away/"
    origin.page(path, keys="production:1", Vary="Accept-Encoding, Cookie")
    cookies = {"": "_ga=3", "GB": "_ga=1; marquee_country=GB", "US": "marquee_country=us; _a=2"}
    first = {country: get(edge, path, Cookie=cookie) for country, cookie in cookies.items()}
    cookies = {"": "", "GB": "marquee_country=gb", "US": "_b=1; marquee_country=US"}
    again = {country: get(edge, path, Cookie=cookie) for country, cookie in cookies.items()}

    assert {c: r[1]["X-Cache"] for c, r in first.items()} == dict.fromkeys(first, "MISS")
    assert {c: r[1]["X-Cache"] for c, r in again.items()} == dict.fromkeys(again, "HIT")
    # Each country keeps the copy rendered for it; none is another country's.
    assert [again[c][2] for c in ("", "GB", "US")] == [first[c][2] for c in ("", "GB", "US")]
    assert len({first[c][2] for c in first}) == 3
    # Browsers are told the page varies by cookie, as the app said.
    assert again["GB"][1]["Vary"] == "Accept-Encoding, Cookie"
    assert get(edge, path, **{"X-Marquee-Country": "US"})[2] == first[""][2]


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/article/", "/accounts/login/"])
def test_admin_and_accounts_are_never_stored(edge, origin, path):
    origin.page(path, keys="article:6")

    assert [get(edge, path)[1]["X-Cache"] for _ in range(2)] == ["MISS", "MISS"]


@pytest.mark.parametrize(
    ("name", "headers"),
    [
        ("set-cookie", {"Set-Cookie": "csrftoken=abc; Path=/"}),
        ("private", {"cache_control": "private, no-cache"}),
        ("no-store", {"cache_control": "no-store"}),
        ("no-cache", {"cache_control": "public, no-cache, s-maxage=3600"}),
        ("no-cache-control", {"cache_control": ""}),
    ],
)
def test_personal_or_unmarked_answers_are_never_stored(edge, origin, name, headers):
    path = f"/answer-{name}/"
    origin.page(path, **headers)

    responses = [get(edge, path) for _ in range(2)]

    assert [response[1]["X-Cache"] for response in responses] == ["MISS", "MISS"]
    assert origin.renders[path] == 2


def test_posts_go_to_the_app(edge, origin):
    origin.page("/form/", keys="article:8")
    get(edge, "/form/")

    status, _, _ = edge.request("POST", "/form/", headers={"Host": "marquee.test"}, body=b"x=1")

    assert status == 200
    assert origin.methods[-1] == ("POST", "/form/")


def test_head_is_answered_from_the_stored_page(edge, origin):
    origin.page("/head/", keys="article:9")
    get(edge, "/head/")

    status, headers, body = edge.request("HEAD", "/head/", headers={"Host": "marquee.test"})

    assert (status, headers["X-Cache"], body) == (200, "HIT", b"")


def test_the_edge_keeps_a_page_for_s_maxage_not_max_age(edge, origin):
    # A scheduled article appears in 10 minutes: the edge keeps the list until then, browsers
    # not at all; a page due to change now is not kept however long browsers may.
    origin.page("/scheduled/", cache_control="public, max-age=0, s-maxage=600")
    origin.page("/due-now/", cache_control="public, max-age=600, s-maxage=0")

    assert [get(edge, "/scheduled/")[1]["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]
    assert [get(edge, "/due-now/")[1]["X-Cache"] for _ in range(2)] == ["MISS", "MISS"]


def test_a_page_past_s_maxage_is_fetched_again(edge, origin):
    origin.page("/expiring/", cache_control="public, max-age=0, s-maxage=1")
    get(edge, "/expiring/")
    time.sleep(1.5)

    assert get(edge, "/expiring/")[2] == b"/expiring/ render 2"


def test_within_stale_while_revalidate_the_stale_page_is_served_and_refreshed(edge, origin):
    origin.page("/revalidated/", cache_control="public, s-maxage=1, stale-while-revalidate=60")
    get(edge, "/revalidated/")
    time.sleep(1.5)

    assert get(edge, "/revalidated/")[2] == b"/revalidated/ render 1"  # at once, stale
    for _ in range(50):  # the background fetch lands
        if get(edge, "/revalidated/")[2] == b"/revalidated/ render 2":
            break
        time.sleep(0.05)
    else:
        pytest.fail("the stale page was not refreshed in the background")


def test_past_stale_while_revalidate_a_healthy_app_renders_the_page_again(edge, origin):
    origin.page(
        "/too-stale/",
        cache_control="public, s-maxage=1, stale-while-revalidate=0, stale-if-error=600",
    )
    get(edge, "/too-stale/")
    time.sleep(1.5)

    assert get(edge, "/too-stale/")[2] == b"/too-stale/ render 2"


@pytest.mark.parametrize("failure", [500, 503])
def test_stale_if_error_serves_the_stored_page_while_the_app_answers_errors(edge, origin, failure):
    path = f"/failing-{failure}/"
    origin.page(path, cache_control="public, s-maxage=1, stale-if-error=600")
    get(edge, path)
    time.sleep(1.5)
    origin.failing = failure

    status, _, body = get(edge, path)

    assert (status, body) == (200, f"{path} render 1".encode())


def test_past_stale_if_error_the_error_reaches_the_reader(edge, origin):
    origin.page("/long-gone/", cache_control="public, s-maxage=1, stale-if-error=0")
    get(edge, "/long-gone/")
    time.sleep(1.5)
    origin.failing = 503

    assert get(edge, "/long-gone/")[0] == 503


def test_stale_if_error_serves_the_stored_page_while_the_app_is_unreachable():
    origin = Origin()
    origin.page("/outage/", cache_control="public, s-maxage=1, stale-if-error=600")
    with private_varnish(backend_port=origin.port) as varnish:
        assert get(varnish, "/outage/")[0] == 200
        time.sleep(1.5)
        origin.stop()  # connections refused from now on

        status, _, body = get(varnish, "/outage/")

        assert (status, body) == (200, b"/outage/ render 1")
        assert get(varnish, "/never-stored/")[0] == 503


def test_while_every_app_server_is_sick_stale_pages_are_served_without_asking(edge, origin):
    origin.page("/sick/", cache_control="public, s-maxage=1, stale-if-error=600")
    get(edge, "/sick/")
    time.sleep(1.5)
    edge.admin("backend.set_health", "app1", "sick")
    try:
        status, _, body = get(edge, "/sick/")
    finally:
        edge.admin("backend.set_health", "app1", "auto")

    assert (status, body) == (200, b"/sick/ render 1")
    assert origin.renders["/sick/"] == 1


def test_purges_from_outside_are_refused(edge, origin):
    origin.page("/guarded/", keys="article:10")
    get(edge, "/guarded/")

    # Another address than localhost (the ACL), and a purge relayed by a proxy such as nginx.
    elsewhere = edge.request(
        "PURGE", "/", headers={"xkey-purge": "article:10"}, source_address=("127.0.0.2", 0)
    )
    relayed = edge.request(
        "PURGE", "/", headers={"xkey-purge": "article:10", "X-Forwarded-For": "203.0.113.9"}
    )
    banned = edge.request("BAN", "/", headers={"X-Forwarded-For": "203.0.113.9"})

    assert [elsewhere[0], relayed[0], banned[0]] == [403, 403, 403]
    assert get(edge, "/guarded/")[1]["X-Cache"] == "HIT"


def test_an_acl_entry_lets_another_address_purge(origin):
    origin.page("/trusted/", keys="article:11")
    with private_varnish(backend_port=origin.port, purgers="127.0.0.2, 10.0.0.0/8") as varnish:
        get(varnish, "/trusted/")

        status, _, _ = varnish.request(
            "PURGE", "/", headers={"xkey-purge": "article:11"}, source_address=("127.0.0.2", 0)
        )

        assert status == 200
        assert get(varnish, "/trusted/")[1]["X-Cache"] == "MISS"


def test_browsers_get_a_compressed_stored_copy(edge, origin):
    origin.page("/compressed/", keys="article:13")

    first = get(edge, "/compressed/", **{"Accept-Encoding": "gzip, deflate, br"})
    second = get(edge, "/compressed/", **{"Accept-Encoding": "br, gzip"})
    old_browser = [get(edge, "/compressed/", **{"Accept-Encoding": "gzip"}) for _ in range(2)]
    no_encoding = get(edge, "/compressed/")

    assert (first[1]["X-Cache"], second[1]["X-Cache"]) == ("MISS", "HIT")
    assert first[1]["X-Seen-Accept-Encoding"] == "br"  # the app was asked for one encoding
    assert second[1]["Content-Encoding"] == "br"
    assert brotli.decompress(second[2]) == b"/compressed/ render 1"
    assert [r[1]["X-Cache"] for r in old_browser] == ["MISS", "HIT"]
    assert old_browser[1][1]["Content-Encoding"] == "gzip"
    assert gzip.decompress(old_browser[1][2]) == b"/compressed/ render 2"
    assert "Content-Encoding" not in no_encoding[1]
    assert no_encoding[2] == b"/compressed/ render 3"


def test_each_host_and_scheme_has_its_own_copy(edge, origin):
    origin.page("/hosted/", keys="article:14")
    get(edge, "/hosted/", **{"X-Forwarded-Proto": "https"})

    assert get(edge, "/hosted/", **{"X-Forwarded-Proto": "https"})[1]["X-Cache"] == "HIT"
    assert get(edge, "/hosted/", **{"X-Forwarded-Proto": "http"})[1]["X-Cache"] == "MISS"
    other_host = edge.request("GET", "/hosted/", headers={"Host": "other.test"})
    assert other_host[1]["X-Cache"] == "MISS"
