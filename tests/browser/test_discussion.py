"""A guest takes part in the discussion with JavaScript on; a moderator approves from the queue."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from discussion.models import Comment
from tests.factories import ArticleFactory, BlockFactory, CommentFactory, QuoteBlockFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def article(discussion_settings):
    article = ArticleFactory(
        published=True, title="Is Run Away a true story?", slug="is-run-away-a-true-story"
    )
    BlockFactory(article=article, position=0, text="<p>The series opens in a park.</p>")
    QuoteBlockFactory(
        article=article, position=1, quote__text="It started with losing sight of my son."
    )
    earlier = timezone.now() - datetime.timedelta(hours=2)
    CommentFactory(article=article, guest_name="Olga", body="Oldest remark.", created_at=earlier)
    CommentFactory(
        article=article,
        guest_name="Priya",
        body="The park scene felt real to me.",
        created_at=earlier + datetime.timedelta(hours=1),
    )
    article.comment_count = 2
    article.save(update_fields=["comment_count"])
    return article


def test_guest_discusses_and_moderator_approves(
    page, new_context, live_server, article, moderator, screenshot_dir
):
    moderator.set_password(PASSWORD)
    moderator.save()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    discussion = page.locator("#discussion")
    priya = page.locator("li[id^=comment-]", has_text="The park scene felt real to me.").first

    # Comment.
    form = page.locator("#comment-form")
    body = form.get_by_label("Your comment", exact=True)
    body.fill("Coben has said the idea came from a real moment.")
    form.get_by_label("Name").fill("Guest <Gwen>")
    form.get_by_label("Email").fill("gwen@example.com")
    form.get_by_role("button", name="Post comment").click()
    expect(form.locator(".form-status")).to_contain_text("awaiting moderation")
    expect(discussion.locator("li[id^=comment-]", has_text="Coben has said")).to_contain_text(
        "Awaiting moderation"
    )

    # Reply.
    priya.get_by_role("link", name="Reply").click()
    expect(priya.locator("#comment-form [data-replying-name]")).to_have_text("Priya")
    priya.get_by_label("Your comment", exact=True).fill("Same here, it felt like a documentary.")
    priya.get_by_label("Name").fill("Guest <Gwen>")
    priya.get_by_label("Email").fill("gwen@example.com")
    priya.get_by_role("button", name="Post comment").click()
    expect(priya.locator(".comment-replies")).to_contain_text("felt like a documentary")

    # Vote.
    priya.locator(":scope > article").get_by_role("button", name="Vote up").click()
    expect(priya.locator(":scope > article [data-score]")).to_have_text("1")
    expect(priya.locator(":scope > article .vote-up")).to_have_attribute("aria-pressed", "true")

    # Rate.
    discussion.get_by_role("button", name="4 of 5: Very good").click()
    expect(discussion.locator("[data-rating-summary]")).to_have_text("4.0 · 1 vote")
    expect(discussion.locator("[data-rating-yours]")).to_have_text("You rated it 4 out of 5.")
    discussion.screenshot(path=screenshot_dir / "discussion-guest-commented-voted-rated.png")

    # Sort by most voted (a plain link: the choice is kept in the URL).
    discussion.get_by_role("link", name="Most voted").click()
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}?sort=votes#comments")
    first = page.locator("[data-thread] > li[id^=comment-]").first
    expect(first).to_contain_text("The park scene felt real to me.")
    expect(page.locator(".comment-sort .is-current")).to_have_text("Most voted")
    # The reader's own vote and rating are still shown after the reload.
    expect(first.locator(":scope > article .vote-up")).to_have_attribute("aria-pressed", "true")

    # Inline feedback on the quote.
    quote_feedback = page.locator("details.block-feedback").nth(1)
    quote_feedback.locator("summary").click()
    quote_feedback.get_by_label("Your comment on this passage").fill("This line gave me chills.")
    quote_feedback.get_by_label("Name").fill("Guest <Gwen>")
    quote_feedback.get_by_label("Email").fill("gwen@example.com")
    quote_feedback.get_by_role("button", name="Post feedback").click()
    expect(quote_feedback.locator(".form-status")).to_contain_text("awaiting moderation")
    quote_feedback.screenshot(path=screenshot_dir / "discussion-inline-feedback.png")
    assert errors == []
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 3

    # The moderator signs in through the admin login form and approves from the queue.
    moderator_page = new_context().new_page()
    moderator_page.goto(f"{live_server.url}/admin/login/?next=/admin/discussion/comment/")
    moderator_page.get_by_label("Username").fill("moderator")
    moderator_page.get_by_label("Password").fill(PASSWORD)
    moderator_page.get_by_role("button", name="Log in").click()
    rows = moderator_page.locator("#result_list tbody tr")
    expect(rows.nth(0)).to_contain_text("Pending")
    expect(rows.nth(3)).to_contain_text("Approved")
    moderator_page.screenshot(
        path=screenshot_dir / "discussion-moderation-queue.png", full_page=True
    )
    for index in range(3):
        rows.nth(index).locator("input.action-select").check()
    moderator_page.locator("select[name=action]").select_option("approve")
    moderator_page.get_by_role("button", name="Go").click()
    expect(moderator_page.locator(".messagelist")).to_contain_text("3 comment(s) approved.")
    moderator_page.screenshot(path=screenshot_dir / "discussion-moderation-approved.png")

    # Everyone now sees the guest's comments, and the quote shows its feedback count.
    reader_page = new_context().new_page()
    reader_page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(reader_page.locator("#discussion")).to_contain_text("Coben has said")
    expect(reader_page.locator("#discussion")).to_contain_text("Guest <Gwen>")
    expect(reader_page.locator("[data-comment-count]")).to_have_text("5")
    expect(reader_page.locator("details.block-feedback").nth(1)).to_contain_text("1")
    reader_page.locator("#discussion").screenshot(
        path=screenshot_dir / "discussion-after-approval.png"
    )


def test_load_more_and_passage_comments_arrive_without_a_reload(
    page, live_server, discussion_settings, screenshot_dir
):
    article = ArticleFactory(published=True, slug="fool-me-once-ending-explained")
    quote = QuoteBlockFactory(article=article, quote__text="Nothing is what it seems.")
    start = timezone.now() - datetime.timedelta(days=1)
    Comment.objects.bulk_create(
        Comment(
            article=article,
            guest_name=f"Reader {n}",
            guest_email=f"reader{n}@example.com",
            body=f"Remark number {n:02}",
            status=Comment.Status.APPROVED,
            anchor_block=quote if n in (3, 24) else None,
            created_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(25)
    )
    quote.feedback_count = 2
    quote.save(update_fields=["feedback_count"])
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    thread = page.locator("[data-thread] > li[id^=comment-]")
    expect(thread).to_have_count(20)

    page.get_by_role("link", name="Load more comments").click()

    expect(thread).to_have_count(25)
    expect(thread.last).to_contain_text("Remark number 24")
    expect(page.get_by_role("link", name="Load more comments")).to_have_count(0)
    assert page.url == f"{live_server.url}{article.get_absolute_url()}"

    feedback = page.locator("details.block-feedback").first
    expect(feedback.locator("summary")).to_contain_text("2")
    feedback.locator("summary").click()
    passage_comments = feedback.locator("[data-block-thread] li[data-comment]")
    expect(passage_comments).to_have_count(2)
    expect(passage_comments.first).to_contain_text("Remark number 03")
    feedback.screenshot(path=screenshot_dir / "discussion-passage-comments.png")


def test_passage_feedback_moves_the_one_comment_form_under_the_passage(
    page, live_server, article, screenshot_dir
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    quote = article.blocks.get(position=1)
    # One comment form on the page, whatever the number of passages and comments.
    expect(page.locator("form[data-comment-form]")).to_have_count(1)
    page.screenshot(path="/tmp/article-page.png", full_page=True)

    feedback = page.locator(f"#block-{quote.uid} details.block-feedback")
    feedback.locator("summary").click()
    form = feedback.locator("#comment-form")
    expect(form.locator("[name=anchor]")).to_have_value(str(quote.uid))
    form.get_by_label("Your comment on this passage").fill("The quote that opens it all.")
    form.get_by_label("Name").fill("Noor")
    form.get_by_label("Email").fill("noor@example.com")
    form.get_by_role("button", name="Post feedback").click()

    expect(form.locator(".form-status")).to_contain_text("awaiting moderation")
    feedback.screenshot(path=screenshot_dir / "discussion-feedback-moved-form.png")
    page.screenshot(path="/tmp/article-page-feedback.png", full_page=True)
    posted = Comment.objects.get(body="The quote that opens it all.")
    assert posted.anchor_block == quote
    # Closing the panel sends the form back under the thread, an ordinary comment again.
    feedback.locator("summary").click()
    expect(page.locator("#discussion #comment-form [data-post-label]")).to_have_text("Post comment")
    expect(page.locator("#comment-form [name=anchor]")).to_have_value("")
    assert errors == []
