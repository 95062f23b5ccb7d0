"""A reader signs in with an emailed code, comments, follows Run Away, gets the new-explainer
mail when an editor publishes (none for an edit), unsubscribes from the mail, downloads their
data and deletes their account; with screenshots of sign-in, profile and where-to-watch."""

import datetime
import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model

import pytest
from playwright.sync_api import expect

from articles import services as articles
from discussion.models import Comment
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import ArticleFactory, AvailabilityFactory, BlockFactory, ProductionFactory
from tests.reader_accounts import code_from

pytestmark = pytest.mark.browser
SHOTS = SHOTS_ROOT / "reader-accounts"


@pytest.fixture
def run_away(discussion_settings):
    production = ProductionFactory(title="Run Away", slug="run-away")
    AvailabilityFactory(
        production=production, platform="Netflix", available_from=datetime.date(2026, 1, 1)
    )
    return production


@pytest.fixture
def explainer(run_away):
    article = ArticleFactory(
        published=True, title="Is Run Away a true story?", slug="is-run-away-a-true-story"
    )
    BlockFactory(article=article, position=0, text="<p>The series opens in a park.</p>")
    article.productions.add(run_away)
    return article


def shoot(page, name, screenshot_dir):
    for folder in (SHOTS, screenshot_dir):
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=folder / name, full_page=True)


def test_reader_signs_in_comments_follows_and_leaves(
    page, live_server, explainer, run_away, editor, mailoutbox, screenshot_dir
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = live_server.url

    # Sign in with the code from the mail.
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Email").fill("ann@example.com")
    shoot(page, "sign-in.png", screenshot_dir)
    page.get_by_role("button", name="Mail me a code").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code").fill(code_from(mailoutbox[-1]))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    page.get_by_label("Name on your comments").fill("Ann Reader")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message")).to_contain_text("saved")

    # Comment: signed in, the form asks for no name or email.
    page.goto(f"{url}{explainer.get_absolute_url()}")
    expect(page.locator(".watch-now")).to_contain_text("Streaming on Netflix since 1 January 2026")
    form = page.locator("#comment-form")
    expect(form.locator("[data-commenting-as]")).to_contain_text("Ann Reader")
    expect(form.get_by_label("Email")).to_be_hidden()
    shoot(page, "article-where-to-watch.png", screenshot_dir)
    body = form.get_by_label("Your comment", exact=True)
    body.fill("I read the novel first; the show changes the ending.")
    form.get_by_role("button", name="Post comment").click()
    expect(form.locator(".form-status")).to_contain_text("awaiting moderation")
    comment = Comment.objects.get(body__startswith="I read the novel first")
    assert comment.user.email == "ann@example.com"

    # Follow Run Away (the cached page's form lands on the follow page, one more click).
    page.goto(f"{url}{run_away.get_absolute_url()}")
    shoot(page, "production-follow.png", screenshot_dir)
    page.get_by_role("button", name="Follow Run Away").click()
    page.get_by_role("button", name="Follow").click()
    expect(page.locator(".message")).to_contain_text("You follow Run Away")

    # An editor publishes a piece covering it: one mail; an edit sends none.
    piece = ArticleFactory(with_hero=True, title="Run Away ending explained")
    BlockFactory(article=piece)
    piece.productions.add(run_away)
    sent_before = len(mailoutbox)
    articles.article_publish(article=piece, user=editor)
    new = mailoutbox[sent_before:]
    assert [message.subject for message in new] == ["New on Marquee: Run Away ending explained"]
    articles.article_record_edit(article=piece, previous_slug=piece.slug, user=editor)
    assert len(mailoutbox) == sent_before + 1

    # Unsubscribe from the link in the mail.
    link = re.search(r"http\S+/follow/unsubscribe/\S+/", new[0].body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", url))
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="Unsubscribed")).to_be_visible()

    # The profile, the data download, and deletion.
    page.goto(f"{url}/accounts/profile/")
    expect(page.locator("main")).to_contain_text("Run Away")
    expect(page.locator("main")).to_contain_text("I read the novel first")
    shoot(page, "profile.png", screenshot_dir)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download everything")).click()
    data = json.loads(Path(download.value.path()).read_text())
    assert data["account"]["display_name"] == "Ann Reader"
    assert data["follows"][0]["name"] == "Run Away"
    assert data["comments"][0]["body"].startswith("I read the novel first")
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("I want my account deleted").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page).to_have_url(f"{url}/")
    assert not get_user_model().objects.filter(email="ann@example.com").exists()
    comment.refresh_from_db()
    assert comment.user is None and comment.guest_name == "[deleted reader]"
    assert errors == []
