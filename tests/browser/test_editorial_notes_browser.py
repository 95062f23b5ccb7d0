"""An editor posts a note and a reply from the article's form while in the middle of an edit:
the notes appear at once, and nothing typed in the article is lost or saved."""

from pathlib import Path

from django.test import Client

import pytest
from playwright.sync_api import expect

from articles.models import Article, EditorialNote
from tests.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def signed_in(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    cookie = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context.new_page()


def test_posting_a_note_from_the_article_form_keeps_what_was_typed(browser, live_server, role_user):
    ann = role_user("Editor", username="ann", first_name="Ann", last_name="Lee")
    wes = role_user("Writer", username="wes", first_name="Wes", last_name="Cole")
    article = ArticleFactory(title="Is Missing You a true story?", standfirst="Old standfirst.")
    article.authors.add(wes)
    BlockFactory(article=article, position=1, text="<p>The first paragraph.</p>")
    errors = []
    page = signed_in(browser, live_server, ann)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")

    page.locator("#id_standfirst").fill("A standfirst typed but not saved yet.")
    page.locator("#mq-note-body").fill("@ann is the ending in episode 5? Line two.")
    page.get_by_role("button", name="Post note").click()

    notes = page.locator("#mq-notes")
    expect(notes.locator(".mq-notes__status")).to_contain_text("Your note is posted.")
    expect(notes.locator(".mq-note__body").first).to_contain_text("is the ending in episode 5?")
    expect(page.locator(".mq-notes-link")).to_have_text("Notes (1)")
    # Nothing of the article was posted or lost.
    expect(page.locator("#id_standfirst")).to_have_value("A standfirst typed but not saved yet.")
    assert page.url.endswith(f"/admin/articles/article/{article.pk}/change/")
    assert Article.objects.get(pk=article.pk).standfirst == "Old standfirst."

    page.locator(".mq-note__reply summary").first.click()
    page.locator(f"#reply-{EditorialNote.objects.get().pk}").fill("@wes yes, episode 5.")
    page.get_by_role("button", name="Post reply").click()
    expect(notes.locator(".mq-notes__status")).to_contain_text("Mailed: Wes Cole.")
    expect(page.locator(".mq-note--reply")).to_contain_text("yes, episode 5.")
    expect(page.locator("#id_standfirst")).to_have_value("A standfirst typed but not saved yet.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#mq-notes").screenshot(path=SHOTS / "notes-panel.png")

    # Deleting asks first; dismissing keeps the reply, accepting removes it.
    delete_reply = page.get_by_role("button", name="Delete this reply")
    page.once("dialog", lambda dialog: dialog.dismiss())
    delete_reply.click()
    expect(page.locator(".mq-note--reply")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    delete_reply.click()
    expect(notes.locator(".mq-notes__status")).to_contain_text("The note is deleted.")
    expect(page.locator(".mq-note--reply")).to_have_count(0)
    page.locator("#mq-note-body").fill("@wes over to you.")
    page.get_by_role("button", name="Post note").click()
    expect(notes.locator(".mq-notes__status")).to_contain_text("Mailed: Wes Cole.")

    # The article's own Save still works, and saves what was typed.
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert Article.objects.get(pk=article.pk).standfirst == "A standfirst typed but not saved yet."
    assert EditorialNote.objects.count() == 2
    assert errors == []
