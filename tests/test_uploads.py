"""Pictures uploaded to the library pass one gate: accepted types and sizes, encoded anew,
renamed at random."""

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from images import uploads
from images.models import Image as LibraryImage
from tests.admin_forms import admin_form_data
from tests.factories import ImageFactory, png_file

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/images/image/add/"
GPS_IFD = 0x8825


def encoded(image, image_format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def post_image(client, upload, **fields):
    """Post the library's upload form as an editor's browser would, with `upload` as the file."""
    data = admin_form_data(client.get(ADD_URL).content.decode(), "image_form")
    data.update({"alt": "Ada Lovelace at her desk", "credit": "Image via the archive"})
    data.update(fields)
    data["file"] = upload
    return client.post(ADD_URL, data)


def stored_bytes(image):
    with image.file.storage.open(image.file.name, "rb") as stored:
        return stored.read()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_oversize_upload_is_refused_with_a_message_and_keeps_what_was_typed(
    editor_client, settings
):
    settings.MAX_UPLOAD_MB = 1
    big = encoded(Image.new("RGB", (20, 20)), "PNG") + b"\0" * (2 * 1024 * 1024)

    response = post_image(editor_client, SimpleUploadedFile("big.png", big, "image/png"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "pictures may be at most 1 MB" in html
    assert 'value="Ada Lovelace at her desk"' in html
    assert 'value="Image via the archive"' in html
    assert not LibraryImage.objects.exists()


def test_a_gif_with_appended_html_is_stored_without_the_appended_bytes(editor_client):
    gif = encoded(Image.new("P", (10, 10), 3), "GIF")
    hostile = gif + b"<html><script>alert(document.cookie)</script></html>"

    response = post_image(editor_client, SimpleUploadedFile("cat.gif", hostile, "image/gif"))

    assert response.status_code == 302
    stored = stored_bytes(LibraryImage.objects.get())
    assert b"<script" not in stored
    assert b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("GIF", (10, 10))


def test_an_uploaded_png_gets_a_random_name(editor_client):
    upload = SimpleUploadedFile("ada-home-address-42.png", png_file().read(), "image/png")

    post_image(editor_client, upload)

    name = LibraryImage.objects.get().file.name
    assert "ada-home-address" not in name
    assert re.fullmatch(r"images/[0-9a-f]{32}\.png", name)


def test_exif_gps_is_removed_and_the_orientation_is_applied(editor_client):
    photo = Image.new("RGB", (40, 20), (200, 10, 10))
    exif = photo.getexif()
    exif[0x0112] = 6  # turned a quarter: readers see 20 wide, 40 high
    exif[0x010F] = "Camera maker"
    exif.get_ifd(GPS_IFD)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    data = encoded(photo, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)

    post_image(editor_client, SimpleUploadedFile("holiday.jpg", data, "image/jpeg"))

    stored = stored_bytes(LibraryImage.objects.get())
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)
        assert not image.getexif()
        assert not image.getexif().get_ifd(GPS_IFD)
    assert b"Camera maker" not in stored


def test_a_144_megapixel_png_is_refused_before_it_is_decoded(editor_client):
    bomb = encoded(Image.new("1", (12000, 12000)), "PNG")
    assert len(bomb) < 100_000

    response = post_image(editor_client, SimpleUploadedFile("bomb.png", bomb, "image/png"))

    assert response.status_code == 200
    assert "megapixels" in response.content.decode()
    assert not LibraryImage.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!doctype html><html><body onload=alert(1)></body></html>",
    ],
    ids=["svg", "html"],
)
def test_svg_or_html_named_png_is_refused(editor_client, content):
    response = post_image(editor_client, SimpleUploadedFile("photo.png", content, "image/png"))

    assert response.status_code == 200
    assert "Upload a JPEG, PNG, WebP or GIF picture" in response.content.decode()
    assert not LibraryImage.objects.exists()


def test_a_picture_saved_by_code_passes_the_same_gate_and_keeps_its_name():
    image = ImageFactory(file=png_file("nesbitt.png"))
    assert image.file.name == "images/nesbitt.png"

    with pytest.raises(ValidationError):
        ImageFactory(file=SimpleUploadedFile("fake.png", b"<svg></svg>"))


def test_pillow_refuses_pictures_over_the_pixel_cap_everywhere(settings):
    settings.MAX_UPLOAD_MEGAPIXELS = 3
    try:
        uploads.limit_pillow()
        assert Image.MAX_IMAGE_PIXELS == 3_000_000
    finally:
        settings.MAX_UPLOAD_MEGAPIXELS = 40
        uploads.limit_pillow()
