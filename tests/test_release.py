"""A release never serves old markup: stored pages are keyed by the code that rendered them."""

import pytest

from tests.app_servers import demo_site, fetch, gunicorn
from tests.private_servers import private_redis_server

pytestmark = pytest.mark.servers

ARTICLE = "/is-run-away-a-true-story/"
BROWSER = {"Accept-Encoding": "gzip, br"}


def test_a_changed_block_template_shows_on_the_first_request_after_a_restart(tmp_path):
    with private_redis_server() as (_redis, port):
        redis_url = f"redis://127.0.0.1:{port}/0"
        with demo_site(tmp_path, REDIS_URL=redis_url) as site:
            with gunicorn(site) as base:
                fetch(base + ARTICLE)
                status, headers, body = fetch(base + ARTICLE)
                assert (status, headers["X-Page-Cache"]) == (200, "hit")
                assert b"data-release" not in body

            # The deploy: a block template changes, the app servers restart, Redis stays.
            template = site.path("templates/blocks/rich_text.html")
            template.write_text(
                template.read_text().replace(
                    '<div class="block', '<div data-release="2" class="block', 1
                )
            )
            with gunicorn(site) as base:
                status, headers, body = fetch(base + ARTICLE)

    assert status == 200
    assert headers["X-Page-Cache"] == "miss"
    assert b'data-release="2"' in body
