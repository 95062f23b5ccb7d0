"""404, 400 and 500 pages in the site's style."""

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


def test_an_address_that_cannot_be_read_gets_the_styled_400_page_without_a_database(client):
    # No `db` fixture: the page is answered before anything could ask the database.
    response = client.get("/tags/%3Cb%3Ebold%3C%2Fb%3E%00/")
    html = response.content.decode()

    assert response.status_code == 400
    assert "That address cannot be read" in html
    assert 'href="/static/css/site.css"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "bold" not in html
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_api_client_asking_for_json_gets_its_400_as_json(client):
    response = client.get("/api/v1/articles/?tag=%FF", headers={"Accept": "application/json"})

    assert response.status_code == 400
    assert response.json() == {"detail": "This address is not valid UTF-8."}
