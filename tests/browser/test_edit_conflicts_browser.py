"""Two editors in two browsers on one article: the second sees who is editing, their save
is refused with what changed, nothing they typed is lost, and "Keep mine" saves it."""

from pathlib import Path

from django.test import Client

import pytest
import reversion
from playwright.sync_api import expect
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-locking")


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context.new_page()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_second_save_is_refused_with_the_changes_and_keep_mine_saves_it(
    browser, live_server, role_user
):
    ann = role_user("Editor", username="ann", first_name="Ann", last_name="Lee")
    bob = role_user("Editor", username="bob", first_name="Bob", last_name="Ray")
    with reversion.create_revision():
        article = ArticleFactory(
            title="Is Adolescence a true story?", standfirst="The drama follows one arrest."
        )
        BlockFactory(article=article, position=1, text="<p>The first paragraph.</p>")
        article.save()
    url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"
    errors = []

    ann_page = signed_in(browser, live_server, ann)
    ann_page.on("pageerror", lambda error: errors.append(str(error)))
    ann_page.goto(url)
    bob_page = signed_in(browser, live_server, bob)
    bob_page.on("pageerror", lambda error: errors.append(str(error)))
    bob_page.goto(url)
    # Bob's heartbeat runs on opening: Ann already holds the article.
    expect(bob_page.locator("#mq-presence")).to_contain_text("Ann Lee is editing this article")
    expect(bob_page.locator(".mq-presence__take-over")).to_be_visible()
    shot(bob_page, "1-bob-sees-ann-editing.png")

    ann_page.locator("#id_standfirst").fill("Ann's standfirst: one arrest, hour by hour.")
    ann_page.click("input[name=_continue]")
    expect(ann_page.locator(".messagelist")).to_contain_text("changed successfully")

    bob_page.locator("#id_title").fill("Bob's title: is Adolescence real?")
    bob_page.locator("#id_seo_title").fill("Bob's search title")
    bob_page.click("input[name=_continue]")
    conflict = bob_page.locator("#mq-conflict")
    expect(conflict).to_contain_text("Ann Lee saved this article")
    expect(conflict).to_contain_text("Standfirst")
    expect(conflict).to_contain_text("Ann's standfirst: one arrest, hour by hour.")
    # Nothing Bob typed is lost.
    expect(bob_page.locator("#id_title")).to_have_value("Bob's title: is Adolescence real?")
    expect(bob_page.locator("#id_seo_title")).to_have_value("Bob's search title")
    shot(bob_page, "2-bob-refused.png")
    assert Article.objects.get(pk=article.pk).title == "Is Adolescence a true story?"

    bob_page.get_by_role("button", name="Keep mine as a new revision").click()
    expect(bob_page.locator(".messagelist")).to_contain_text("changed successfully")
    shot(bob_page, "3-bob-kept-his.png")
    article.refresh_from_db()
    assert article.title == "Bob's title: is Adolescence real?"
    authors = [v.revision.user.username for v in Version.objects.get_for_object(article)[:2]]
    assert authors == ["bob", "ann"]

    # Bob opens the article again: Ann's article list says so beside its title.
    bob_page.goto(url)
    expect(bob_page.locator("#mq-presence")).to_contain_text("Ann Lee is editing this article")
    ann_page.goto(f"{live_server.url}/admin/articles/article/")
    expect(ann_page.locator("#result_list .mq-editing")).to_have_text("Bob Ray is editing")
    shot(ann_page, "4-list-shows-bob-editing.png")

    ann_page.goto(f"{url[: -len('change/')]}history/")
    shot(ann_page, "5-history-keeps-both.png")
    assert errors == []
