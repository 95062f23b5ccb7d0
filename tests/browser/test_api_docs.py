"""The API's interactive docs and an oEmbed card work in a real browser under the strict policy."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SHOTS_ROOT
from tests.browser.test_content_security_policy import csp_violations  # noqa: F401

pytestmark = pytest.mark.browser

SHOTS = SHOTS_ROOT / "api-docs"


def test_the_interactive_docs_run_under_the_policy(page, live_server, csp_violations):  # noqa: F811
    call_command("load_demo", stdout=io.StringIO())

    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Marquee read API")
    page.screenshot(path=f"{SHOTS}/api-docs-top.png", full_page=False)
    operation = page.locator("#operations-articles-api_endpoints_articles_list_articles")
    operation.locator(".opblock-summary").click()
    page.locator(".try-out__btn").click()
    page.locator(".execute").click()
    expect(
        page.locator(".live-responses-table .response .response-col_status").first
    ).to_contain_text("200")
    page.screenshot(path=f"{SHOTS}/api-docs.png", full_page=False)

    assert csp_violations == []


def test_an_embedded_quote_card_reads_well_on_another_page(page, live_server):
    call_command("load_demo", stdout=io.StringIO())
    from people.models import Quote

    quote = Quote.objects.filter(speaker__isnull=False, source__isnull=False).first()
    answer = page.request.get(
        f"{live_server.url}/oembed/?url={live_server.url}{quote.get_absolute_url()}&maxwidth=480"
    ).json()

    page.set_content(f"<!doctype html><body style='padding:24px'>{answer['html']}</body>")
    expect(page.locator("blockquote.marquee-quote")).to_contain_text(quote.speaker.name)
    page.screenshot(path=f"{SHOTS}/oembed-quote.png", full_page=False)
