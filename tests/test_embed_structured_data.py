"""An explainer with a trailer declares a VideoObject the outside checkers accept: every
property Google requires is there (name, description, thumbnailUrl of the local copy,
uploadDate), and what they only recommend and Marquee cannot know from oEmbed (expiry,
chapters, regions, view counts) is left out rather than made up."""

import datetime

import pytest

from tests.embeds import stored_embed_block
from tests.factories import ArticleFactory, library_image
from tests.test_structured_data_checker import check, checkers  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.page_cache_off]


def _trailer_page(client, **embed):
    article = ArticleFactory(published=True, with_hero=True, title="Watch the Run Away trailer")
    block = stored_embed_block(
        article,
        title="Run Away | Official Trailer | Netflix",
        author_name="Netflix",
        thumbnail=library_image("trailer.png", size=(480, 360), alt="Run Away trailer"),
        **embed,
    )
    return block, client.get(article.get_absolute_url()).content.decode()


def test_a_trailer_passes_the_checkers_with_only_unknowable_recommendations_missing(
    checkers,  # noqa: F811
    client,
    tmp_path,
):
    block, youtube = _trailer_page(client)
    block.embed_date = datetime.date(2025, 12, 9)
    block.save(update_fields=["embed_date"])
    _vimeo_block, vimeo = _trailer_page(
        client, url="https://vimeo.com/76979871", upload_date="2025-12-10", duration=62
    )
    youtube = client.get(block.article.get_absolute_url()).content.decode()

    report = check(checkers, {"youtube": youtube, "vimeo": vimeo}, tmp_path)

    for name, (found, issues) in report.items():
        assert {"NewsArticle", "VideoObject"} <= found, name
        errors = [issue for issue in issues if issue["severity"] == "error"]
        assert errors == [], f"{name}: {errors}"
        unknowable = [issue for issue in issues if "(optional)" not in issue["message"]]
        assert unknowable == [], f"{name}: {unknowable}"


def test_without_an_upload_date_the_page_declares_no_video_and_the_editor_is_told(client):
    """YouTube does not say when a video was published, and search engines require it: a
    page would rather declare no VideoObject than a faulty one, and the editor reads why."""
    from articles.embeds.services import problem

    block, page = _trailer_page(client)

    assert "VideoObject" not in page
    assert "give the day it was first published (YouTube does not say)" in problem(block)
