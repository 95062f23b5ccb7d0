"""Library pictures: stored sizes, WebP/AVIF copies made once, the <picture> readers download."""

import io
import json
import re
from unittest import mock

from django.core.files.base import ContentFile
from django.core.management import call_command

import pytest
from PIL import Image, features

from articles.models import ArticleBlock
from images import renditions
from images.fields import fill_sizes
from images.models import Image as Picture
from tests.factories import ArticleFactory, BlockFactory, ImageFactory, PersonFactory, library_image

pytestmark = pytest.mark.django_db

#: Wide, short pictures: every width step, at a fraction of the encoding time.
COPY_SIZES = [(1600, 90, [480, 800, 1200]), (1000, 50, [480, 800, 1000]), (300, 20, [300])]


def hero_article(size=(1600, 90), **fields):
    return ArticleFactory(
        published=True, hero_image=library_image("hero.png", size=size, alt="A park"), **fields
    )


def stored_bytes(field_file, name):
    with field_file.storage.open(name, "rb") as stored:
        return stored.read()


def no_file_opens():
    """Patches under which opening any picture fails the test."""
    refuse = AssertionError("a page opened a picture file")
    return (
        mock.patch("PIL.Image.open", side_effect=refuse),
        mock.patch("django.core.files.storage.FileSystemStorage.open", side_effect=refuse),
    )


@pytest.mark.parametrize("width, height, widths", COPY_SIZES)
def test_an_upload_stores_its_size_and_copies_never_wider_than_itself(width, height, widths):
    article = hero_article(size=(width, height))

    hero = article.hero_image
    record = hero.file_renditions
    assert (hero.width, hero.height) == (width, height)
    assert record["widths"] == widths
    for step in widths:
        data = stored_bytes(hero.file, renditions.rendition_name(record, step, "webp"))
        with Image.open(io.BytesIO(data)) as copy:
            assert copy.width == step <= width
            assert copy.height == round(height * step / width)


def test_webp_copies_really_are_webp():
    article = hero_article()
    record = article.hero_image.file_renditions

    data = stored_bytes(article.hero_image.file, renditions.rendition_name(record, 800, "webp"))

    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"


@pytest.mark.skipif(not features.check("avif"), reason="this Pillow cannot write AVIF")
def test_avif_copies_really_are_avif():
    article = hero_article()
    record = article.hero_image.file_renditions

    data = stored_bytes(article.hero_image.file, renditions.rendition_name(record, 480, "avif"))

    assert record["formats"] == ["avif", "webp"]
    assert data[4:12] == b"ftypavif"


def test_copies_are_upright_and_carry_no_camera_metadata():
    photo = Image.new("RGB", (200, 100), (10, 20, 30))
    exif = photo.getexif()
    exif[0x0112] = 6  # the camera was turned a quarter: readers see it 100 wide, 200 high
    exif[0x010F] = "Camera maker"
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif)
    photo = ImageFactory(file=ContentFile(buffer.getvalue(), name="turned.jpg"))

    record = photo.file_renditions
    assert (photo.width, photo.height) == (100, 200)
    assert record["fallback"] == "jpg"
    for extension in ("webp", "jpg"):
        data = stored_bytes(photo.file, renditions.rendition_name(record, 100, extension))
        with Image.open(io.BytesIO(data)) as copy:
            assert copy.size == (100, 200)
            assert not copy.getexif()


def test_the_image_tag_renders_sources_srcset_sizes_and_a_sized_lazy_img(client):
    article = hero_article()
    BlockFactory(
        article=article,
        kind=ArticleBlock.Kind.IMAGE,
        text="",
        image=library_image("map.png", size=(1000, 50), alt="A map of the locations"),
    )

    html = client.get(article.get_absolute_url()).content.decode()

    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    picture = next(picture for picture in pictures if "A map of the locations" in picture)
    assert re.search(r'<source type="image/webp" srcset="[^"]+\.480w\.webp 480w, ', picture)
    assert '.1000w.webp 1000w" sizes="(min-width: 46rem) 44rem, calc(100vw - 2rem)"' in picture
    assert 'alt="A map of the locations" width="1000" height="50"' in picture
    assert 'loading="lazy"' in picture and "fetchpriority" not in picture
    hero = re.search(r'<img src="[^"]+" alt="A park"[^>]+>', html).group(0)
    assert 'width="1600" height="90"' in hero
    assert 'loading="eager" decoding="async" fetchpriority="high"' in hero


def test_og_image_uses_the_1200_by_630_crop_and_json_ld_the_search_shapes(client):
    article = hero_article(size=(1600, 900))
    hero = article.hero_image

    html = client.get(article.get_absolute_url()).content.decode()

    hero.refresh_from_db()
    name = hero.file_renditions["share"]
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image.startswith("http") and og_image.endswith(f"/media/{name}")
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    # The NewsArticle takes 16:9, 4:3 and 1:1 crops instead (tests/test_article_image_shapes.py).
    searched = hero.file_renditions["search"]  # PostgreSQL's jsonb keeps no key order
    found = json.loads(jsonld.group(1))
    (news,) = [item for item in found if item.get("@type") == "NewsArticle"]
    image = news["image"]
    assert [url.rsplit("/media/", 1)[1] for url in image] == [
        searched[shape] for shape in ("16:9", "4:3", "1:1")
    ]
    with Image.open(io.BytesIO(stored_bytes(hero.file, name))) as copy:
        assert (copy.format, copy.size) == ("PNG", (1200, 630))


def test_a_picture_without_copies_gets_them_on_its_first_view_and_never_opens_a_file_again(
    client,
):
    person = PersonFactory(photo=library_image("face.png", size=(600, 40), alt="A face"))
    Picture.objects.filter(pk=person.photo_id).update(file_renditions={})

    first = client.get(person.get_absolute_url()).content.decode()
    person.photo.refresh_from_db()
    image_open, storage_open = no_file_opens()
    with image_open, storage_open:
        second = client.get(person.get_absolute_url()).content.decode()

    assert person.photo.file_renditions["widths"] == [480, 600]
    assert ".600w.webp 600w" in first
    assert second == first


def test_a_lost_picture_still_renders_and_is_not_looked_for_again(client):
    article = hero_article()
    hero = article.hero_image
    Picture.objects.filter(pk=hero.pk).update(file_renditions={})
    hero.file.storage.delete(hero.file.name)

    assert client.get(article.get_absolute_url()).status_code == 200
    image_open, storage_open = no_file_opens()
    with image_open, storage_open:
        html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'<img src="/media/images/hero[^"]*\.png" alt="A park"', html)
    assert "<source" not in html.split('alt="A park"')[0].rsplit("<picture>", 1)[1]


def test_make_renditions_gives_older_pictures_their_size_and_copies():
    hero = hero_article().hero_image
    Picture.objects.filter(pk=hero.pk).update(file_width=None, file_height=None, file_renditions={})
    out = io.StringIO()

    call_command("make_renditions", stdout=out)

    hero.refresh_from_db()
    assert (hero.width, hero.height) == (1600, 90)
    assert hero.file_renditions["widths"] == [480, 800, 1200]
    assert hero.file_renditions["share"]
    assert "Made copies of 1 pictures" in out.getvalue()


def test_the_size_filling_step_of_older_migrations_stores_sizes_and_skips_lost_files():
    kept = library_image("kept.png", size=(1600, 90))
    lost = library_image("lost.png", size=(640, 40))
    lost.file.storage.delete(lost.file.name)
    Picture.objects.update(file_width=None, file_height=None)

    fill_sizes(Picture, "file")

    sizes = dict(Picture.objects.values_list("pk", "file_width"))
    assert sizes == {kept.pk: 1600, lost.pk: None}


@pytest.mark.parametrize("image_count", [1, 12])
def test_article_page_queries_do_not_grow_with_its_pictures(
    client, image_count, django_assert_max_num_queries
):
    article = hero_article()
    for n in range(image_count):
        BlockFactory(
            article=article,
            kind=ArticleBlock.Kind.IMAGE,
            text="",
            image=library_image(f"picture-{n}.png", alt=f"Picture {n}"),
        )
    client.get(article.get_absolute_url())  # the link-preview crop is made once

    with django_assert_max_num_queries(15):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count("<picture>") >= image_count + 1
