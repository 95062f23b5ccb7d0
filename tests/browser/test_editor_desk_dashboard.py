"""The demo editor starts on the newsroom dashboard, duplicates an explainer, schedules the
copy a few seconds ahead and sees it read Published by itself: no job runs."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from tests.browser.conftest import SHOTS_ROOT

SHOTS = SHOTS_ROOT / "editor-desk"
#: How far ahead the copy is scheduled: long enough to submit the form, short enough to wait.
AHEAD = datetime.timedelta(seconds=12)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_demo_editor_duplicates_schedules_and_sees_the_copy_go_live(
    page, live_server, editorial_roles
):
    call_command("load_demo", stdout=io.StringIO())
    original = Article.objects.published().order_by("pk").first()
    # Something for every card: a submission, a piece due for review.
    Article.objects.filter(pk=original.pk).update(review_by=timezone.localdate())

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "marquee-editor")
    page.click("input[type=submit]")

    dashboard = page.locator("#newsroom-dashboard")
    expect(dashboard).to_be_visible()
    expect(page.locator("#desk-freshness .mq-desk__count")).to_have_text("1")
    expect(page.locator("#desk-freshness")).to_contain_text(original.title)
    expect(page.locator("#desk-comments")).to_be_visible()
    shot(page, "dashboard.png")

    page.locator("#desk-freshness li a", has_text=original.title).click()
    shot(page, "change-form.png")
    page.locator(".object-tools a", has_text="Duplicate").click()
    page.click("input[value='Make a draft copy']")
    expect(page.locator(".messagelist")).to_contain_text("is a new draft copied from")
    expect(page.locator("#id_title")).to_have_value(f"{original.title} (copy)")
    expect(page.locator(".mq-form-status .mq-status--draft")).to_be_visible()
    copy = Article.objects.get(title=f"{original.title} (copy)")
    assert copy.blocks.count() == original.blocks.count()

    # Saving what the browser's editors hand back, unchanged, is not an edit.
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    latest = Version.objects.get_for_object(copy).select_related("revision").first()
    assert latest.revision.get_comment() == "Saved with no changes."

    goes_live = timezone.localtime(timezone.now() + AHEAD)
    page.fill("#id_publish_at_0", goes_live.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", goes_live.strftime("%H:%M:%S"))
    page.click("button[name=_workflow][value=schedule]")
    expect(page.locator(".messagelist")).to_contain_text("is scheduled for")
    expect(page.locator(".mq-form-status .mq-status--scheduled")).to_be_visible()

    page.goto(f"{live_server.url}/admin/articles/article/schedule/")
    expect(page.locator("#schedule-list")).to_contain_text(copy.title)
    expect(page.locator("#schedule-calendar .mq-calendar__today")).to_contain_text(copy.title)
    shot(page, "schedule.png")

    row = page.locator("#result_list tr", has_text=copy.title)
    page.goto(f"{live_server.url}/admin/articles/article/?q=copy")
    expect(row.locator(".mq-status")).to_contain_text("Scheduled for")

    # Wait for its time (plus a second), then read the list again: nothing ran in between.
    page.wait_for_timeout(max(0, (goes_live - timezone.now()).total_seconds() + 1) * 1000)
    page.goto(f"{live_server.url}/admin/articles/article/?status=published&q=copy")
    expect(row.locator(".mq-status")).to_have_text("Published")
    copy.refresh_from_db()
    assert copy.status == Article.Status.SCHEDULED  # the row was never rewritten
    shot(page, "change-list-published.png")

    page.goto(f"{live_server.url}/{copy.slug}/")
    expect(page.locator("h1")).to_have_text(copy.title)
