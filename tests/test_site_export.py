"""`export_site` / `import_site`: the whole site as JSON, back into an empty database."""

import json
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command

import pytest

from articles.models import Article
from discussion.models import Comment, UsedStamp
from exchange.models import LegacyURL
from pages.models import StandingPage
from tests.factories import UserFactory

WXR = Path(__file__).parent / "fixtures" / "wordpress" / "export.xml"
UPLOADS = Path(__file__).parent / "fixtures" / "wordpress" / "uploads"

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(editorial_roles):
    """A small site: imported posts and comments, an editor with a password and a session."""
    # The cites are confirmed as people, so the site has quotes with speakers and sources.
    call_command(
        "import_wordpress",
        str(WXR),
        media_dir=str(UPLOADS),
        person=["Peter Morgan", "Jane Palace"],
        stdout=StringIO(),
    )
    editor = UserFactory(username="ed", password="a-real-password", is_staff=True)
    editor.groups.add(editorial_roles["Editor"])
    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session.create()
    UsedStamp.objects.create(nonce="used-stamp-nonce")
    return editor


def export(path, **options):
    call_command("export_site", str(path), stdout=StringIO(), **options)
    return json.loads(Path(path).read_text())


def rows_by_key(data):
    """The export's rows by model and key, so a difference names the row that differs."""
    return {
        (row["model"], json.dumps(row.get("pk", row["fields"].get("name")))): row["fields"]
        for row in data["objects"]
    }


def differences(first, second):
    """Each (row, field, first value, second value) that differs, and rows only one holds."""
    before, after = rows_by_key(first), rows_by_key(second)
    found = [
        (key, "only in one export", key in before, key in after)
        for key in before.keys() ^ after.keys()
    ]
    for key in before.keys() & after.keys():
        for field in before[key].keys() | after[key].keys():
            if before[key].get(field) != after[key].get(field):
                found.append((key, field, before[key].get(field), after[key].get(field)))
    return found


# flush empties the tables: only possible outside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_an_empty_database_gives_back_the_same_site(site, tmp_path):
    first = export(tmp_path / "first.json", media_dir=str(tmp_path / "media-copy"))
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()

    call_command(
        "import_site",
        str(tmp_path / "first.json"),
        media_dir=str(tmp_path / "media-copy"),
        stdout=StringIO(),
    )

    second = export(tmp_path / "second.json")
    assert differences(first, second) == []
    assert second == first
    article = Article.objects.get(slug="is-the-crown-a-true-story")
    assert article.status == "published"
    assert article.comment_count == 4
    assert Comment.objects.filter(article=article, depth=2).count() == 1
    assert sorted(article.tags.names()) == ["TV", "The Crown", "王冠"]
    assert article.hero_image.file.storage.exists(article.hero_image.file.name)
    editor = get_user_model().objects.get(username="ed")
    assert editor.groups.filter(name="Editor").exists()
    # The imported WordPress page is a standing page, with its old address, after the trip.
    about = StandingPage.objects.get(slug="about")
    assert (about.role, about.status) == ("about", "published") and about.body
    assert LegacyURL.objects.filter(page=about, query="page_id=150").exists()


# flush empties the tables: only possible outside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_imported_accounts_cannot_sign_in_until_reset(site, tmp_path):
    export(tmp_path / "site.json")
    call_command("flush", interactive=False, verbosity=0)

    call_command("import_site", str(tmp_path / "site.json"), stdout=StringIO())

    editor = get_user_model().objects.get(username="ed")
    assert not editor.has_usable_password()
    assert not editor.check_password("a-real-password")


def test_the_export_holds_no_password_hash_session_or_stamp(site, tmp_path):
    data = export(tmp_path / "site.json")
    text = (tmp_path / "site.json").read_text()

    users = [row for row in data["objects"] if row["model"] == "auth.user"]
    assert users and all(row["fields"]["password"] == "" for row in users)
    assert site.password not in text
    models = {row["model"] for row in data["objects"]}
    assert not models & {"sessions.session", "discussion.usedstamp", "axes.accessattempt"}
    assert "used-stamp-nonce" not in text
    assert {
        "articles.article",
        "discussion.comment",
        "people.quote",
        "exchange.legacyurl",
    } <= models


def test_import_refuses_a_database_that_holds_content(site, tmp_path):
    export(tmp_path / "site.json")
    articles = Article.objects.count()

    with pytest.raises(CommandError, match="already holds content .*articles.Article"):
        call_command("import_site", str(tmp_path / "site.json"), stdout=StringIO())

    assert Article.objects.count() == articles


def test_import_refuses_a_file_that_is_not_an_export(db, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}))

    with pytest.raises(CommandError, match="not a Marquee site export"):
        call_command("import_site", str(other), stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_an_export_from_before_release_times_imports_with_its_offers_current(db, tmp_path):
    import datetime

    from productions.models import Availability
    from tests.factories import AvailabilityFactory

    AvailabilityFactory(available_from=datetime.date(2020, 1, 1), platform="Netflix")
    data = export(tmp_path / "old.json")
    for row in data["objects"]:
        for name in ("starts_at", "ends_at", "time_zone", "available_from_time"):
            row["fields"].pop(name, None)
    (tmp_path / "old.json").write_text(json.dumps(data))
    call_command("flush", interactive=False, verbosity=0)

    call_command("import_site", str(tmp_path / "old.json"), stdout=StringIO())

    assert Availability.objects.current().get().platform == "Netflix"
