"""The whole editor's desk in one sitting, as the demo editor: write an explainer with a
picture from the library, drag its blocks into order, leave and get the autosave back,
duplicate it, schedule the copy and see it turn Published by itself (no job runs)."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import HeadingBlockFactory

SHOTS = SHOTS_ROOT / "editor-desk-flow"
AHEAD = datetime.timedelta(seconds=15)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_demo_editor_writes_reorders_recovers_duplicates_and_schedules(
    page, live_server, editorial_roles
):
    call_command("load_demo", stdout=io.StringIO())
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "marquee-editor")
    page.click("input[type=submit]")
    expect(page.locator("#newsroom-dashboard")).to_be_visible()
    shot(page, "1-dashboard.png")

    # Write: the words, and the hero picked from the library (nothing uploaded).
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "Fool Me Once ending explained")
    page.fill("#id_standfirst", "Who killed Joe, and why the last scene changes everything.")
    page.locator("#id_hero_image + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("title card")
    option = page.locator(".select2-results__option", has_text="title card").first
    expect(option).to_be_visible()
    shot(page, "2-image-picker.png")
    option.click()
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(title="Fool Me Once ending explained")
    assert article.hero_image is not None and article.hero_alt_text

    # Two passages, then the second dragged above the first.
    first = HeadingBlockFactory(article=article, position=1, heading="Who killed Joe")
    second = HeadingBlockFactory(article=article, position=2, heading="The last scene")
    change = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    page.goto(change)
    page.locator("#blocks-1 h3").drag_to(page.locator("#blocks-0 h3"))
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert [block.pk for block in article.blocks.all()] == [second.pk, first.pk]
    shot(page, "3-change-form.png")

    # Typing is autosaved apart from the article; leaving warns; coming back offers it.
    page.fill("#id_standfirst", "Who killed Joe, why, and what the final scene keeps back.")
    expect(page.locator("#mq-autosave")).to_contain_text("Autosaved at", timeout=15000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{live_server.url}/admin/articles/article/")
    assert dialogs == ["beforeunload"]
    page.goto(change)
    expect(page.locator(".mq-autosave-offer")).to_contain_text("is newer than this article")
    page.click("text=Restore")
    expect(page.locator("#id_standfirst")).to_have_value(
        "Who killed Joe, why, and what the final scene keeps back."
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")

    # Duplicate, then schedule the copy a few seconds ahead.
    page.locator(".object-tools a", has_text="Duplicate").click()
    page.click("input[value='Make a draft copy']")
    expect(page.locator(".messagelist")).to_contain_text("is a new draft copied from")
    copy = Article.objects.get(title="Fool Me Once ending explained (copy)")
    assert copy.blocks.count() == 2
    goes_live = timezone.localtime(timezone.now() + AHEAD)
    page.fill("#id_publish_at_0", goes_live.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", goes_live.strftime("%H:%M:%S"))
    page.click("button[name=_workflow][value=schedule]")
    expect(page.locator(".messagelist")).to_contain_text("is scheduled for")

    row = page.locator("#result_list tr", has_text=copy.title)
    page.goto(f"{live_server.url}/admin/articles/article/?q=copy")
    expect(row.locator(".mq-status")).to_contain_text("Scheduled for")
    page.wait_for_timeout(max(0, (goes_live - timezone.now()).total_seconds() + 1) * 1000)
    page.goto(f"{live_server.url}/admin/articles/article/?status=published&q=copy")
    expect(row.locator(".mq-status")).to_have_text("Published")
    shot(page, "4-copy-published.png")
    page.goto(f"{live_server.url}/{copy.slug}/")
    expect(page.locator("h1")).to_have_text(copy.title)
