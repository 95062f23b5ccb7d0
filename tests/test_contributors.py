"""Contributors and bylines on the desk: several ordered names per article, desk access that
follows the byline, a writer on their own piece, profiles that outlive accounts, history,
export, WordPress import, the API and oEmbed."""

from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest
from reversion.models import Version

from articles.models import Article, Byline, Contributor
from articles.workflow import staff_name
from exchange.site import site_export_data
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    ContributorLinkFactory,
    UserFactory,
)
from tests.workflow_forms import ADD_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db

WXR = Path(__file__).parent / "fixtures" / "wordpress" / "export.xml"


def byline_of(article):
    return [line.contributor.name for line in Byline.objects.filter(article=article)]


def post_byline(client, article, contributors):
    """Save the change form as the browser shows it, with the byline's names removed and
    `contributors` picked in their place, in that order."""
    page = client.get(change_url(article))
    data = admin_form_data(page.content.decode(), "article_form")
    existing = int(data["bylines-TOTAL_FORMS"])
    for index in range(existing):
        data[f"bylines-{index}-DELETE"] = "on"
    for offset, contributor in enumerate(contributors):
        index = existing + offset
        data[f"bylines-{index}-contributor"] = contributor.pk
        data[f"bylines-{index}-position"] = index + 1
    data["bylines-TOTAL_FORMS"] = existing + len(contributors)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context.get("errors")


def test_an_editor_sets_several_names_in_order_and_staff_among_them_get_desk_access(
    client, editor, role_user
):
    writer = role_user("Writer", username="wes", first_name="Wes", last_name="Tan")
    guest = ContributorFactory(name="Guest Star")
    staff = ContributorFactory(name="Wes Tan", user=writer)
    article = ArticleFactory(authors=[editor])
    client.force_login(editor)

    post_byline(client, article, [guest, staff])

    assert byline_of(article) == ["Guest Star", "Wes Tan"]
    assert set(article.authors.all()) == {editor, writer}


def test_a_writer_starting_a_piece_is_on_its_byline_from_their_name(client, role_user):
    writer = role_user("Writer", username="wes", first_name="Wes", last_name="Tan")
    client.force_login(writer)

    response = client.post(ADD_URL, article_form_data())

    assert response.status_code == 302
    article = Article.objects.get()
    assert byline_of(article) == ["Wes Tan"]
    assert Contributor.objects.get().user == writer
    assert Contributor.objects.get().slug == "wes-tan"
    assert list(article.authors.all()) == [writer]


def test_an_editor_starting_a_piece_fills_only_an_empty_byline(client, editor):
    guest = ContributorFactory(name="Guest Star")
    client.force_login(editor)
    data = article_form_data()
    data.update({"bylines-TOTAL_FORMS": 1, "bylines-INITIAL_FORMS": 0})
    data.update({"bylines-0-contributor": guest.pk, "bylines-0-position": 1})

    client.post(ADD_URL, data)
    client.post(ADD_URL, article_form_data(slug="a-second-piece"))

    first, second = Article.objects.order_by("pk")
    assert byline_of(first) == ["Guest Star"]
    assert byline_of(second) == [staff_name(editor)]


def test_a_writer_reads_the_byline_but_cannot_change_it(client, role_user):
    writer = role_user("Writer", username="wes")
    article = ArticleFactory(authors=[writer])
    ContributorFactory(name="Someone Else")
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()
    data = admin_form_data(page, "article_form")
    data.update({"bylines-TOTAL_FORMS": 2, "bylines-1-contributor": Contributor.objects.last().pk})
    client.post(change_url(article), data)

    assert byline_of(article) == [staff_name(writer)]


def test_a_deleted_or_deactivated_account_leaves_the_profile_and_its_bylines(client, db):
    user = UserFactory(username="gone", first_name="Gone", last_name="Writer", is_staff=True)
    article = ArticleFactory(published=True, authors=[user])
    contributor = Contributor.objects.get(user=user)

    user.is_active = False
    user.save()
    assert "Gone Writer" in client.get(article.get_absolute_url()).content.decode()
    user.delete()

    contributor.refresh_from_db()
    assert contributor.user is None
    assert byline_of(article) == ["Gone Writer"]
    assert client.get(contributor.get_absolute_url()).status_code == 200


def test_a_writer_keeps_their_own_profile_but_not_its_address_or_account(client, role_user):
    writer = role_user("Writer", username="wes")
    own = ContributorFactory(name="Wes", slug="wes", user=writer)
    other = ContributorFactory(name="Other")
    client.force_login(writer)

    listing = client.get("/admin/articles/contributor/").content.decode()
    assert "Wes" in listing and "Other" not in listing
    assert client.get(f"/admin/articles/contributor/{other.pk}/change/").status_code == 302
    assert client.get("/admin/articles/contributor/add/").status_code == 403

    page = client.get(f"/admin/articles/contributor/{own.pk}/change/").content.decode()
    data = admin_form_data(page, "contributor_form")
    assert "slug" not in data and "user" not in data
    data.update({"bio": "Now writing about endings.", "slug": "stolen", "user": ""})
    assert client.post(f"/admin/articles/contributor/{own.pk}/change/", data).status_code == 302

    own.refresh_from_db()
    assert (own.bio, own.slug, own.user) == ("Now writing about endings.", "wes", writer)


def test_history_compare_names_the_byline_change(client, editor):
    ann = ContributorFactory(name="Ann Lee")
    article = ArticleFactory(authors=[editor])
    client.force_login(editor)
    post_byline(client, article, [])
    post_byline(client, article, [ann])

    newer, older = list(Version.objects.get_for_object(article))[:2]
    response = client.get(
        f"/admin/articles/article/{article.pk}/history/compare/", {"from": older.pk, "to": newer.pk}
    )

    assert response.context["comparison"].relation_changes == [("Byline", ["Ann Lee"], [])]


def test_the_site_export_carries_profiles_links_and_bylines(db):
    mara = ContributorFactory(name="Mara Quinn")
    ContributorLinkFactory(contributor=mara, url="https://mara.example/")
    ArticleFactory(byline=[mara])

    models = {row["model"] for row in site_export_data()["objects"]}

    assert {"articles.contributor", "articles.contributorlink", "articles.byline"} <= models


def test_a_wordpress_author_becomes_a_contributor_on_the_byline_and_is_reused(db):
    options = {"media_dir": str(WXR.parent / "uploads"), "stdout": StringIO()}
    call_command("import_wordpress", str(WXR), **options)

    crown = Article.objects.get(slug="is-the-crown-a-true-story")
    alice = Contributor.objects.get(slug="alice")
    assert (alice.name, alice.user.username) == ("Alice Writer", "alice")
    assert byline_of(crown) == ["Alice Writer"]
    assert Contributor.objects.get(slug="bob").name == "Bob"

    call_command("import_wordpress", str(WXR), **options)
    assert Contributor.objects.count() == 2


def test_the_api_and_oembed_name_the_byline_in_order(client, db):
    sam, mara = ContributorFactory(name="Sam Roe"), ContributorFactory(name="Mara Quinn")
    article = ArticleFactory(published=True, byline=[sam, mara])

    listed = client.get("/api/v1/articles/").json()["items"][0]
    detail = client.get(f"/api/v1/articles/{article.slug}/").json()
    oembed = client.get("/oembed/", {"url": f"http://testserver{article.get_absolute_url()}"})

    assert listed["byline"] == detail["byline"] == ["Sam Roe", "Mara Quinn"]
    assert oembed.json()["author_name"] == "Sam Roe and Mara Quinn"
    assert oembed.json()["author_url"] == f"http://testserver{sam.get_absolute_url()}"


def test_a_copy_is_on_the_copiers_byline(client, editor):
    from articles.services import article_duplicate

    original = ArticleFactory(published=True, byline=[ContributorFactory(name="Original Hand")])

    copy = article_duplicate(article=original, user=editor)

    assert byline_of(copy) == [staff_name(editor)]


@pytest.mark.migrations
@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_a_contributor_per_author_and_keeps_each_bylines_order():
    before = [("articles", "0022_site_affiliate_domains")]
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        state = before + [leaf for leaf in leaves if leaf[0] != "articles"]
        apps = executor.loader.project_state(state).apps
        User = apps.get_model(*get_user_model()._meta.label.split("."))
        ada = User.objects.create(username="ada", first_name="Ada", last_name="Lee")
        bo = User.objects.create(username="bo")
        OldArticle = apps.get_model("articles", "Article")
        first = OldArticle.objects.create(title="One", slug="one", standfirst="S.")
        second = OldArticle.objects.create(title="Two", slug="two", standfirst="S.")
        first.authors.add(bo)
        first.authors.add(ada)
        second.authors.add(ada)

        executor = MigrationExecutor(connection)
        executor.migrate(leaves)

        assert dict(Contributor.objects.values_list("slug", "name")) == {
            "ada-lee": "Ada Lee",
            "bo": "bo",
        }
        assert byline_of(Article.objects.get(slug="one")) == ["bo", "Ada Lee"]
        assert byline_of(Article.objects.get(slug="two")) == ["Ada Lee"]
        assert Contributor.objects.get(slug="ada-lee").user_id == ada.pk
    finally:
        MigrationExecutor(connection).migrate(leaves)


def test_a_contributor_on_a_byline_cannot_be_deleted_out_from_under_it(client, editor):
    mara = ContributorFactory(name="Mara Quinn")
    ArticleFactory(byline=[mara])
    client.force_login(editor)

    response = client.post(f"/admin/articles/contributor/{mara.pk}/delete/", {"post": "yes"})

    assert Contributor.objects.filter(pk=mara.pk).exists()
    assert response.status_code == 200
    assert "protected related objects" in response.content.decode()


def test_no_article_can_take_the_address_of_the_author_pages(db):
    from django.core.exceptions import ValidationError

    from articles.models import validate_article_slug

    with pytest.raises(ValidationError):
        validate_article_slug("authors")
