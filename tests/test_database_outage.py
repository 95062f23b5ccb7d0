"""When PostgreSQL is down readers get a styled 503 to retry; probes say what is down."""

import os
import subprocess
import sys
from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

import pytest

from tests.factories import ArticleFactory
from tests.test_settings import PRODUCTION, PROJECT, clean_env

REFUSED = OperationalError("connection to server at 127.0.0.1, port 1 failed: refused")


@pytest.fixture
def database_down():
    """Every connection attempt fails, as when PostgreSQL is stopped (ours keeps running)."""
    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=REFUSED),
        mock.patch.object(BaseDatabaseWrapper, "_cursor", side_effect=REFUSED),
    ):
        yield


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_an_article_page_with_the_database_down_is_a_styled_503_to_retry(
    browser, db, settings, database_down
):
    settings.DATABASE_UNAVAILABLE_RETRY_AFTER = 45

    response = browser.get("/some-explainer/")
    html = response.content.decode()

    assert response.status_code == 503
    assert response["Retry-After"] == "45"
    assert "no-store" in response["Cache-Control"]
    assert "We are back in a moment" in html
    assert 'href="/static/css/site.css"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_bug_is_still_a_500_not_a_503(browser, db):
    with mock.patch(
        "reader.views.articles.ArticleDetailView.get_object", side_effect=ValueError("bug")
    ):
        response = browser.get(ArticleFactory(published=True).get_absolute_url())

    assert response.status_code == 500


def test_healthz_answers_ok_without_the_database(browser, database_down):
    response = browser.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_is_ok_when_database_and_cache_answer(browser, db):
    response = browser.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "failed": [], "database": "ok", "cache": "ok"}


def test_readyz_names_the_database_when_it_is_down(browser, db, database_down):
    response = browser.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert response.json()["cache"] == "ok"


def test_readyz_names_the_cache_when_it_loses_what_it_was_given(browser, db):
    with mock.patch("reader.views.health.cache.get", return_value=None):
        response = browser.get("/readyz")

    assert response.status_code == 503
    assert response.json()["failed"] == ["cache"]


def test_a_real_unreachable_postgresql_gives_503_in_a_production_process(tmp_path):
    """A server process pointed at a closed port: the page says 503, /healthz still 200."""
    code = """
from django.test import Client
import django
django.setup()
client = Client(raise_request_exception=False, HTTP_HOST="marquee.example")
page = client.get("/some-explainer/", secure=True)
ready = client.get("/readyz", secure=True)
health = client.get("/healthz")
print(page.status_code, page["Retry-After"], ready.status_code, ready.json()["failed"],
      health.status_code)
"""
    env = clean_env(
        **PRODUCTION,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/x",
        DATABASE_CONNECT_TIMEOUT="2",
        STATIC_MANIFEST="false",
        LOG_LEVEL="CRITICAL",
    )
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "30", "503", "['database']", "200"]


def test_health_addresses_are_exempt_from_the_https_redirect():
    from config import settings as configured

    assert {r"^healthz$", r"^readyz$"} <= set(configured.SECURE_REDIRECT_EXEMPT)
