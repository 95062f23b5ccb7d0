"""`import_wordpress` on exports WordPress itself wrote (tests/fixtures/wordpress/public,
the WordPress importer plugin's own test data, GPL-2.0-or-later): every version,
WordPress.com, CDATA oddities, damaged files, statuses, the report, re-runs and sites."""

import html
import json
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import CommandError
from django.utils.html import strip_tags

import pytest

from articles.models import Article, ArticleBlock
from core.text import single_line
from discussion.models import Comment
from exchange.models import ImportedItem, LegacyURL
from images.models import Image
from tests.wordpress_exports import (
    A11Y,
    PUBLIC,
    THEME,
    comments_of,
    items,
    public_posts,
    run_import,
)

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

#: Exports WordPress wrote that must import whole.
READABLE = [
    "theme-unit-test-data.xml",
    "a11y-unit-test-data.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
    "small-export.xml",
    "crazy-cdata.xml",
    "crazy-cdata-escaped.xml",
    "cdata-edge.xml",
    "multiple-cdata.xml",
    "namespace-edge-cases.xml",
    "wxr-utf-8-challenges.xml",
    "slashes.xml",
    "post-content-blank-lines.xml",
    "missing-tags.xml",
]


def article(title):
    return Article.objects.get(title=title)


# Every version, every namespace ---------------------------------------------------------


def _everything():
    """What an import writes, as comparable values."""
    return (
        list(Article.objects.order_by("pk").values_list("pk", "title", "status", "slug")),
        list(ArticleBlock.objects.order_by("pk").values_list("pk", "kind", "text")),
        list(Comment.objects.order_by("pk").values_list("pk", "body", "status")),
        list(LegacyURL.objects.order_by("pk").values_list("path", "query", "article")),
        ImportedItem.objects.count(),
        Image.objects.count(),
    )


@pytest.mark.parametrize("name", READABLE)
def test_each_real_export_imports_every_published_post_once_with_its_title(name):
    path = PUBLIC / name

    run_import(path)
    before = _everything()
    second = run_import(path)

    published = public_posts(path)
    assert published
    for *_, title, wp_id, item in published:
        article = ImportedItem.objects.get(kind="post", wp_id=wp_id).article
        dated = item.find("{*}post_date_gmt") is not None
        assert article.status == ("published" if dated else "draft")  # undated: a draft
        # Markup and entities decoded; direction overrides go, as from any title typed here.
        words = single_line(" ".join(html.unescape(strip_tags(title)).split()))
        assert article.title == (words or f"WordPress post {wp_id}")
    # A second run adds nothing and changes nothing.
    assert _everything() == before
    assert "posts created" not in second and "posts updated" not in second


def test_cdata_that_holds_cdata_comes_across_whole():
    run_import(PUBLIC / "crazy-cdata.xml")
    run_import(PUBLIC / "crazy-cdata-escaped.xml", site="escaped")

    # The unescaped file (an old WordPress) reads as its escaped twin (WordPress now). The
    # nested "<![CDATA[ tags ]]>" is a bogus comment to a browser: WordPress readers saw
    # "Content with nested  :)", and so do Marquee's.
    crazy, escaped = (
        list(article.blocks.values_list("kind", "text"))
        for article in Article.objects.filter(title="Hello world!").order_by("pk")
    )
    assert crazy == escaped == [("rich_text", "<p>Content with nested  :)</p>")]


def test_multibyte_text_and_backslashes_survive():
    run_import(PUBLIC / "wxr-utf-8-challenges.xml")
    run_import(PUBLIC / "slashes.xml")

    (utf8,) = ImportedItem.objects.filter(site="playground.internal/path", kind="post")
    words = " ".join(utf8.article.blocks.values_list("text", flat=True))
    assert "𝓦𝓮𝓲𝓻𝓭 𝓦𝓸𝓻𝓭𝓼" in words
    slashes = Article.objects.get(title__contains="Hello")
    assert "\\" in "".join(slashes.blocks.values_list("text", flat=True))


def test_an_export_in_another_encoding_reads_the_same(tmp_path):
    latin = tmp_path / "latin-1.xml"
    text = (PUBLIC / "valid-wxr-1.1.xml").read_text(encoding="utf-8")
    text = text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').replace(
        "Hello world!", "Hallå världen, café!"
    )
    latin.write_bytes(text.encode("iso-8859-1"))

    run_import(latin)

    assert Article.objects.filter(title="Hallå världen, café!").exists()


def test_control_characters_wordpress_exports_are_dropped_and_reported(tmp_path):
    dirty = tmp_path / "dirty.xml"
    text = (PUBLIC / "valid-wxr-1.1.xml").read_text(encoding="utf-8")
    dirty.write_text(text.replace("Hello world!", "Hello\x0b world\x08!"), encoding="utf-8")

    report = run_import(dirty)

    assert Article.objects.filter(title="Hello world!").exists()
    assert "2 control character(s) XML forbids were removed" in report


def test_threaded_comments_keep_their_threads(theme):
    (item,) = [i[5] for i in items(THEME) if i[3] == "Template: Comments"]
    comments = comments_of(item)
    imported = {
        record.wp_id: record.comment
        for record in ImportedItem.objects.filter(kind="comment").select_related("comment")
    }

    replies = [(wp_id, parent) for wp_id, parent, approved in comments if parent]
    assert len(replies) >= 5
    for wp_id, parent in replies:
        assert imported[wp_id].parent == imported[parent]
    assert max(imported[wp_id].depth for wp_id, _ in replies) >= 4
    commented = article("Template: Comments")
    approved = sum(approved == "1" for _, _, approved in comments)
    assert commented.comments.filter(status="approved").count() == approved


@pytest.mark.parametrize("path", [THEME, A11Y], ids=["theme", "a11y"])
def test_every_table_and_every_piece_of_code_comes_across_whole(path):
    run_import(path)

    for post_type, _, _, title, wp_id, item in items(path):
        if post_type != "post":
            continue
        content = next((c.text or "" for c in item if c.tag.endswith("}encoded")), "")
        content = re.sub(r"<script.*?</script>", "", content, flags=re.S | re.I)
        record = ImportedItem.objects.filter(kind="post", wp_id=wp_id).first()
        if record is None:
            continue  # left behind (trash): named in the report
        text = "".join(record.article.blocks.values_list("text", flat=True))
        for tag in ("<table", "<pre"):
            assert text.count(tag) == content.count(tag), (title, tag)


# Files that are not whole exports ---------------------------------------------------------


def _truncated(tmp_path):
    cut = tmp_path / "cut-short.xml"
    data = THEME.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    return cut


def _not_an_export(tmp_path):
    page = tmp_path / "page.xml"
    page.write_text("<html><body>not an export</body></html>")
    return page


def _plain_rss(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<rss version="2.0"><channel><title>A feed</title></channel></rss>')
    return feed


def _empty(tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    return empty


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: PUBLIC / "malformed.xml", "damaged or cut short"),
        (lambda tmp: PUBLIC / "malformed-simple.xml", "damaged or cut short"),
        (lambda tmp: PUBLIC / "invalid-version-tag.xml", "version “abc”"),
        (lambda tmp: PUBLIC / "missing-version-tag.xml", "no <wp:wxr_version>"),
        (_truncated, "damaged or cut short"),
        (_not_an_export, "not a WordPress export"),
        (_plain_rss, "no <wp:wxr_version>"),
        (_empty, "damaged or cut short"),
    ],
    ids=[
        "malformed",
        "malformed-simple",
        "bad-version",
        "no-version",
        "cut",
        "html",
        "rss",
        "empty",
    ],
)
def test_a_file_that_is_not_a_whole_export_is_refused_and_nothing_is_written(
    tmp_path, make, message, theme_media
):
    with pytest.raises(CommandError, match=message) as refused:
        run_import(make(tmp_path), media_dir=str(theme_media))

    assert refused.value.returncode == 1
    assert Article.objects.count() == Image.objects.count() == ImportedItem.objects.count() == 0


def test_the_command_exits_non_zero_on_a_damaged_file(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = Path(__file__).parent.parent / "manage.py"

    done = subprocess.run(
        [sys.executable, str(manage), "import_wordpress", str(PUBLIC / "malformed.xml")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )

    assert done.returncode == 1
    assert "damaged or cut short" in done.stderr
    assert done.stdout == ""


def test_a_post_that_fails_makes_the_exit_code_say_so(monkeypatch):
    from django.db import DataError

    from exchange.wordpress.importer import WordPressImporter

    original = WordPressImporter._fill_article

    def refuse_one(self, article, item, entry):
        if item.wp_id == 1:
            raise DataError("value too long")
        return original(self, article, item, entry)

    monkeypatch.setattr(WordPressImporter, "_fill_article", refuse_one)

    with pytest.raises(CommandError, match="Some posts could not be imported") as failed:
        run_import(PUBLIC / "valid-wxr-1.0.xml")

    assert failed.value.returncode == 2
    assert Article.objects.count() == 2  # the other posts are in


# Statuses ---------------------------------------------------------------------------------


def test_nothing_that_was_not_public_in_wordpress_is_public_here(theme, client):
    password = article('Template: Password Protected (the password is "enter")')

    assert password.status == "draft"
    assert article("Draft").status == "draft"
    assert article("Scheduled").status == "scheduled"
    assert client.get(password.get_absolute_url()).status_code == 404
    hidden = "This comment should not be visible until the password is entered."
    assert Comment.objects.filter(article=password, body=hidden).exists()
    for address in ("/", "/feed/", "/comments/feed/", "/api/v1/articles/", "/sitemap.xml"):
        response = client.get(address, follow=True)
        body = response.content.decode()
        assert "Password Protected" not in body, address
        assert hidden not in body, address


def test_private_posts_stay_drafts():
    report = run_import(PUBLIC / "small-export.xml")

    private = [i for i in items(PUBLIC / "small-export.xml") if i[1] == "private"]
    assert private
    for *_, wp_id, _ in private:
        assert ImportedItem.objects.get(kind="post", wp_id=wp_id).article.status == "draft"
    assert "private in WordPress: imported as a draft" in report


def test_a_sticky_post_is_featured(theme):
    assert article("Template: Sticky").is_featured
    assert Article.objects.filter(is_featured=True).count() == 1


def test_titles_are_decoded_once_and_plain(theme, client):
    special = Article.objects.get(title__startswith="Markup: Title With Special Characters")
    markup = Article.objects.get(title="Markup: Title With Markup")

    assert "&amp;" not in special.title and "^&*()" in special.title
    page = client.get(markup.get_absolute_url()).content.decode()
    assert "&lt;em&gt;" not in page and "<h1" in page


# The report -----------------------------------------------------------------------------


def test_the_report_is_written_as_json_and_csv(theme_media, tmp_path):
    run_import(THEME, media_dir=str(theme_media), report=str(tmp_path / "report.json"))
    run_import(THEME, media_dir=str(theme_media), report=str(tmp_path / "report.csv"))

    data = json.loads((tmp_path / "report.json").read_text())
    assert data["site"] == "wpthemetestdata.wordpress.com"
    assert data["counts"]["posts created"] == len(
        [i for i in items(THEME) if i[0] == "post" and i[1] in ("publish", "future", "draft")]
    )
    # Pages become standing pages; one in the bin is left behind.
    pages = {
        entry["wp_id"]: entry["outcome"] for entry in data["items"] if entry["post_type"] == "page"
    }
    wanted = {
        i[4]: "skipped" if i[1] == "trash" else "created" for i in items(THEME) if i[0] == "page"
    }
    assert pages and pages == wanted
    lines = (tmp_path / "report.csv").read_text().splitlines()
    assert lines[0] == "wp_id,type,title,outcome,address,note"
    assert any(",unchanged," in line for line in lines[1:])


def test_a_report_file_of_another_kind_is_refused_before_importing(tmp_path):
    with pytest.raises(CommandError, match=r"\.csv or \.json"):
        run_import(THEME, report=str(tmp_path / "report.txt"))

    assert Article.objects.count() == 0


def test_a_dry_run_reports_the_same_and_writes_nothing(theme_media, settings):
    stored_before = set(Path(settings.MEDIA_ROOT).rglob("*"))

    dry = run_import(THEME, media_dir=str(theme_media), dry_run=True)

    assert dry.startswith("Dry run: nothing was written.")
    assert Article.objects.count() == Image.objects.count() == Comment.objects.count() == 0
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == stored_before
    real = run_import(THEME, media_dir=str(theme_media))
    counts = re.search(r"Counts: (.*)", real).group(1)
    assert re.search(r"Counts: (.*)", dry).group(1) == counts
