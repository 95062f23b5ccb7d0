"""A reader says "I've watched up to episode 4", without JavaScript and with it, and sees the
later spoilers folded with their episode named."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, ArticleBlock
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CommentFactory,
    ProductionFactory,
    season_with_episodes,
)

pytestmark = pytest.mark.browser

SHOTS = SHOTS_ROOT / "spoiler-gating"


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def ending(transactional_db):
    series = ProductionFactory(title="Run Away", slug="run-away")
    episodes = season_with_episodes(series)
    article = ArticleFactory(
        published=True,
        kind=Article.Kind.ENDING_EXPLAINED,
        slug="run-away-ending-explained",
        title="Run Away ending explained",
    )
    article.productions.set([series])
    article.episodes.set(episodes)
    BlockFactory(article=article, position=0, text="<p>The finale ties every thread.</p>")
    BlockFactory(
        article=article,
        position=1,
        kind=ArticleBlock.Kind.SPOILER,
        heading="Who was behind it",
        text="<p>The killer is revealed in the fifth episode.</p>",
        spoils_up_to=episodes[4],
    )
    BlockFactory(
        article=article,
        position=2,
        kind=ArticleBlock.Kind.SPOILER,
        heading="The first clue",
        text="<p>The photograph in episode three matters.</p>",
        spoils_up_to=episodes[2],
    )
    CommentFactory(
        article=article, guest_name="Ada", body="Episode 6 broke me.", spoils_up_to=episodes[5]
    )
    article.comment_count = 1
    article.save(update_fields=["comment_count"])
    return article


def gate(page, text):
    return page.locator("details[data-spoiler-gate]", has_text=text).first


def test_reader_sets_their_episode_without_javascript(new_context, live_server, ending, shots):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{ending.get_absolute_url()}")
    killer = gate(page, "Who was behind it")
    expect(killer.locator("summary")).to_contain_text("Spoils up to episode 5. Show anyway")
    expect(killer).not_to_have_attribute("open", "")

    page.get_by_label("How far have you watched").select_option(label="Up to S1E4")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url("**/run-away-ending-explained/#spoiler-guard")
    killer = gate(page, "Who was behind it")
    expect(killer.locator("summary")).to_contain_text(
        "Spoils up to episode 5 — you've watched up to episode 4. Show anyway"
    )
    expect(killer).not_to_have_attribute("open", "")
    clue = gate(page, "The first clue")
    expect(clue).to_have_attribute("open", "")
    expect(clue).to_contain_text("The photograph in episode three matters.")
    comment = gate(page, "Episode 6 broke me.")
    expect(comment.locator("summary")).to_contain_text("Spoils up to episode 6 — you've watched")
    page.screenshot(path=shots / "article-no-js-watched-up-to-4.png", full_page=True)

    # "Show anyway" still opens a folded one: it is a plain <details>.
    killer.locator("summary").click()
    expect(killer).to_contain_text("The killer is revealed in the fifth episode.")
    context.close()


def test_reader_sets_their_episode_with_javascript_and_folds_update_in_place(
    page, live_server, ending, shots
):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}{ending.get_absolute_url()}")
    page.evaluate("window.stayedOnPage = true")
    page.screenshot(path=shots / "article-before-choosing.png", full_page=True)

    page.get_by_label("How far have you watched").select_option(label="Up to S1E4")
    page.get_by_role("button", name="Save").click()

    killer = gate(page, "Who was behind it")
    expect(killer.locator("summary")).to_contain_text(
        "Spoils up to episode 5 — you've watched up to episode 4. Show anyway"
    )
    expect(gate(page, "The first clue")).to_have_attribute("open", "")
    expect(page.locator("[data-watch-status]")).to_contain_text("You've watched up to episode 4")
    assert page.evaluate("window.stayedOnPage") is True  # no reload: updated in place
    page.screenshot(path=shots / "article-js-watched-up-to-4.png", full_page=True)

    page.get_by_label("How far have you watched").select_option(label="Up to S1E6")
    page.get_by_role("button", name="Save").click()
    expect(gate(page, "Episode 6 broke me.")).to_have_attribute("open", "")
    expect(killer).to_have_attribute("open", "")

    # The cookie was set: a fresh load is folded the same way by the server.
    page.reload()
    expect(gate(page, "Who was behind it").locator("summary")).to_contain_text("you've watched it")
    assert errors == []


def test_series_and_episode_pages(page, live_server, ending, shots):
    page.goto(f"{live_server.url}/productions/run-away/")
    expect(page.locator("#episodes")).to_contain_text("S1E8")
    page.locator("#episodes").screenshot(path=shots / "series-seasons-and-episodes.png")
    page.get_by_role("link", name="Episode 5", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Episode 5")
    expect(page.locator("#explainers")).to_contain_text("Run Away ending explained")
    page.screenshot(path=shots / "episode-page.png", full_page=True)
