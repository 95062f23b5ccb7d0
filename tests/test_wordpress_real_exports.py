"""`import_wordpress` on exports WordPress itself wrote (tests/fixtures/wordpress/public,
the WordPress importer plugin's own test data, GPL-2.0-or-later): every version, WordPress.com,
CDATA oddities, damaged files, statuses, pictures, the report and re-runs."""

import json
import re
import subprocess
import sys
import tracemalloc
from io import StringIO
from pathlib import Path
from xml.etree import ElementTree

from django.core.management import CommandError, call_command

import pytest
from PIL import Image as PILImage

from articles.models import Article, ArticleBlock
from discussion.models import Comment
from exchange.models import ImportedItem, LegacyURL
from exchange.wordpress.wxr import WXRSource
from images.models import Image
from tests.wordpress_exports import write_large_export

PUBLIC = Path(__file__).parent / "fixtures" / "wordpress" / "public"
THEME = PUBLIC / "theme-unit-test-data.xml"
A11Y = PUBLIC / "a11y-unit-test-data.xml"
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
WP = r"\{https?://wordpress\.org/export/1\.\d/\}"

pytestmark = pytest.mark.django_db


def run_import(path, **options):
    out = StringIO()
    call_command("import_wordpress", str(path), stdout=out, **options)
    return out.getvalue()


def items(path):
    """(post type, status, password, title, id, element) of each item, read independently of
    the importer with ElementTree and the namespace of whatever version the file is."""
    if path.name == "crazy-cdata.xml":
        # Not well-formed XML (an old WordPress did not escape "]]>"); its twin, as WordPress
        # writes it now, holds the same items.
        path = path.with_name("crazy-cdata-escaped.xml")
    found = []
    for item in ElementTree.parse(path).getroot().iter("item"):
        fields = {}
        for child in item:
            name = re.sub(WP, "wp:", child.tag)
            fields.setdefault(name, (child.text or "").strip())
        found.append(
            (
                fields.get("wp:post_type", "post"),
                fields.get("wp:status", ""),
                fields.get("wp:post_password", ""),
                fields.get("title", ""),
                int(fields.get("wp:post_id") or 0),
                item,
            )
        )
    return found


def public_posts(path):
    return [i for i in items(path) if i[:3] == ("post", "publish", "") and i[4]]


def write_pictures(path, folder):
    """A small picture at every address the export's attachments name, laid out as
    WordPress.com's media export and wp-content/uploads are: YYYY/MM/name."""
    written = 0
    for post_type, _, _, _, _, item in items(path):
        if post_type != "attachment":
            continue
        url = next(
            (
                (c.text or "").strip()
                for c in item
                if re.sub(WP, "wp:", c.tag) == "wp:attachment_url"
            ),
            "",
        )
        match = re.search(r"/(\d{4}/\d{2}/[^/?#]+\.(?:jpe?g|png|gif))$", url or "", re.I)
        if not match:
            continue
        target = folder / match.group(1)
        target.parent.mkdir(parents=True, exist_ok=True)
        kind = "PNG" if target.suffix.lower() == ".png" else "GIF"
        kind = "JPEG" if target.suffix.lower() in (".jpg", ".jpeg") else kind
        PILImage.new("RGB", (64, 48), (written % 255, 90, 140)).save(target, kind)
        written += 1
    return written


@pytest.fixture
def theme_media(tmp_path):
    folder = tmp_path / "uploads"
    assert write_pictures(THEME, folder) > 20
    return folder


@pytest.fixture
def theme(theme_media):
    return run_import(THEME, media_dir=str(theme_media))


def article(title):
    return Article.objects.get(title=title)


# Every version, every namespace ---------------------------------------------------------


@pytest.mark.parametrize("name", READABLE)
def test_each_real_export_imports_every_published_post_with_its_title(name):
    path = PUBLIC / name

    run_import(path)

    published = public_posts(path)
    assert published
    titles = set(Article.objects.published().values_list("title", flat=True))
    for *_, wp_id, _ in published:
        record = ImportedItem.objects.get(kind="post", wp_id=wp_id)
        assert record.article.title in titles or record.article.status == "draft"
    dated = [p for p in published if p[5].find("{*}post_date_gmt") is not None]
    assert Article.objects.published().count() >= len(dated) - 1  # an undated one is a draft


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
def test_a_second_run_of_a_real_export_adds_and_changes_nothing(name):
    path = PUBLIC / name
    run_import(path)
    before = _everything()

    second = run_import(path)

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


def _comments(item):
    """(id, parent id, approved) of each comment on an item of the export."""
    found = []
    for comment in item:
        if re.sub(WP, "wp:", comment.tag) != "wp:comment":
            continue
        fields = {re.sub(WP, "wp:", c.tag): (c.text or "").strip() for c in comment}
        found.append(
            (
                int(fields["wp:comment_id"]),
                int(fields["wp:comment_parent"] or 0),
                fields["wp:comment_approved"],
            )
        )
    return found


def test_threaded_comments_keep_their_threads(theme):
    (item,) = [i[5] for i in items(THEME) if i[3] == "Template: Comments"]
    comments = _comments(item)
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


# The report -----------------------------------------------------------------------------


def test_the_report_is_written_as_json_and_csv(theme_media, tmp_path):
    run_import(THEME, media_dir=str(theme_media), report=str(tmp_path / "report.json"))
    run_import(THEME, media_dir=str(theme_media), report=str(tmp_path / "report.csv"))

    data = json.loads((tmp_path / "report.json").read_text())
    assert data["site"] == "wpthemetestdata.wordpress.com"
    assert data["counts"]["posts created"] == len(
        [i for i in items(THEME) if i[0] == "post" and i[1] in ("publish", "future", "draft")]
    )
    pages = [entry for entry in data["items"] if entry["post_type"] == "page"]
    assert pages and all(entry["outcome"] == "skipped" for entry in pages)
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
    export = write_large_export(tmp_path / "export.xml", 120)
    loaded = []
    from_db = LegacyURL.from_db.__func__
    monkeypatch.setattr(
        LegacyURL,
        "from_db",
        classmethod(lambda cls, *args: loaded.append(1) or from_db(cls, *args)),
    )

    run_import(export)

    assert LegacyURL.objects.count() >= 200
    assert len(loaded) < 50  # none for a new post's own addresses
