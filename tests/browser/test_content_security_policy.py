"""Under the site's Content-Security-Policy the pages and both admin editors still work."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from articles.demo import TRUE_STORY_SLUG
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def csp_violations(page):
    """Every CSP report the browser makes: console lines and `securitypolicyviolation` events."""
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (event) => {
            window.reportCspViolation(
                `${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:`
                + `${event.lineNumber} ${event.sample}`);
        }, true);"""
    )
    return violations


@pytest.fixture
def staff_page(page, live_server, db):
    UserFactory(
        username="chief", password="a-long-enough-password", is_staff=True, is_superuser=True
    )
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Add article")
    return page


def add_rich_text_block(page):
    page.locator("#blocks-group .add-row a").click()
    page.select_option("#id_blocks-0-kind", "rich_text")


def test_the_article_page_runs_under_the_policy(page, live_server, csp_violations):
    call_command("load_demo", stdout=io.StringIO())

    response = page.goto(f"{live_server.url}/{TRUE_STORY_SLUG}/")
    page.wait_for_load_state("networkidle")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert csp_violations == []


def test_ckeditor_types_under_the_admin_policy(settings, staff_page, csp_violations):
    settings.MARQUEE_RICH_TEXT_EDITOR = "ckeditor"
    staff_page.reload()
    add_rich_text_block(staff_page)

    body = staff_page.frame_locator("#cke_id_blocks-0-text iframe").locator("body")
    body.click()
    staff_page.keyboard.type("Typed under the policy")
    staff_page.locator("#cke_id_blocks-0-text .cke_button__bold").click()
    staff_page.keyboard.type(" bold")

    expect(body).to_contain_text("Typed under the policy")
    expect(body.locator("strong")).to_have_text("bold")
    assert csp_violations == []


def test_prose_editor_types_under_the_admin_policy(settings, staff_page, csp_violations):
    settings.MARQUEE_RICH_TEXT_EDITOR = "prose"
    staff_page.reload()
    add_rich_text_block(staff_page)

    editor = staff_page.locator("#blocks-0 .ProseMirror[contenteditable=true]")
    editor.click()
    staff_page.keyboard.type("Typed under the policy")
    staff_page.keyboard.press("Control+b")
    staff_page.keyboard.type(" bold")

    expect(editor).to_contain_text("Typed under the policy")
    expect(editor.locator("strong")).to_have_text("bold")
    assert csp_violations == []
