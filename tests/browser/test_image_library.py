"""An editor uploads a picture from the hero field's pop-up, picks it and sets its focal point."""

import io

from django.core.management import call_command

from playwright.sync_api import expect

from images.models import Image
from tests.browser.conftest import SHOTS_ROOT
from tests.factories import png_file

SHOTS = SHOTS_ROOT / "image-library"


def test_editor_uploads_in_the_pop_up_picks_the_image_and_sets_its_focal_point(
    page, live_server, editorial_roles, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    picture = tmp_path / "park-at-dusk.png"
    picture.write_bytes(png_file(size=(1600, 900), color=(40, 90, 140)).read())
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/admin/login/?next=/admin/articles/article/add/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "marquee-editor")
    page.click("input[type=submit]")
    expect(page.locator("h1")).to_have_text("Add article")

    with page.expect_popup() as popup_info:
        page.click("#add_id_hero_image")
    popup = popup_info.value
    popup.set_input_files("#id_file", str(picture))
    popup.fill("#id_credit", "Image via Netflix")
    # Refused (no alt text): the chosen file is kept and offered again, not lost.
    popup.click("input[name=_save]")
    expect(popup.locator(".errornote")).to_be_visible()
    expect(popup.get_by_text("Keep the file you chose: park-at-dusk.png")).to_be_visible()
    popup.screenshot(path=f"{SHOTS}/image-popup-refused-keeps-file.png", full_page=True)
    popup.fill("#id_alt", "A father searching a city park at dusk")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    container = page.locator("#select2-id_hero_image-container")
    expect(container).to_contain_text("A father searching a city park at dusk")
    image = Image.objects.get(alt="A father searching a city park at dusk")
    assert image.uploaded_by.username == "editor"
    assert (image.width, image.height) == (1600, 900)

    # The picker searches the library by alt text, credit and caption.
    page.locator("#id_hero_image + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("a")
    expect(page.locator(".select2-results__option").nth(2)).to_be_visible()
    page.locator("#id_hero_image").scroll_into_view_if_needed()
    page.screenshot(path=f"{SHOTS}/image-picker-hero-field.png")
    page.keyboard.press("Escape")

    # The pencil beside the field opens the image itself: click its subject.
    with page.expect_popup() as popup_info:
        page.click("#change_id_hero_image")
    popup = popup_info.value
    focal = popup.locator("[data-mq-focal] img")
    expect(focal).to_be_visible()
    focal.scroll_into_view_if_needed()
    box = focal.bounding_box()
    focal.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.3})
    expect(popup.locator("#id_focal_x")).to_have_value("80")
    expect(popup.locator("#id_focal_y")).to_have_value("30")
    expect(popup.locator(".mq-focal__marker")).to_be_visible()
    popup.screenshot(path=f"{SHOTS}/image-change-form-focal-point.png", full_page=True)
    popup.click("input[name=_save]")
    popup.wait_for_event("close")

    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (80, 30)
    assert ".f80-30." in image.file_renditions["share"]

    page.goto(f"{live_server.url}/admin/images/image/")
    page.screenshot(path=f"{SHOTS}/image-library-list.png", full_page=True)
    expect(page.locator("img.mq-thumb").first).to_be_visible()
