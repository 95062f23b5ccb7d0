"""`import_wordpress` on real exports, the pictures and addresses side: a WordPress.com
export's media found in a folder, galleries whole, featured images, old addresses, two
sites at one address, and exports too large to hold in memory."""

import json
import re
import tracemalloc

from django.core.management import CommandError

import pytest

from articles.models import Article
from exchange.models import ImportedItem, LegacyURL
from exchange.wordpress.wxr import WXRSource
from images.models import Image
from tests.wordpress_exports import (
    PUBLIC,
    THEME,
    WP,
    items,
    run_import,
    write_large_export,
)

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def article(title):
    return Article.objects.get(title=title)


# Pictures -------------------------------------------------------------------------------


def test_a_wordpress_com_exports_pictures_are_found_in_the_media_folder(theme):
    assert "pictures missing" not in theme
    assert ImportedItem.objects.filter(kind="attachment").count() >= 20
    image = ImportedItem.objects.filter(kind="attachment").first().image
    assert image.file


def test_featured_images_become_heroes(theme):
    horizontal = article("Template: Featured Image (Horizontal)")
    vertical = article("Template: Featured Image (Vertical)")

    assert horizontal.hero_image is not None and vertical.hero_image is not None
    assert horizontal.hero_image != vertical.hero_image


def test_a_gallery_of_n_pictures_comes_across_with_n_pictures(theme):
    gallery = article("Post Format: Gallery")

    pictures = gallery.blocks.filter(kind="image")
    attached = [
        i
        for i in items(THEME)
        if i[0] == "attachment"
        and any(
            re.sub(WP, "wp:", c.tag) == "wp:post_parent" and c.text == str(gallery_id(gallery))
            for c in i[5]
        )
    ]
    content = next(i[5] for i in items(THEME) if i[3] == "Post Format: Gallery")
    content = next(c.text for c in content if c.tag.endswith("}encoded") and "content" in c.tag)
    galleries = len(re.findall(r"\[gallery[\s\]]", content))
    assert len(attached) > 5 and galleries == 10  # the same gallery in 1 to 9 columns, and default
    assert pictures.count() == len(attached) * galleries
    assert len({block.image_id for block in pictures}) == len(attached)


def gallery_id(gallery):
    return ImportedItem.objects.get(kind="post", article=gallery).wp_id


def test_missing_pictures_are_reported_per_post():
    report = run_import(THEME)

    assert "picture(s) not found (no --media-dir given)" in report
    gallery = report.split("“Post Format: Gallery”", 1)[1].split("\n  post ", 1)[0]
    assert "not found: left out" in gallery


def test_a_picture_imported_once_is_not_stored_again(theme, theme_media):
    pictures = Image.objects.count()

    run_import(THEME, media_dir=str(theme_media))

    assert Image.objects.count() == pictures


# Old addresses ----------------------------------------------------------------------------


def test_old_permalinks_plain_ids_and_picture_pages_redirect(theme, client):
    sticky = article("Template: Sticky")
    sticky_id = gallery_id(sticky)
    picture = ImportedItem.objects.filter(kind="attachment").select_related("image").first()

    assert client.get(f"/?p={sticky_id}")["Location"] == sticky.get_absolute_url()
    permalink = LegacyURL.objects.filter(article=sticky).exclude(path="/").first()
    assert client.get(permalink.path)["Location"] == sticky.get_absolute_url()
    response = client.get(f"/?attachment_id={picture.wp_id}")
    assert response.status_code == 301
    assert response["Location"] == picture.image.file.url


# Large exports ----------------------------------------------------------------------------


def _peak_reading(path):
    """The most memory Python held while the importer's reader went through every item."""
    tracemalloc.start()
    try:
        source = WXRSource(path)
        posts = sum(1 for item in source.items() if item.post_type == "post")
        return posts, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_an_export_takes_the_memory_of_one_post_not_of_the_file(tmp_path):
    small = write_large_export(tmp_path / "small.xml", 60)
    large = write_large_export(tmp_path / "large.xml", 600)

    small_posts, small_peak = _peak_reading(small)
    large_posts, large_peak = _peak_reading(large)

    assert (small_posts, large_posts) == (60, 600)
    # Ten times the posts (3.5 MB): what grows is the index of ids, not the posts' text.
    assert large_peak < small_peak + 500_000
    assert large_peak < large.stat().st_size / 5


def test_every_picture_a_reader_misses_is_a_line_of_the_report(theme_media, tmp_path):
    report = tmp_path / "report.json"
    run_import(THEME, report=str(report))  # no pictures at hand
    lost = {
        entry["wp_id"]: sum("not found: left out" in note for note in entry["notes"])
        for entry in json.loads(report.read_text())["items"]
        if entry["post_type"] == "post"
    }

    run_import(THEME, media_dir=str(theme_media))  # the same posts, with their pictures

    shown = {
        record.wp_id: record.article.blocks.filter(kind="image").count()
        for record in ImportedItem.objects.filter(kind="post").select_related("article")
    }
    assert sum(shown.values()) > 250
    assert {wp_id: n for wp_id, n in lost.items() if n} == {
        wp_id: n for wp_id, n in shown.items() if n
    }


def test_each_post_reads_only_its_own_old_addresses(tmp_path, monkeypatch):
    # Counted, not timed: reading every "?p=" address for each post made a 10,000-post
    # import slow down as it went (it took twice as long per post at the end).
    export = write_large_export(tmp_path / "export.xml", 60)
    loaded = []
    from_db = LegacyURL.from_db.__func__
    monkeypatch.setattr(
        LegacyURL,
        "from_db",
        classmethod(lambda cls, *args: loaded.append(1) or from_db(cls, *args)),
    )

    run_import(export)

    assert LegacyURL.objects.count() >= 100
    assert len(loaded) < 25  # none for a new post's own addresses


# Several sites ----------------------------------------------------------------------------


def test_another_site_claiming_the_same_address_is_refused_not_written_over():
    # Both were exported from a WordPress at http://localhost/: different sites, same ids.
    run_import(PUBLIC / "valid-wxr-1.0.xml")
    first = list(Article.objects.order_by("pk").values_list("title", "slug"))

    with pytest.raises(CommandError, match="different site at the same address"):
        run_import(PUBLIC / "small-export.xml")

    assert list(Article.objects.order_by("pk").values_list("title", "slug")) == first
    run_import(PUBLIC / "small-export.xml", site="localhost-second")
    assert list(Article.objects.order_by("pk").values_list("title", "slug"))[:3] == first
    assert Article.objects.count() > len(first)


def test_a_second_sites_old_addresses_never_take_the_firsts(client):
    run_import(PUBLIC / "valid-wxr-1.0.xml")
    first = ImportedItem.objects.get(kind="post", wp_id=1).article

    report = run_import(PUBLIC / "valid-wxr-1.1.xml", site="another")

    assert client.get("/?p=1")["Location"] == first.get_absolute_url()
    assert "already leads to a post imported from localhost" in report
