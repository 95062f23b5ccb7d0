"""Under the site's Content-Security-Policy the pages and both admin editors still work."""

import io

from django.core.management import call_command

import pytest
from playwright.sync_api import expect

from articles.demo import TRUE_STORY_SLUG
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    HeadingBlockFactory,
    ProductionFactory,
    UserFactory,
)

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


@pytest.fixture
def superuser_page(page, live_server, db, csp_violations):
    """The browser signed in as a superuser through the admin's own sign-in form (watched for
    CSP violations from the first page on)."""
    UserFactory(
        username="root", password="a-long-enough-password", is_staff=True, is_superuser=True
    )
    response = page.goto(f"{live_server.url}/admin/login/")
    assert strict(response)
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    return page


@pytest.fixture
def page_errors(page):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def strict(response):
    """Whether a response carries the readers' policy: scripts and styles from the site only."""
    directives = dict(
        part.strip().partition(" ")[::2]
        for part in response.headers["content-security-policy"].split(";")
    )
    return directives["script-src"] == "'self'" and directives["style-src"] == "'self'"


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_admin_away_from_the_editor_works_under_the_strict_policy(
    settings, editor, csp_violations, page_errors, superuser_page, live_server
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    page = superuser_page
    production = ProductionFactory(title="Run Away", slug="run-away")
    ProductionFactory(title="Fool Me Once", slug="fool-me-once")
    ArticleFactory(title="A draft in the works")
    ArticleFactory(title="A live explainer", published=True)
    admin = f"{live_server.url}/admin"

    def visit(path):
        response = page.goto(admin + path)
        assert response.ok, path
        assert strict(response), path
        return response

    visit("/")
    expect(page.locator("#content")).to_be_visible()
    # A changelist filter.
    visit("/articles/article/")
    page.locator("#changelist-filter").get_by_role("link", name="Draft", exact=True).click()
    expect(page.locator("#result_list")).to_contain_text("A draft in the works")
    expect(page.locator("#result_list")).not_to_contain_text("A live explainer")
    # The slug typed from the title, an autocomplete, the date widget, a collapsed fieldset.
    visit("/productions/production/add/")
    page.locator("#id_title").press_sequentially("The Stranger")
    expect(page.locator("#id_slug")).to_have_value("the-stranger")
    visit(f"/productions/production/{production.pk}/change/")
    page.locator("#id_based_on + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("Fool")
    page.locator(".select2-results__option", has_text="Fool Me Once").click()
    page.locator("#id_release_date + .datetimeshortcuts a", has_text="Today").click()
    expect(page.locator("#id_release_date")).not_to_have_value("")
    page.locator("#id_release_date + .datetimeshortcuts .date-icon").click()
    calendar = page.locator(".calendarbox:visible")
    calendar.get_by_role("link", name="15", exact=True).click()
    expect(calendar).to_be_hidden()
    page.locator("summary", has_text="Stamps").click()
    expect(page.locator("label[for=id_created_at], .field-created_at").first).to_be_visible()
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    production.refresh_from_db()
    assert (production.based_on.title, production.release_date.day) == ("Fool Me Once", 15)
    for path in (
        f"/productions/production/{production.pk}/history/",
        f"/productions/production/{production.pk}/delete/",
        "/articles/article/schedule/",
        "/articles/article/freshness/",
        "/password_change/",
        "/auth/user/",
    ):
        visit(path)
    # A user's page: the two-box permission chooser is built by script.
    page.locator("#result_list a", has_text="root").click()
    expect(page.locator("#id_user_permissions_from")).to_be_visible()

    assert csp_violations == []
    assert page_errors == []


@pytest.mark.parametrize("editor", ["ckeditor", "prose"])
def test_the_editor_page_works_under_its_own_policy(
    settings, editor, csp_violations, page_errors, superuser_page, live_server
):
    settings.MARQUEE_RICH_TEXT_EDITOR = editor
    page = superuser_page
    article = ArticleFactory(title="Who killed Joe?")
    first = HeadingBlockFactory(article=article, position=1, heading="The night")
    second = HeadingBlockFactory(article=article, position=2, heading="The twist")
    BlockFactory(article=article, position=3, text="<p>What the police found.</p>")
    ProductionFactory(title="Fool Me Once", slug="fool-me-once")

    response = page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    assert not strict(response)
    # The sortable inline: drag the second block above the first.
    page.locator("#blocks-1 > h3").drag_to(page.locator("#blocks-0 > h3"))
    expect(page.locator("#id_blocks-1-position")).to_have_value("1")
    # An autocomplete.
    page.locator("#id_productions + .select2 .select2-search__field").press_sequentially("Fool")
    page.locator(".select2-results__option", has_text="Fool Me Once").click()
    # The date and time widget.
    page.locator("#id_publish_at_0 + .datetimeshortcuts a", has_text="Today").click()
    page.locator("#id_publish_at_1 + .datetimeshortcuts a", has_text="Now").click()
    expect(page.locator("#id_publish_at_0")).not_to_have_value("")
    page.click("input[name=_continue]")

    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert [block.pk for block in article.blocks.all()][:2] == [second.pk, first.pk]
    assert [production.title for production in article.productions.all()] == ["Fool Me Once"]
    article.refresh_from_db()
    assert article.publish_at is not None
    assert csp_violations == []
    assert page_errors == []
