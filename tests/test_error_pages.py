"""404 and 500 pages in the site's style."""

from django.test import RequestFactory
from django.views.defaults import server_error


def test_404_page_is_styled_and_offers_search(client, db):
    response = client.get("/no-such-explainer/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "We can’t find that page" in html
    assert 'href="/static/css/site.css"' in html
    assert 'role="search"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_500_page_renders_without_context_processors_or_database():
    # No `db` fixture: any database access here would raise.
    response = server_error(RequestFactory().get("/"))
    html = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/static/css/site.css"' in html
