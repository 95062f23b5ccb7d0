"""The NewsArticle image in 16:9, 4:3 and 1:1 around the hero's focal point, each big
enough for Google Discover and Top Stories, and the editor warned (not refused) when the
hero is too small for some of them."""

import json
import re
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest
from PIL import Image as PILImage

from images.models import SearchShape
from tests.factories import ArticleFactory, BlockFactory, ImageFactory
from tests.workflow_forms import change_url

pytestmark = pytest.mark.django_db

RED, BLUE = (200, 0, 0), (0, 0, 200)


def two_colour_png(size, red_width):
    """A PNG red on its left `red_width` pixels, blue on the rest."""
    picture = PILImage.new("RGB", size, BLUE)
    picture.paste(RED, (0, 0, red_width, size[1]))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="hero.png")


def hero_article(size, focal_x=50, red_width=0):
    hero = ImageFactory(file=two_colour_png(size, red_width), focal_x=focal_x)
    article = ArticleFactory(published=True, hero_image=hero)
    BlockFactory(article=article)
    return article


def news_images(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    objects = []
    for block in blocks:
        data = json.loads(block)
        objects += data if isinstance(data, list) else data.get("@graph", [data])
    news = next(obj for obj in objects if obj.get("@type") == "NewsArticle")
    return news["image"]


def opened(url):
    name = url.split("/media/", 1)[1]
    with default_storage.open(name) as stored:
        picture = PILImage.open(stored)
        picture.load()
    return picture


def test_a_large_hero_gives_three_shapes_big_enough_for_discover(client):
    article = hero_article((2400, 1600))

    urls = news_images(client, article)

    sizes = [opened(url).size for url in urls]
    assert sizes == [(1200, 675), (1200, 900), (1200, 1200)]
    assert all(width * height >= SearchShape.MIN_PIXELS for width, height in sizes)


def test_the_crops_keep_the_focal_point_in_frame(client):
    # Red on the left third: a square crop around a subject on the right leaves it out.
    right = hero_article((2400, 1600), focal_x=80, red_width=800)
    left = hero_article((2400, 1600), focal_x=20, red_width=800)

    square_right = opened(news_images(client, right)[2])
    square_left = opened(news_images(client, left)[2])

    assert square_right.getpixel((0, 600))[:3] == BLUE
    assert square_left.getpixel((0, 600))[:3] == RED


def test_a_hero_under_1200_wide_loses_only_the_16_9_shape(client):
    article = hero_article((1000, 800))

    sizes = [opened(url).size for url in news_images(client, article)]

    assert sizes == [(1000, 750), (800, 800)]


def test_a_tiny_hero_still_gives_its_link_preview_picture(client):
    article = hero_article((160, 120))

    urls = news_images(client, article)

    assert urls == [f"{urls[0].split('/media/')[0]}/media/{article.hero_image.share_name()}"]


def test_the_editor_is_warned_which_shapes_a_small_hero_cannot_give(client, editor):
    article = hero_article((1000, 800))
    client.force_login(editor)

    response = client.get(change_url(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="mq-hero-too-small"' in html
    assert "16:9 (at least 1,200 pixels wide)" in html
    assert "a picture of at least 1,200 × 675 pixels gives every shape" in html
    assert "4:3 (" not in html and "1:1 (" not in html


def test_a_tiny_hero_warns_of_every_shape_and_a_large_one_of_none(client, editor):
    tiny = hero_article((160, 120))
    large = hero_article((2400, 1600))
    client.force_login(editor)

    tiny_form = client.get(change_url(tiny)).content.decode()
    large_form = client.get(change_url(large)).content.decode()

    for need in [
        "16:9 (at least 1,200 pixels wide)",
        "4:3 (at least 50,000 pixels)",
        "1:1 (at least 50,000 pixels)",
    ]:
        assert need in tiny_form
    assert "mq-hero-too-small" not in large_form
