"""A moderator works the queue from the rows and from a comment's page, with and without
JavaScript, and the dashboard shows what waits."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from discussion.models import Comment
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("discussion_settings")]

SHOTS = SHOTS_ROOT / "moderation"
PASSWORD = "moderator-password"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


@pytest.fixture
def queue(moderator):
    """Three comments waiting on one explainer, newest first: Ann, Ben, Cy."""
    moderator.set_password(PASSWORD)
    moderator.save()
    article = ArticleFactory(published=True, title="Missing You ending explained")
    now = timezone.now()
    return [
        CommentFactory(
            article=article,
            pending=True,
            guest_name=name,
            body=f"{name} asks whether the ending changes the book's.",
            created_at=now - datetime.timedelta(minutes=minutes),
        )
        for name, minutes in (("Ann", 1), ("Ben", 2), ("Cy", 3))
    ]


def sign_in(page, live_server, next_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", "moderator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def row_of(page, name):
    return page.locator("#result_list tbody tr", has_text=f"{name} asks")


def test_row_buttons_update_the_row_in_place(page, live_server, queue):
    sign_in(page, live_server, "/admin/discussion/comment/?status__exact=pending")
    url = page.url
    ann = row_of(page, "Ann")
    expect(ann.locator(".field-status_badge")).to_have_text("Pending")

    ann.get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_have_text(
        "Approved the comment by Ann: readers see it."
    )
    expect(ann.locator(".field-status_badge")).to_have_text("Approved")
    expect(ann.get_by_role("button", name="Approve")).to_have_count(0)
    expect(ann.get_by_role("button", name="Spam")).to_be_focused()
    row_of(page, "Ben").get_by_role("button", name="Spam").click()
    expect(row_of(page, "Ben").locator(".field-status_badge")).to_have_text("Spam")
    shot(page, "queue-after-row-buttons.png")
    assert page.url == url
    assert [c.status for c in Comment.objects.order_by("-created_at")] == [
        Comment.Status.APPROVED,
        Comment.Status.SPAM,
        Comment.Status.PENDING,
    ]


def test_without_javascript_a_row_button_reloads_the_same_list_with_a_message(
    browser, live_server, queue
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server, "/admin/discussion/comment/?status__exact=pending")

        row_of(page, "Cy").get_by_role("button", name="Remove").click()

        expect(page.locator(".messagelist")).to_contain_text("Removed the comment by Cy")
        assert page.url.endswith("/admin/discussion/comment/?status__exact=pending")
        expect(row_of(page, "Cy")).to_have_count(0)
        expect(page.locator("#result_list tbody tr")).to_have_count(2)
    finally:
        context.close()


def test_the_dashboard_leads_to_a_comment_whose_page_leads_to_the_next(page, live_server, queue):
    sign_in(page, live_server, "/admin/")
    card = page.locator("#desk-comments")
    expect(card.locator(".mq-desk__count")).to_have_text("3")
    expect(card).to_contain_text("Missing You ending explained")
    shot(page, "dashboard.png")

    card.get_by_role("link", name="Ann").click()
    expect(page.locator(".mq-verdict-panel")).to_contain_text("Pending")
    page.locator(".mq-verdict-panel").get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_contain_text("Approved the comment by Ann")
    expect(page.locator(".messagelist")).to_contain_text("next comment waiting")
    expect(page.locator("#content")).to_contain_text("Ben asks")
    shot(page, "next-comment.png")
