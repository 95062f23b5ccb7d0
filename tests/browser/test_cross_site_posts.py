"""In a real browser: a form on another site posting a comment lands on the refusal page, and a
reader posts from the article page itself, with JavaScript and without it."""

import pytest
from playwright.sync_api import expect

from discussion.models import Comment
from tests.factories import ArticleFactory

WORDS = "Cheap pills at evil.example, trust me"
EVIL_PAGE = "http://evil.test/lure.html"


@pytest.fixture
def article(discussion_settings):
    return ArticleFactory(
        published=True, title="Is Run Away a true story?", slug="is-run-away-a-true-story"
    )


def lure(comment_url):
    """Another site's page with a form aimed at our comment endpoint, as an attacker writes it."""
    return f"""<!doctype html><title>Win a prize</title>
<form method="post" action="{comment_url}">
  <input type="hidden" name="body" value="{WORDS}">
  <input type="hidden" name="name" value="Forged Name">
  <input type="hidden" name="email" value="forged-address@evil.example">
  <input type="hidden" name="notify_all" value="on">
  <button>Claim your prize</button>
</form>"""


def test_a_form_on_another_site_lands_on_the_refusal_and_prefills_nothing(
    new_context, live_server, article, screenshot_dir
):
    context = new_context()
    comment_url = f"{live_server.url}/discussion/{article.pk}/comment/"
    context.route(
        EVIL_PAGE,
        lambda route: route.fulfill(status=200, content_type="text/html", body=lure(comment_url)),
    )
    page = context.new_page()
    page.goto(EVIL_PAGE)

    with page.expect_navigation():
        page.get_by_role("button", name="Claim your prize").click()

    expect(page.locator("h1")).to_have_text("Sent from another website")
    html = page.content()
    assert WORDS not in html
    assert "Forged Name" not in html
    assert page.locator("form textarea").count() == 0
    page.screenshot(path=screenshot_dir / "cross-site-post-refused.png", full_page=True)
    assert not Comment.objects.filter(body=WORDS).exists()
    context.close()


def test_a_reader_with_javascript_posts_from_the_article_page(page, live_server, article):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    form = page.locator("#comment-form")

    form.get_by_label("Your comment", exact=True).fill("Posted by the page's own script.")
    form.get_by_label("Name").fill("Gwen")
    form.get_by_label("Email").fill("gwen@example.com")
    form.get_by_role("button", name="Post comment").click()

    expect(form.locator(".form-status")).to_contain_text("awaiting moderation")
    assert Comment.objects.filter(body="Posted by the page's own script.").exists()
    assert errors == []


def test_a_reader_without_javascript_posts_from_the_article_page(new_context, live_server, article):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    form = page.locator("#comment-form")

    form.get_by_label("Your comment", exact=True).fill("Posted without a script.")
    form.get_by_label("Name").fill("Gwen")
    form.get_by_label("Email").fill("gwen@example.com")
    form.get_by_role("button", name="Post comment").click()

    # The cached page carries no token: the post lands on the page with one, words kept.
    expect(page.locator("h1")).to_have_text("Post your comment")
    expect(page.get_by_label("Your comment", exact=True)).to_have_value("Posted without a script.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("body")).to_contain_text("awaiting moderation")
    assert Comment.objects.filter(body="Posted without a script.").exists()
    context.close()
