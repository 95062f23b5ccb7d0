"""Pictures carry pixels, not payloads: a colour profile is converted to sRGB and dropped,
and no EXIF, XMP, comment or text chunk survives, in the original or in any copy served."""

import io
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

import pytest
from PIL import Image, PngImagePlugin

from images import colour, uploads
from images.models import Image as Picture
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, ImageFactory
from tests.icc_profiles import adobe_rgb_in_srgb, wide_gamut_profile

pytestmark = pytest.mark.django_db

PAYLOAD = "PAYLOAD-7f3a<script>alert(1)</script>"
#: A green that Adobe RGB reaches and sRGB only nearly: converting it changes all three values.
GREEN = (40, 180, 90)
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>{PAYLOAD}</rdf:Description>'
ADD_URL = "/admin/images/image/add/"


def payload_exif(image):
    exif = image.getexif()
    exif[0x010E] = PAYLOAD  # ImageDescription
    exif[0x010F] = "Camera maker"
    return exif


def hostile_picture(image_format, size=(500, 40), colour_value=GREEN):
    """A picture in `image_format` in Adobe RGB with a payload in every place its format has."""
    profile = wide_gamut_profile(f"Adobe RGB {PAYLOAD}"[:60])
    mode = "P" if image_format == "GIF" else "RGB"
    image = Image.new("RGB", size, colour_value)
    if mode == "P":
        image = image.convert("P")
    buffer = io.BytesIO()
    options = {"icc_profile": profile}
    if image_format in ("JPEG", "WEBP", "PNG"):
        options.update(exif=payload_exif(image), xmp=XMP.encode())
    if image_format in ("JPEG", "GIF"):
        options["comment"] = PAYLOAD.encode()
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", PAYLOAD)
        text.add_itxt("Description", PAYLOAD, lang="en")
        text.add_text("Software", PAYLOAD, zip=True)
        options["pnginfo"] = text
    image.save(buffer, format=image_format, **options)
    data = buffer.getvalue()
    assert PAYLOAD.encode()[:12] in data or image_format == "WEBP"
    if image_format != "GIF":  # Pillow writes no profile into a GIF
        with Image.open(io.BytesIO(data)) as check:
            assert check.info.get("icc_profile") == profile
    return data


def post_picture(client, data, name):
    form = admin_form_data(client.get(ADD_URL).content.decode(), "image_form")
    form.update({"alt": "A green field", "credit": "Image via the archive"})
    form["file"] = SimpleUploadedFile(name, data)
    response = client.post(ADD_URL, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Picture.objects.get()


def stored_files(media_root):
    """Every file the site stores (and serves from MEDIA_URL), by name."""
    return {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in Path(media_root).rglob("*")
        if path.is_file()
    }


def assert_pixels_only(name, data):
    assert PAYLOAD.encode()[:12] not in data, name
    assert b"Camera maker" not in data, name
    assert b"acsp" not in data, name  # every ICC profile carries this signature
    with Image.open(io.BytesIO(data)) as image:
        assert "icc_profile" not in image.info, name
        assert not image.getexif(), name
        assert colour.metadata(data) == [], name


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.mark.parametrize(
    "image_format, name",
    [("JPEG", "photo.jpg"), ("PNG", "photo.png"), ("WEBP", "photo.webp"), ("GIF", "photo.gif")],
)
def test_an_upload_keeps_no_profile_exif_xmp_comment_or_text_in_its_original_or_copies(
    editor_client, media_root, image_format, name
):
    post_picture(editor_client, hostile_picture(image_format), name)

    files = stored_files(media_root)
    assert len(files) >= 5  # the original, its copies and the link-preview crop
    for stored_name, data in files.items():
        assert_pixels_only(stored_name, data)


@pytest.mark.parametrize("image_format, tolerance", [("PNG", 1), ("JPEG", 3), ("WEBP", 4)])
def test_a_wide_gamut_upload_is_converted_to_its_srgb_colours(
    editor_client, image_format, tolerance
):
    expected = adobe_rgb_in_srgb(GREEN)
    assert expected[0] < GREEN[0] - 30  # converting changes the pixel, visibly

    picture = post_picture(editor_client, hostile_picture(image_format), "green.img")

    with picture.file.open("rb") as stored, Image.open(stored) as image:
        found = image.convert("RGB").getpixel((250, 20))
    assert all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True)), found
    record = picture.file_renditions
    copy_name = f"{Path(record['source']).with_suffix('')}.{record['key']}.480w.webp"
    with picture.file.storage.open(copy_name, "rb") as stored, Image.open(stored) as copy:
        found = copy.convert("RGB").getpixel((240, 19))
    assert all(abs(a - b) <= 4 for a, b in zip(found, expected, strict=True)), found


def test_a_transparent_png_keeps_its_see_through_pixels_when_converted(editor_client):
    image = Image.new("RGBA", (500, 40), (*GREEN, 255))
    image.paste((0, 0, 0, 0), (0, 0, 250, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", icc_profile=wide_gamut_profile())

    picture = post_picture(editor_client, buffer.getvalue(), "cut-out.png")

    with picture.file.open("rb") as stored, Image.open(stored) as found:
        assert found.mode == "RGBA"
        assert found.getpixel((10, 10))[3] == 0
        assert found.getpixel((400, 10)) == (*adobe_rgb_in_srgb(GREEN), 255)
        assert "icc_profile" not in found.info


def test_a_picture_with_a_damaged_profile_is_stored_without_it(editor_client):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), GREEN).save(buffer, "JPEG", icc_profile=b"not a profile " * 20)

    picture = post_picture(editor_client, buffer.getvalue(), "odd.jpg")

    with picture.file.open("rb") as stored:
        data = stored.read()
    assert b"not a profile" not in data
    assert_pixels_only("odd.jpg", data)


def test_no_byte_served_for_an_article_carries_the_payload(client, media_root):
    hero = ImageFactory(file=ContentFile(hostile_picture("JPEG", size=(1300, 60)), name="h.jpg"))
    article = ArticleFactory(published=True, hero_image=hero)

    html = client.get(article.get_absolute_url()).content.decode()

    urls = set(re.findall(r"/media/[^\s\"',]+", html))
    assert len(urls) >= 5
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_pixels_only(url, b"".join(response.streaming_content))
    assert PAYLOAD.encode()[:12] not in client.get(hero.file.url).getvalue()


def plant(picture, data, extension):
    """Store `data` as the picture's file as an older release did, gate and copies bypassed."""
    storage = picture.file.storage
    name = storage.save(f"images/old-upload.{extension}", ContentFile(data))
    picture.file = name
    picture.refresh_renditions()
    # The copies an older release made beside it carried the profile too.
    stem = Path(name).with_suffix("").name
    copy = f"images/{stem}.{picture.file_renditions['key']}.480w.webp"
    storage.delete(copy)
    storage.save(copy, ContentFile(hostile_picture("WEBP", size=(480, 20))))
    Picture.objects.filter(pk=picture.pk).update(file=name)
    return name, copy


def test_scrub_images_encodes_pictures_stored_with_metadata_anew_under_new_names(
    client, media_root, django_capture_on_commit_callbacks
):
    old = ImageFactory()
    clean = ImageFactory()
    clean_name = clean.file.name
    old_name, old_copy = plant(old, hostile_picture("JPEG"), "jpg")
    assert PAYLOAD.encode()[:12] in (media_root / old_name).read_bytes()
    article = ArticleFactory(published=True, hero_image=old)
    assert old_copy in client.get(article.get_absolute_url()).content.decode()  # now cached
    out = io.StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("scrub_images", stdout=out)

    page = client.get(article.get_absolute_url()).content.decode()
    assert "old-upload" not in page
    old.refresh_from_db()
    clean.refresh_from_db()
    assert "Encoded 1 pictures anew; 1 carried no metadata" in out.getvalue()
    assert old.file.name != old_name and old.file.name.endswith(".jpg")
    assert not (media_root / old_name).exists()
    assert not (media_root / old_copy).exists()
    assert clean.file.name == clean_name
    assert old.file_renditions["source"] == old.file.name
    for stored_name, data in stored_files(media_root).items():
        assert_pixels_only(stored_name, data)
    with old.file.open("rb") as stored, Image.open(stored) as image:
        found = image.getpixel((250, 20))
    assert all(abs(a - b) <= 3 for a, b in zip(found, adobe_rgb_in_srgb(GREEN), strict=True))


def test_scrub_images_run_again_changes_nothing():
    picture = ImageFactory()
    plant(picture, hostile_picture("PNG"), "png")
    call_command("scrub_images", stdout=io.StringIO())
    picture.refresh_from_db()
    scrubbed_name = picture.file.name
    out = io.StringIO()

    call_command("scrub_images", stdout=out)

    picture.refresh_from_db()
    assert picture.file.name == scrubbed_name
    assert "Encoded 0 pictures anew; 1 carried no metadata" in out.getvalue()


def test_scrub_images_also_cleans_pictures_waiting_in_a_refused_form(media_root):
    from images import stash

    token = stash.put(ContentFile(hostile_picture("PNG"), name="x.png"), original_name="x.png")
    name, _ = stash.read(token)
    out = io.StringIO()

    call_command("scrub_images", stdout=out)

    assert stash.read(token)[0] == name
    assert_pixels_only(name, (media_root / name).read_bytes())
    assert "1 pictures waiting in refused forms were encoded anew" in out.getvalue()


def test_the_gate_reencodes_a_clean_picture_without_metadata_to_report():
    data, image_format = uploads.reencode(hostile_picture("PNG"))

    assert image_format == "PNG"
    assert colour.metadata(data) == []
