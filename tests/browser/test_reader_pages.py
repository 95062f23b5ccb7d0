"""The demo explainer, person, production and author pages in a real browser, phone and
desktop."""

import io

from django.core.management import call_command

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.demo import TRUE_STORY_SLUG
from people.models import Quote

WIDTHS = {390: 844, 1280: 900}
PAGES = {
    "article": f"/{TRUE_STORY_SLUG}/",
    "person": "/people/harlan-coben/",
    "production": "/productions/run-away/",
    "author": "/authors/wes-okafor/",
    "guest-author": "/authors/juno-tallis/",
    "authors": "/authors/",
    "schedule": "/schedule/",
}


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def console_errors(page):
    """Everything the page logs as an error or throws, collected while the test runs."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_demo_pages_render_cleanly_and_accessibly(
    page, demo, console_errors, screenshot_dir, width
):
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    quote = Quote.objects.filter(speaker__slug="harlan-coben").order_by("pk").first()
    for name, path in {**PAGES, "quote": quote.get_absolute_url()}.items():
        response = page.goto(demo + path)
        assert response.status == 200, path
        # Scroll through so lazy images load before the screenshot.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")

        assert page.locator("h1").first.is_visible()
        assert serious_violations(page) == [], path
        broken = page.evaluate(
            "[...document.images].filter(img => !img.complete || !img.naturalWidth)"
            ".map(img => img.src)"
        )
        assert broken == [], path
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{path} scrolls sideways at {width}px"
        page.screenshot(path=screenshot_dir / f"reader-{name}-{width}.png", full_page=True)
    assert console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_table_of_contents_link_moves_to_its_section(page, demo, width):
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.emulate_media(reduced_motion="reduce")
    page.goto(demo + PAGES["article"])
    link = page.locator(".toc a").nth(2)
    target = link.get_attribute("href")

    link.click()

    assert page.url.endswith(target)
    heading = page.locator(target)
    page.wait_for_function(
        "id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 40",
        arg=target[1:],
    )
    assert heading.is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_copy_link_button_copies_the_address_and_says_so(page, demo, width):
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo)
    page.goto(demo + PAGES["article"])
    button = page.locator(".share__copy").first

    button.click()

    status = page.locator("[data-copy-status]").first
    page.wait_for_function("el => el.textContent === 'Link copied'", arg=status.element_handle())
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(PAGES["article"])
    assert copied == page.locator('link[rel="canonical"]').get_attribute("href")


def test_spoiler_stays_closed_until_opened(page, demo):
    page.goto(demo + PAGES["article"])
    spoiler = page.locator("details.spoiler").first
    body = spoiler.locator(".spoiler__body")
    assert not body.is_visible()

    spoiler.locator("summary").click()

    assert body.is_visible()
