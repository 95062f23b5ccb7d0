"""In a real browser, pages full of hostile text open no dialog, run no payload, break no CSP."""

import pytest
from playwright.sync_api import expect

from tests.factories import ArticleFactory, CommentFactory, PersonFactory, UserFactory
from tests.test_hostile_input import PAYLOADS, single_line

pytestmark = pytest.mark.browser

#: The shared payloads set window.__pwned; these call alert, which a dialog listener sees.
ALERTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><img src=x onerror=alert(1)>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
]
HOSTILE = PAYLOADS + ALERTS


@pytest.fixture
def watched_page(page):
    """The page plus what it would betray: dialogs opened and CSP violations reported."""
    seen = {"dialogs": [], "csp": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and seen["csp"].append(message.text)
        ),
    )
    page.add_init_script(
        """window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (event) => {
            window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
        }, true);"""
    )
    return page, seen


def assert_nothing_ran(page, seen):
    page.wait_for_load_state("networkidle")
    assert seen["dialogs"] == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("window.__cspViolations") == []
    assert seen["csp"] == []


@pytest.fixture
def hostile_site(db, settings):
    settings.DISCUSSION_MIN_FILL_SECONDS = 0
    person = PersonFactory(
        # Forms refuse NUL and PostgreSQL cannot store it, so the bio holds the rest.
        name=single_line(ALERTS[1]),
        bio="\n".join(HOSTILE).replace("\0", ""),
        slug="hostile-person",
    )
    article = ArticleFactory(
        published=True,
        slug="hostile",
        title=single_line(ALERTS[5]),
        standfirst=single_line(ALERTS[3]),
        seo_description=single_line(PAYLOADS[0])[:160],
        hero_alt=single_line(PAYLOADS[21])[:250],
    )
    article.people.add(person)
    for index, payload in enumerate(HOSTILE):
        body = payload.replace("\0", "") or "x"
        CommentFactory(article=article, guest_name=single_line(payload)[:60] or "x", body=body)
        ArticleFactory(slug=f"hostile-{index}", title=single_line(payload)[:200] or "x")
    return article, person


def test_hostile_public_pages_run_nothing(watched_page, live_server, hostile_site):
    page, seen = watched_page
    article, person = hostile_site

    for path in (article.get_absolute_url(), person.get_absolute_url()):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        assert_nothing_ran(page, seen)
        # The second visit is served from the page cache, which must be just as inert.
        page.reload()
        assert_nothing_ran(page, seen)


def test_hostile_admin_change_list_runs_nothing(watched_page, live_server, hostile_site):
    page, seen = watched_page
    UserFactory(
        username="chief", password="a-long-enough-password", is_staff=True, is_superuser=True
    )

    # Every row on one page ("Show all"), so each hostile title is on screen at once.
    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/%3Fall%3D")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Select article to change")

    assert page.locator("#result_list tbody tr").count() >= len(HOSTILE)
    assert_nothing_ran(page, seen)
