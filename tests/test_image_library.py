"""The image library: one Image per picture, picked wherever a picture shows, never lost."""

import io
import json
import re

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.test import Client

import pytest
from PIL import Image as Pillow

from articles.models import Article, ArticleBlock
from images import renditions, stash
from images.models import SHARE_SIZE, Image
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    ImageFactory,
    PersonFactory,
    ProductionFactory,
    library_image,
    png_file,
)
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/image/add/"


def png_upload(name="x.png", size=(40, 30), color=(10, 120, 200)):
    return SimpleUploadedFile(name, png_file(name, size=size, color=color).read(), "image/png")


def image_change_url(image):
    return f"/admin/images/image/{image.pk}/change/"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- The model --------------------------------------------------------------------------


def test_an_image_needs_alt_text_unless_it_is_marked_decorative():
    with pytest.raises(IntegrityError), transaction.atomic():
        ImageFactory(alt="")

    decorative = ImageFactory(alt="", is_decorative=True)
    assert decorative.pk
    with pytest.raises(ValidationError, match="decorative only"):
        Image(file="images/x.png", alt="").full_clean()


def test_one_library_image_serves_every_use_with_per_use_words_where_given(client):
    picture = library_image("park.png", alt="A park at dusk", credit="Image via Netflix")
    article = ArticleFactory(published=True, hero_image=picture)
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.IMAGE,
        text="",
        image=picture,
        image_alt="The same park, seen from the gate",
        caption="Where it all starts.",
    )
    person = PersonFactory(photo=picture)

    article_html = client.get(article.get_absolute_url()).content.decode()
    person_html = client.get(person.get_absolute_url()).content.decode()

    assert 'alt="A park at dusk"' in article_html
    assert 'alt="The same park, seen from the gate"' in article_html
    assert "Where it all starts." in article_html
    assert article_html.count("Image via Netflix") >= 2
    assert 'alt="A park at dusk"' in person_html


def test_a_decorative_picture_is_skipped_by_screen_readers(client):
    ornament = library_image("rule.png", alt="", is_decorative=True)
    article = ArticleFactory(published=True, with_hero=True)
    BlockFactory(article=article, kind=ArticleBlock.Kind.IMAGE, text="", image=ornament)

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'<img src="[^"]*rule[^"]*" alt="" ', html)


# --- Focal point and crops ----------------------------------------------------------------


def test_the_crop_box_keeps_the_focal_point_in_frame_as_far_as_the_edges_allow():
    assert renditions.crop_box((2000, 630), (1200, 630), (50, 50)) == (400, 0, 1600, 630)
    assert renditions.crop_box((2000, 630), (1200, 630), (90, 50)) == (800, 0, 2000, 630)
    assert renditions.crop_box((2000, 630), (1200, 630), (0, 0)) == (0, 0, 1200, 630)
    # A tall picture is cut top and bottom around the point.
    assert renditions.crop_box((1200, 2000), (1200, 630), (50, 20)) == (0, 85, 1200, 715)


def test_the_link_preview_is_a_1200_by_630_crop_around_the_focal_point():
    # Left half blue, right half red; the subject is on the right.
    picture = Pillow.new("RGB", (2400, 630), (0, 0, 255))
    picture.paste((255, 0, 0), (1200, 0, 2400, 630))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = ImageFactory(file=SimpleUploadedFile("wide.png", buffer.getvalue()), focal_x=90)

    name = image.share_name()

    with default_storage.open(name, "rb") as stored, Pillow.open(stored) as crop:
        assert crop.size == SHARE_SIZE
        assert crop.convert("RGB").getpixel((600, 315)) == (255, 0, 0)


def test_moving_the_focal_point_makes_a_new_crop_and_the_copies_keep_their_shape(editor_client):
    image = library_image("wide.png", size=(1600, 400))
    before = image.share_name()
    data = admin_form_data(
        editor_client.get(image_change_url(image)).content.decode(), "image_form"
    )
    data.update(focal_x="10", focal_y="80")

    response = editor_client.post(image_change_url(image), data)

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (10, 80)
    assert image.file_renditions["share"] != before
    assert default_storage.exists(image.file_renditions["share"])
    name = renditions.rendition_name(image.file_renditions, 800, "webp")
    with default_storage.open(name, "rb") as stored, Pillow.open(stored) as copy:
        assert copy.size == (800, 200)


def test_the_change_form_offers_a_click_to_pick_focal_point_with_number_fields_beside_it(
    editor_client,
):
    image = library_image()

    html = editor_client.get(image_change_url(image)).content.decode()

    assert "data-mq-focal" in html
    assert "admin/marquee/focal-point.js" in html
    assert 'name="focal_x"' in html and 'name="focal_y"' in html


# --- The library in the admin --------------------------------------------------------------


def test_the_library_lists_thumbnails_and_searches_alt_credit_and_caption(editor_client):
    library_image("a.png", alt="A harbour at night", credit="Image via ITV")
    library_image("b.png", alt="A kitchen", caption="The family home")

    listing = editor_client.get("/admin/images/image/").content.decode()
    by_credit = editor_client.get("/admin/images/image/?q=ITV").content.decode()
    by_caption = editor_client.get("/admin/images/image/?q=family").content.decode()

    assert listing.count('class="mq-thumb"') == 2
    assert "A harbour at night" in by_credit and "A kitchen" not in by_credit
    assert "A kitchen" in by_caption and "A harbour" not in by_caption


@pytest.mark.parametrize(
    "app_label, model_name, field_name",
    [
        ("articles", "article", "hero_image"),
        ("articles", "articleblock", "image"),
        ("people", "person", "photo"),
        ("productions", "production", "poster"),
    ],
)
def test_every_picture_field_picks_from_the_library_by_autocomplete(
    client, writer, app_label, model_name, field_name
):
    image = library_image(alt="A father searching a park at dusk")
    library_image("other.png", alt="A kitchen")
    client.force_login(writer)

    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
            "term": "park",
        },
    )

    assert response.status_code == 200
    assert json.loads(response.content)["results"] == [
        {"id": str(image.pk), "text": "A father searching a park at dusk"}
    ]


def test_the_hero_field_offers_upload_in_a_pop_up(editor_client):
    html = editor_client.get("/admin/articles/article/add/").content.decode()

    field = re.search(r'<select name="hero_image"[^>]*>', html).group(0)
    assert "admin-autocomplete" in field
    assert 'id="add_id_hero_image"' in html
    assert "/admin/images/image/add/?_to_field=id&amp;_popup=1" in html


def test_an_upload_in_the_pop_up_is_saved_at_once_and_handed_back_to_the_field(
    editor_client, editor
):
    url = f"{ADD_URL}?_to_field=id&_popup=1"
    data = admin_form_data(editor_client.get(url).content.decode(), "image_form")
    data.update(alt="A father searching a park at dusk", file=png_upload())

    response = editor_client.post(url, data)

    image = Image.objects.get()
    assert response.status_code == 200
    popup = re.search(r'data-popup-response="([^"]+)"', response.content.decode()).group(1)
    assert json.loads(popup.replace("&quot;", '"'))["value"] == str(image.pk)
    assert image.uploaded_by == editor
    assert image.file_renditions["widths"]


# --- A refused form never loses a picture ------------------------------------------------


def test_a_refused_publish_keeps_the_chosen_hero_selected(editor_client):
    hero = library_image("hero.png", alt="A father searching a park at dusk", credit="")
    article = ArticleFactory()
    BlockFactory(article=article)
    data = article_form_data(article, workflow="publish", hero_image=hero.pk)

    response = editor_client.post(change_url(article), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "A credit for the hero image is needed before publishing." in html
    assert f'<option value="{hero.pk}" selected>A father searching a park at dusk</option>' in html
    assert admin_form_data(html, "article_form")["hero_image"] == str(hero.pk)
    article.refresh_from_db()
    assert article.hero_image_id is None


def test_a_refused_upload_keeps_the_file_and_offers_it_again(editor_client):
    data = admin_form_data(editor_client.get(ADD_URL).content.decode(), "image_form")
    data.update(alt="", credit="Image via Netflix", file=png_upload("x.png", size=(40, 30)))

    refused = editor_client.post(ADD_URL, data)

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Describe the picture in its alt text" in html
    assert "Keep the file you chose: x.png" in html
    assert not Image.objects.exists()
    again = admin_form_data(html, "image_form")
    assert again["keep_file"]
    assert "file" not in again  # the editor chooses nothing this time

    again["alt"] = "A father searching a park at dusk"
    saved = editor_client.post(ADD_URL, again)

    assert saved.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (40, 30)
    assert image.credit == "Image via Netflix"
    assert re.fullmatch(r"images/[0-9a-f]{32}\.png", image.file.name)
    _, stashed = default_storage.listdir(stash.FOLDER)
    assert stashed == []


def test_a_forged_or_missing_kept_file_is_not_taken(editor_client):
    data = admin_form_data(editor_client.get(ADD_URL).content.decode(), "image_form")
    data.update(alt="A park", keep_file="images/someone-elses.png")

    response = editor_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "Choose a picture to upload." in response.content.decode()
    assert not Image.objects.exists()


# --- Protection, invalidation, permissions ------------------------------------------------


def test_an_image_in_use_cannot_be_deleted_and_the_admin_says_where_it_is_used(editor_client):
    image = library_image(alt="A park")
    article = ArticleFactory(title="Is Run Away a true story?", hero_image=image)

    with pytest.raises(ProtectedError):
        image.delete()
    html = editor_client.get(f"/admin/images/image/{image.pk}/delete/").content.decode()
    editor_client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})

    assert "protected" in html
    assert "Is Run Away a true story?" in html
    assert Image.objects.filter(pk=image.pk).exists()
    assert Article.objects.get(pk=article.pk).hero_image_id == image.pk


def test_changing_an_image_refreshes_the_cached_pages_showing_it(
    client, editor, django_capture_on_commit_callbacks
):
    editor_client = Client()
    editor_client.force_login(editor)
    image = library_image(alt="A park at dusk")
    article = ArticleFactory(published=True, allow_comments=False, hero_image=image)
    url = article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    data = admin_form_data(
        editor_client.get(image_change_url(image)).content.decode(), "image_form"
    )
    data["alt"] = "A father searching a park at dusk"

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(image_change_url(image), data)

    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert 'alt="A father searching a park at dusk"' in response.content.decode()


def test_writers_add_and_change_images_but_only_editors_delete_them(client, writer, editor):
    image = library_image()
    unused = library_image("unused.png")
    client.force_login(writer)

    assert client.get(ADD_URL).status_code == 200
    assert client.get(image_change_url(image)).status_code == 200
    assert client.get(f"/admin/images/image/{image.pk}/delete/").status_code == 403
    client.force_login(editor)
    client.post(f"/admin/images/image/{unused.pk}/delete/", {"post": "yes"})
    assert not Image.objects.filter(pk=unused.pk).exists()


def test_person_and_production_pages_read_their_picture_from_the_library(client):
    poster = library_image("poster.png", alt="", is_decorative=True, credit="Image via Netflix")
    production = ProductionFactory(title="Run Away", poster=poster)

    html = client.get(production.get_absolute_url()).content.decode()

    # Without alt text of its own, a poster is named by its production, as before.
    assert 'alt="Run Away" width="8" height="6"' in html
    assert "Image via Netflix" in html


@pytest.mark.parametrize("related_count", [1, 4])
def test_cards_with_library_heroes_cost_no_query_each(
    client, settings, related_count, django_assert_max_num_queries
):
    settings.PAGE_CACHE_TIMEOUT = 0
    article = ArticleFactory(published=True, with_hero=True)
    article.tags.add("thrillers")
    for _ in range(related_count):
        ArticleFactory(published=True, with_hero=True).tags.add("thrillers")

    # The article page's own budget (tests/test_article_page.py), whatever the cards (their
    # bylines are one query for all of them); one each for the footer's standing pages, read
    # on every render with the page cache off.
    with django_assert_max_num_queries(15):
        article_html = client.get(article.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(7):
        tag_html = client.get("/tags/thrillers/").content.decode()

    assert article_html.count('class="card__image"') == related_count
    assert tag_html.count('class="card__image"') == related_count + 1
