"""`manage.py import_wordpress`: a WordPress export becomes articles, comments and redirects."""

import shutil
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest

from articles.models import Article, ArticleBlock
from articles.workflow import publish_problems
from discussion.models import Comment
from exchange.models import ImportedItem, LegacyURL
from people.models import Person, Quote, Source
from tests.factories import PersonFactory, UserFactory

FIXTURE = Path(__file__).parent / "fixtures" / "wordpress"
WXR = FIXTURE / "export.xml"
UPLOADS = FIXTURE / "uploads"
FRESHNESS = "/admin/articles/article/freshness/"

pytestmark = pytest.mark.django_db


#: The cites in the export that an editor confirms are people (their quotes become cards).
SPEAKERS = ["Peter Morgan", "Jane Palace"]


def run_import(path=WXR, **options):
    out = StringIO()
    options.setdefault("media_dir", str(UPLOADS))
    options.setdefault("person", SPEAKERS)
    call_command("import_wordpress", str(path), stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def report():
    return run_import()


def crown():
    return Article.objects.get(slug="is-the-crown-a-true-story")


def snapshot():
    """Everything an import writes, as comparable values."""
    return {
        "articles": list(Article.objects.order_by("pk").values()),
        "blocks": list(ArticleBlock.objects.order_by("pk").values()),
        "comments": list(Comment.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values_list("pk", "name")),
        "quotes": list(Quote.objects.order_by("pk").values_list("pk", "text", "speaker", "source")),
        "sources": Source.objects.count(),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "username")),
        "legacy": list(LegacyURL.objects.order_by("pk").values_list("path", "query", "article")),
        "items": ImportedItem.objects.count(),
    }


def test_posts_become_articles_in_their_wordpress_status(report):
    statuses = dict(Article.objects.values_list("slug", "status"))

    assert statuses == {
        "is-the-crown-a-true-story": "published",
        "odd-markup": "published",
        "a-classic-post": "published",
        "plain-slug-post": "published",
        "a-draft": "draft",
        "waiting-for-review": "in_review",
        "coming-soon": "scheduled",
        "staff-only": "draft",  # private posts are never made public
    }
    assert (
        "post 108 “Binned post” (skipped)\n    - status “trash” in WordPress: left behind" in report
    )
    assert "pages created 1" in report  # the About page: tests/test_wordpress_pages.py


def test_a_published_post_keeps_its_date_byline_tags_and_featured_image(report, client):
    article = crown()

    assert article.publish_at.isoformat() == "2024-05-10T09:00:00+00:00"
    assert article.first_published_at == article.publish_at
    assert article.standfirst == "What is true in The Crown, and what was made up."
    assert sorted(article.tags.names()) == ["TV", "The Crown", "王冠"]
    assert client.get("/tags/王冠/").status_code == 200
    (author,) = article.authors.all()
    assert (author.username, author.get_full_name()) == ("alice", "Alice Writer")
    assert not author.has_usable_password() and not author.is_staff
    assert Path(article.hero_image.file.name).name.startswith("crown-hero")
    assert article.hero_alt_text == "A golden carriage outside the palace"
    assert article.hero_credit_text == "Image via Netflix"


def test_an_existing_account_keeps_its_staff_status_and_password(db):
    alice = UserFactory(username="alice", is_staff=True, password="secret-pass")

    run_import()

    alice.refresh_from_db()
    assert alice.is_staff and alice.check_password("secret-pass")
    assert list(crown().authors.all()) == [alice]


def test_post_html_is_split_into_blocks(report):
    kinds = [block.kind for block in crown().blocks.all()]

    assert kinds == ["rich_text", "heading", "rich_text", "quote", "heading", "quote", "image"]
    headings = [block.heading for block in crown().blocks.all() if block.heading]
    assert headings == ["What really happened", "The palace view"]
    image = crown().blocks.get(kind="image")
    assert Path(image.image.file.name).name.startswith("palace")
    assert (image.image_alt_text, image.caption) == ("The palace gates", "The gates, in spring")
    assert "missing.jpg not found: left out" in report


def test_quotes_are_matched_to_people_and_sources(db):
    morgan = PersonFactory(name="Peter Morgan")

    run_import()

    pull, block = crown().blocks.filter(kind="quote").select_related("quote__source")
    assert pull.quote.speaker == morgan
    assert pull.quote.text == "We never pretended it was a documentary."
    assert pull.quote.source.url == "https://news.example/interviews/crown-writer"
    assert pull.quote.source.outlet == "News Example"
    assert block.quote.speaker.name == "Jane Palace"
    assert block.quote.text == "It is a drama, and viewers know it."
    assert block.quote.source is None


def test_odd_html_is_cleaned_and_what_had_no_block_is_reported(report):
    text = "".join(Article.objects.get(slug="odd-markup").blocks.values_list("text", flat=True))

    assert "Nested <b>spans</b> survive as words" in text
    assert "Inline styles go, the words stay." in text
    for gone in ("<span", "style=", "onclick", "alert", "<script", "[gallery", "<p></p>", "iframe"):
        assert gone not in text
    assert "scripts removed (1)" in report
    assert "iframe from https://video.example/embed/1 kept as a link" in report
    assert "picture 7 is not in the export: left out" in report  # [gallery ids="7,8"]


def test_a_classic_editor_post_gets_paragraphs_and_its_captioned_image(report):
    blocks = list(Article.objects.get(slug="a-classic-post").blocks.all())

    assert [block.kind for block in blocks] == ["rich_text", "image"]
    assert blocks[0].text == (
        "<p>First paragraph, written without tags.</p><p>Second paragraph, after a blank line.</p>"
    )
    assert blocks[1].caption == "The palace, from the classic editor"


def test_comments_come_across_threaded_with_their_status(report):
    comments = {c.body: c for c in Comment.objects.filter(article=crown())}

    assert set(comments) == {
        "Great piece.\n\nThe phone call fooled me.",
        "Me too!",
        "Glad it was not just me.",
        "Waiting for a moderator.",
        "Buy now here",
        "A reply to a binned comment.",
    }
    first, reply, deeper = (
        comments["Great piece.\n\nThe phone call fooled me."],
        comments["Me too!"],
        comments["Glad it was not just me."],
    )
    assert (first.parent, first.depth) == (None, 0)
    assert (reply.parent, reply.root, reply.depth) == (first, first, 1)
    assert (deeper.parent, deeper.root, deeper.depth) == (reply, first, 2)
    assert comments["Waiting for a moderator."].status == "pending"
    assert comments["Waiting for a moderator."].parent == first
    assert comments["Buy now here"].status == "spam"
    orphan = comments["A reply to a binned comment."]
    assert (orphan.parent, orphan.status, orphan.guest_name) == (None, "approved", "Anonymous")
    assert (reply.guest_name, reply.guest_email, reply.ip) == (
        "Tom",
        "tom@readers.example",
        "2001:db8::7",
    )
    assert reply.created_at.isoformat() == "2024-05-11T08:00:00+00:00"
    assert "comment 6: status “trash”, left behind" in report


def test_pingbacks_stay_behind_and_comment_text_is_plain(report):
    (comment,) = Comment.objects.filter(article__slug="plain-slug-post")

    assert comment.body == "Fish & chips <3"
    assert comment.ip is None  # WordPress stored "unknown"
    assert "comment 8: a pingback, left behind" in report


def test_counters_are_recomputed_and_no_mail_is_sent(report, mailoutbox):
    assert crown().comment_count == 4  # approved only: three in the thread and the orphan
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2024/05/is-the-crown-a-true-story/", "/is-the-crown-a-true-story/"),  # date-based
        ("/2024/05/is-the-crown-a-true-story", "/is-the-crown-a-true-story/"),
        ("/?p=101", "/is-the-crown-a-true-story/"),  # the guid of a pretty permalink
        ("/?p=102", "/odd-markup/"),  # plain permalink
        ("/archives/103", "/a-classic-post/"),  # numeric permalink
        ("/archives/103/", "/a-classic-post/"),
    ],
)
def test_old_addresses_redirect_permanently(report, client, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_a_slug_that_stayed_the_same_answers_directly(report, client):
    assert client.get("/plain-slug-post/").status_code == 200


def test_an_old_address_is_answered_the_same_once_pages_are_cached(
    db, client, django_capture_on_commit_callbacks
):
    assert client.get("/?p=101").status_code == 200  # the home page, stored in the page cache
    assert client.get("/?p=101").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        run_import()

    assert client.get("/?p=101").status_code == 301
    assert client.get("/2024/05/is-the-crown-a-true-story/").status_code == 301


def test_an_old_address_of_an_unpublished_post_stays_404(report, client):
    assert client.get("/?p=104").status_code == 200  # the home page, no redirect
    assert client.get("/2024/02/staff-only/").status_code == 404
    assert client.get("/2030/01/coming-soon/").status_code == 404


def test_reimporting_the_same_file_changes_nothing(report):
    before = snapshot()

    second = run_import()

    assert snapshot() == before
    assert "posts unchanged 8" in second
    assert "comments unchanged 7" in second


def test_a_renamed_post_keeps_answering_at_its_previous_slug(report, client, tmp_path):
    renamed = tmp_path / "export.xml"
    renamed.write_text(
        WXR.read_text().replace(
            "<wp:post_name><![CDATA[plain-slug-post]]>", "<wp:post_name><![CDATA[renamed-post]]>"
        ),
        encoding="utf-8",
    )

    run_import(renamed)

    assert client.get("/renamed-post/").status_code == 200
    assert client.get("/plain-slug-post/")["Location"] == "/renamed-post/"


def test_reimporting_a_changed_post_updates_it_in_place(report, tmp_path):
    changed = tmp_path / "export.xml"
    changed.write_text(
        WXR.read_text().replace("Short and plain.", "Short, plain and corrected."),
        encoding="utf-8",
    )
    articles = Article.objects.count()

    second = run_import(changed)

    assert Article.objects.count() == articles
    text = Article.objects.get(slug="plain-slug-post").blocks.get().text
    assert text == "<p>Short, plain and corrected.</p>"
    assert "posts updated 1" in second


def test_the_report_lists_what_published_posts_lack(report):
    assert "“Odd markup from an old plugin” lacks: a standfirst; a hero image" in report
    assert "“Is The Crown a true story?” lacks: a source for the quote in block 6" in report
    item = ImportedItem.objects.get(kind="post", wp_id=102)
    assert item.lacks.startswith("a standfirst; a hero image")


def test_the_freshness_page_lists_imported_articles_that_lack_publish_needs(report, client, editor):
    client.force_login(editor)

    response = client.get(FRESHNESS)

    rows = {article.title: lacks for article, lacks in response.context["lacking_rows"]}
    assert rows["Odd markup from an old plugin"][:2] == ["a standfirst", "a hero image"]
    assert "Is The Crown a true story?" in rows
    assert "A draft" not in rows
    assert response.content.decode().count('id="lacking-publish-needs"') == 1


def test_a_file_that_is_not_a_wordpress_export_is_refused(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<html><body>not an export</body></html>")

    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(bad)


def test_the_freshness_query_finds_exactly_what_publish_problems_refuses(report):
    live = Article.objects.live()
    expected = {article.pk for article in live if publish_problems(article)}

    assert set(Article.objects.lacking_publish_needs().values_list("pk", flat=True)) == expected
    assert crown().pk in expected  # only its quote lacks a source


def test_an_article_an_editor_deleted_is_not_brought_back(report):
    Article.objects.get(slug="plain-slug-post").delete()

    second = run_import()

    assert not Article.objects.filter(slug="plain-slug-post").exists()
    assert "post 109 “Plain slug permalink” (skipped)\n    - deleted in Marquee" in second


def test_an_updated_post_keeps_its_stored_featured_image(report, tmp_path):
    hero = crown().hero_image.file.name
    changed = tmp_path / "export.xml"
    changed.write_text(
        WXR.read_text().replace("mixes <strong>record</strong>", "mixes <em>record</em>"),
        encoding="utf-8",
    )

    run_import(changed)

    assert crown().hero_image.file.name == hero
    assert "<em>record</em>" in crown().blocks.first().text


def test_a_damaged_picture_is_left_out_and_reported(tmp_path):
    uploads = tmp_path / "uploads"
    shutil.copytree(UPLOADS, uploads)
    (uploads / "2024" / "05" / "crown-hero.png").write_bytes(b"not a picture at all")

    report = run_import(media_dir=str(uploads))

    assert not crown().hero_image
    assert "featured image crown-hero.png left out: Upload a JPEG" in report
    assert "“Is The Crown a true story?” lacks: a hero image" in report


def test_a_post_the_database_refuses_costs_only_that_post(monkeypatch):
    from django.db import DataError

    from exchange.wordpress.importer import WordPressImporter

    original = WordPressImporter._legacy_urls

    def refuse_one(self, item, **target):
        if item.wp_id == 102:
            raise DataError("value too long")
        return original(self, item, **target)

    monkeypatch.setattr(WordPressImporter, "_legacy_urls", refuse_one)

    out = StringIO()
    with pytest.raises(CommandError, match="Some posts could not be imported") as failed:
        call_command("import_wordpress", str(WXR), media_dir=str(UPLOADS), stdout=out)

    assert failed.value.returncode == 2
    assert "post 102 “Odd markup from an old plugin” (failed)" in out.getvalue()
    assert "- not imported: value too long" in out.getvalue()
    assert not Article.objects.filter(slug="odd-markup").exists()
    assert Article.objects.filter(slug="is-the-crown-a-true-story").exists()


def test_a_cite_nobody_confirmed_stays_a_quotation_in_the_text_not_a_person(db):
    report = run_import(person=[])

    assert not Person.objects.exists()
    assert not crown().blocks.filter(kind="quote").exists()
    text = "".join(crown().blocks.values_list("text", flat=True))
    assert "We never pretended it was a documentary." in text
    assert '— <a href="https://news.example/interviews/crown-writer"' in text
    assert "Peter Morgan, News Example</a>" in text
    assert "quotation cited to “Peter Morgan” kept in the text" in report


def test_once_an_editor_adds_the_person_a_second_run_makes_the_quote_card(db):
    run_import(person=[])
    PersonFactory(name="Jane Palace")

    second = run_import(person=[])

    (card,) = crown().blocks.filter(kind="quote")
    assert card.quote.speaker.name == "Jane Palace"
    assert "posts updated 1" in second
