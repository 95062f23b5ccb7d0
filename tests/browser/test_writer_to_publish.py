"""A writer's "ending explained" for a series the catalogue lacks, from empty to published:
the writer finds no production (nor an episode for the spoiler), is told who adds them, asks
for the series from the picker and submits the piece; an editor sees both on the dashboard,
adds the series from the request, marks the request added (the writer is mailed), attaches it
and publishes."""

import io

from django.core.management import call_command

from playwright.sync_api import expect

from articles.models import Article, CatalogueRequest
from outbox.models import MailDelivery
from productions.models import Production
from tests.browser.conftest import SHOTS_ROOT

SHOTS = SHOTS_ROOT / "writer-to-publish"
TITLE = "Just One Look ending explained"
SERIES = "Just One Look"


def shot(page, name, full_page=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=full_page)


def sign_in(page, base, username, password):
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page.locator("#newsroom-dashboard")).to_be_visible()


def choose(page, select_id, search, option_text):
    """Pick an option in a Django admin autocomplete (select2) field."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option_text).first.click()


def add_block(page, index, kind):
    page.locator("#blocks-group .add-row a").click()
    expect(page.locator(f"#id_blocks-{index}-position")).to_have_value(str(index + 1))
    page.select_option(f"#id_blocks-{index}-kind", kind)


def test_writer_asks_for_a_missing_series_and_an_editor_adds_it_and_publishes(
    page, browser, live_server, editorial_roles
):
    call_command("load_demo", stdout=io.StringIO())
    base = live_server.url
    # Leaving a form with typing in it asks first (autosave): go on.
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- The writer starts an "ending explained" for a series that is not in the catalogue.
    sign_in(page, base, "writer", "marquee-writer")
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.fill("#id_standfirst", "Who took Kat's fiancé, and what the last episode gives back.")
    page.select_option("#id_kind", "ending_explained")
    add_block(page, 0, "heading")
    page.fill("#id_blocks-0-heading", "What happens at the end")
    add_block(page, 1, "spoiler")
    page.fill("#id_blocks-1-heading", "Who took Kat's fiancé")
    page.frame_locator("#cke_id_blocks-1-text iframe").locator("body").click()
    page.keyboard.type("It was never a stranger.")
    # "Spoils up to" cannot find the new series' episodes either, and says who adds them.
    expect(page.locator("#blocks-1 .field-spoils_up_to .mq-picker-guide")).to_contain_text(
        "Editors add episodes."
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(title=TITLE)

    # The production picker finds nothing and says who adds productions, and how to ask.
    page.locator("#id_productions + .select2 .select2-selection").click()
    page.keyboard.type(SERIES)
    empty = page.locator(".select2-results__message")
    expect(empty).to_contain_text(f"No production matches “{SERIES}”. Editors add productions.")
    shot(page, "01-writer-finds-no-production.png", full_page=False)
    page.keyboard.press("Escape")
    guide = page.locator(".field-productions .mq-picker-guide")
    expect(guide).to_contain_text("Editors add productions.")
    expect(page.locator(".field-episodes .mq-picker-guide")).to_contain_text(
        "Editors add episodes."
    )
    expect(page.locator("#add_id_productions")).to_have_count(0)

    # The request opens in its own tab, the typed title carried over; the article stays open.
    with page.expect_popup() as tab_info:
        guide.get_by_role("link", name="Ask for a production to be added").click()
    tab = tab_info.value
    expect(tab.locator("h1")).to_have_text("Ask for a production to be added")
    expect(tab.locator("#id_title")).to_have_value(SERIES)
    expect(tab.locator("#id_article")).to_have_value(str(article.pk))
    tab.select_option("#id_production_kind", "series")
    tab.fill("#id_year", "2025")
    tab.fill("#id_link", "www.netflix.com/title/81708346")
    tab.fill("#id_details", "Harlan Coben's series, five episodes. My piece is about episode 5.")
    shot(tab, "02-writer-request-form.png")
    tab.click("input[name=_save]")
    expect(tab.locator(".mq-request--sent")).to_contain_text(
        f"Your request for the production “{SERIES}” is on the editors' dashboard."
    )
    shot(tab, "03-writer-request-sent.png")
    tab.close()
    request = CatalogueRequest.objects.get()
    assert (request.article, request.requested_by.username) == (article, "writer")
    assert request.link == "https://www.netflix.com/title/81708346"

    # Nothing typed in the article was lost: the writer submits it for review.
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.click("button[name=_workflow][value=submit]")
    expect(page.locator(".messagelist")).to_contain_text("review")
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
    # The form, opened again, says the series is asked for.
    asked = page.locator(".field-productions .mq-picker-asked")
    expect(asked).to_have_text(f"You asked for “{SERIES}”: waiting for an editor.")
    asked.scroll_into_view_if_needed()
    shot(page, "04a-writer-form-says-asked.png", full_page=False)
    page.goto(f"{base}/admin/")
    mine = page.locator("#desk-my-requests")
    expect(mine).to_contain_text(SERIES)
    expect(mine).to_contain_text("Waiting for an editor")
    shot(page, "04-writer-dashboard-request-waiting.png")

    # --- The editor sees the request and the piece on the dashboard.
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        desk = editor_context.new_page()
        desk.on("dialog", lambda dialog: dialog.accept())
        sign_in(desk, base, "editor", "marquee-editor")
        card = desk.locator("#desk-catalogue-requests")
        expect(card).to_contain_text(f"Production: {SERIES}")
        expect(card).to_contain_text(f"for {TITLE}")
        expect(desk.locator("#desk-review")).to_contain_text(TITLE)
        shot(desk, "05-editor-dashboard-request-and-review.png")

        # Adds the series from the request: the form opens filled in.
        with desk.expect_popup() as add_info:
            card.get_by_role("link", name="Add the production").click()
        add = add_info.value
        expect(add.locator("#id_title")).to_have_value(SERIES)
        expect(add.locator("#id_slug")).to_have_value("just-one-look")
        expect(add.locator("#id_kind")).to_have_value("series")
        expect(add.locator("#id_year")).to_have_value("2025")
        add.fill("#id_platform", "Netflix")
        shot(add, "06-editor-production-prefilled.png")
        add.click("input[name=_save]")
        expect(add.locator(".messagelist")).to_contain_text("was added successfully")
        series = Production.objects.get(title=SERIES)
        # Its first season, with the five episodes typed in one table.
        add.goto(f"{base}/admin/productions/season/add/?production={series.pk}&number=1")
        for row in range(5):
            add.fill(f"#id_episodes-{row}-number", str(row + 1))
            add.fill(f"#id_episodes-{row}-title", f"Episode {row + 1}")
        add.click("input[name=_save]")
        expect(add.locator(".messagelist")).to_contain_text("was added successfully")
        add.close()

        # Marks the request added; the writer is mailed through the outbox.
        desk.reload()
        card.get_by_role("button", name="Mark added").click()
        expect(desk.locator(".messagelist")).to_contain_text(f"“{SERIES}” marked added")
        expect(card).to_contain_text("No writer is waiting")
        shot(desk, "07-editor-request-marked-added.png")
        request.refresh_from_db()
        assert request.status == CatalogueRequest.Status.DONE
        mail = MailDelivery.objects.get(kind="request_answered")
        assert mail.to == request.requested_by.email
        assert mail.subject == f"Added to the catalogue: {SERIES}"

        # Attaches the series and its last episode, a hero from the library, and publishes.
        desk.locator("#desk-review").get_by_role("link", name=TITLE).click()
        expect(desk.locator("#id_title")).to_have_value(TITLE)
        # The editor may add productions: the "+" is there and no request line.
        expect(desk.locator("#add_id_productions")).to_be_visible()
        expect(desk.locator(".field-productions .mq-picker-guide")).to_have_count(0)
        choose(desk, "id_productions", SERIES, SERIES)
        choose(desk, "id_episodes", SERIES, "Episode 5")
        choose(desk, "id_blocks-1-spoils_up_to", SERIES, "Episode 5")
        choose(desk, "id_hero_image", "title card", "title card")
        desk.fill("#id_hero_alt", "An illustrated title card")
        shot(desk, "08-editor-attaches-the-series.png")
        desk.click("button[name=_workflow][value=publish]")
        expect(desk.locator(".messagelist")).to_contain_text("is published")
        shot(desk, "09-editor-published.png")
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert list(article.productions.all()) == [series]
        assert [episode.number for episode in article.episodes.all()] == [5]
        spoiler = article.blocks.get(kind="spoiler")
        assert (spoiler.spoils_up_to.number, spoiler.text) == (5, "<p>It was never a stranger.</p>")
    finally:
        editor_context.close()

    # --- The writer's dashboard says the request was answered.
    page.goto(f"{base}/admin/")
    expect(page.locator("#desk-my-requests")).to_contain_text("Added")
    shot(page, "10-writer-sees-request-added.png")
