"""Marquee behind a real Varnish (deploy/varnish/marquee.vcl, with xkey): the edge keeps a
page until what it shows changes, and each change purges exactly the pages showing it.

One site for the module: a copy of the project with the demo, a private redis-server, two
gunicorn workers and a private varnishd in front of them. Changes are made by the services,
in a separate process (`manage.py shell`), as a moderator's or an editor's action would be.
"""

import gzip
import time

import brotli
import pytest

from tests.app_servers import demo_site, fetch, gunicorn
from tests.edge_servers import private_varnish
from tests.private_servers import free_port, private_redis_server

pytestmark = pytest.mark.servers

TRUE_STORY = "/is-run-away-a-true-story/"
CAST_GUIDE = "/run-away-cast-guide/"
BROWSER = {"Accept-Encoding": "gzip, br"}


@pytest.fixture(scope="module")
def edge(tmp_path_factory):
    """(site, varnish): the demo served by gunicorn behind Varnish, purged by the app."""
    tmp_path = tmp_path_factory.mktemp("edge")
    app_port = free_port()
    with (
        private_redis_server() as (_redis, redis_port),
        demo_site(tmp_path, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0") as site,
        private_varnish(backend_port=app_port) as varnish,
    ):
        site.environ.update(EDGE_CACHE="varnish", EDGE_VARNISH_URLS=varnish.purge_url)
        with gunicorn(site, port=app_port):
            yield site, varnish


def through(varnish, path, headers=None):
    """(status, X-Cache, headers, body as the reader reads it) of a browser's GET."""
    status, headers, body = fetch(varnish.url + path, {**BROWSER, **(headers or {})})
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}.get(
        headers.get("Content-Encoding"), bytes
    )
    return status, headers.get("X-Cache"), headers, decode(body)


def warm(varnish, *paths):
    """Each page stored at the edge (a second request is a hit)."""
    for path in paths:
        through(varnish, path)
        assert through(varnish, path)[1] == "HIT", path


def test_the_edge_keeps_an_article_until_it_changes_not_a_minute(edge):
    _site, varnish = edge
    warm(varnish, TRUE_STORY)

    _status, cache, headers, _body = through(varnish, TRUE_STORY)

    assert cache == "HIT"
    control = headers["Cache-Control"]
    s_maxage = int(control.split("s-maxage=")[1].split(",")[0])
    assert s_maxage > 60 and "max-age=60" in control
    assert "xkey" not in headers and "Surrogate-Key" not in headers
    assert headers["Content-Encoding"] == "br"


def test_a_comment_approval_purges_its_article_and_nothing_else(edge):
    site, varnish = edge
    warm(varnish, TRUE_STORY, CAST_GUIDE, "/", "/people/harlan-coben/")

    committed = float(
        site.shell(
            "import time\n"
            "from django.contrib.auth import get_user_model\n"
            "from articles.models import Article\n"
            "from discussion.models import Comment\n"
            "from discussion.services import comment_approve\n"
            "article = Article.objects.get(slug='is-run-away-a-true-story')\n"
            "moderator = get_user_model().objects.filter(is_superuser=True).first() or "
            "get_user_model().objects.create_superuser('edge-mod', 'mod@example.com', 'x')\n"
            "comment = Comment.objects.create(article=article, guest_name='Edge reader', "
            "guest_email='edge@example.com', body='Seen from behind the edge.', "
            "status=Comment.Status.PENDING)\n"
            "comment_approve(comment=comment, moderator=moderator)\n"
            "print(time.time())\n"
        ).split()[-1]
    )
    status, cache, _headers, body = through(varnish, TRUE_STORY)
    seen = time.time()

    assert (status, cache) == (200, "MISS")
    assert b"Seen from behind the edge." in body
    assert seen - committed < 1.0
    # Pages that do not show the article's discussion stay at the edge.
    for path in (CAST_GUIDE, "/", "/people/harlan-coben/"):
        assert through(varnish, path)[1] == "HIT", path


def test_an_edit_purges_the_article_and_the_lists_showing_it(edge):
    site, varnish = edge
    warm(varnish, CAST_GUIDE, "/", "/api/v1/productions/run-away/")

    site.shell(
        "from django.contrib.auth import get_user_model\n"
        "from articles.models import Article\n"
        "from articles.services import article_record_edit\n"
        "article = Article.objects.get(slug='run-away-cast-guide')\n"
        "article.title = 'Run Away cast guide, revised at the edge'\n"
        "article.save()\n"
        "user = get_user_model().objects.filter(is_superuser=True).first()\n"
        "article_record_edit(article=article, previous_slug=article.slug, user=user)\n"
    )

    status, cache, _headers, body = through(varnish, CAST_GUIDE)
    assert (status, cache) == (200, "MISS")
    assert b"revised at the edge" in body
    home = through(varnish, "/")
    assert home[1] == "MISS" and b"revised at the edge" in home[3]
    # Whether the production is public at all depends on the explainers naming it
    # (articles/visibility.py), so its API answer goes with the lists.
    assert through(varnish, "/api/v1/productions/run-away/")[1] == "MISS"


def test_unpublish_is_never_served_stale_and_publish_appears_at_once(edge):
    site, varnish = edge
    warm(varnish, "/", TRUE_STORY)

    site.shell(
        "from django.contrib.auth import get_user_model\n"
        "from articles.models import Article\n"
        "from articles.services import article_unpublish\n"
        "user = get_user_model().objects.filter(is_superuser=True).first()\n"
        "article_unpublish(article=Article.objects.get(slug='is-run-away-a-true-story'), "
        "user=user)\n"
    )

    assert through(varnish, TRUE_STORY)[0] == 404
    assert through(varnish, TRUE_STORY)[0] == 404
    home = through(varnish, "/")
    assert home[1] == "MISS" and b"Is Run Away a true story" not in home[3]

    site.shell(
        "from django.contrib.auth import get_user_model\n"
        "from articles.models import Article\n"
        "from articles.services import article_publish\n"
        "user = get_user_model().objects.filter(is_superuser=True).first()\n"
        "article_publish(article=Article.objects.get(slug='is-run-away-a-true-story'), "
        "user=user)\n"
    )

    status, cache, _headers, body = through(varnish, TRUE_STORY)
    assert (status, cache) == (200, "MISS")
    assert b"Is Run Away a true story" in through(varnish, "/")[3]


def test_personal_pages_and_the_admin_are_never_stored(edge):
    _site, varnish = edge
    warm(varnish, CAST_GUIDE)

    for _ in range(2):
        assert through(varnish, "/admin/login/")[1] == "MISS"
        signed_in = through(varnish, CAST_GUIDE, {"Cookie": "sessionid=someone"})
        assert signed_in[1] == "MISS"
        assert "private" in signed_in[2]["Cache-Control"]
    # The reader's own page did not replace the shared copy.
    assert through(varnish, CAST_GUIDE)[1] == "HIT"
