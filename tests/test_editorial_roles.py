"""Writer, Editor and Moderator in the admin: what each can see, change and publish."""

from django.contrib.auth.models import Group

import pytest

from articles import services
from articles.models import Article
from tests.factories import ArticleFactory, BlockFactory, UserFactory
from tests.workflow_forms import ADD_URL, CHANGELIST_URL, article_form_data, change_url

pytestmark = pytest.mark.django_db


def publishable(**kwargs):
    article = ArticleFactory(with_hero=True, **kwargs)
    BlockFactory(article=article)
    return article


def codenames(group_name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def test_roles_are_created_by_migration_with_exact_permissions(editorial_roles):
    editor, writer, moderator = codenames("Editor"), codenames("Writer"), codenames("Moderator")

    assert {"articles.publish_article", "articles.delete_article", "people.change_quote"} <= editor
    assert {"productions.change_production", "people.change_person"} <= editor
    assert {"articles.add_article", "articles.change_article", "people.add_quote"} <= writer
    assert "articles.publish_article" not in writer
    # Writers add and correct the people, credits and sources their piece needs; never delete.
    assert {"people.add_person", "people.change_person", "people.add_credit"} <= writer
    assert {"people.change_source", "people.change_quote"} <= writer
    assert not {p for p in writer if p.startswith("people.delete_")}
    assert not {"productions.change_production"} & writer
    assert moderator & {p for p in editor if p.startswith("articles.")} == {
        "articles.view_article",
        "articles.view_articleblock",
        "articles.view_correction",
    }


def test_writer_sees_only_own_drafts_and_submissions(client, writer):
    own_draft = ArticleFactory(authors=[writer])
    own_submitted = ArticleFactory(authors=[writer], status=Article.Status.IN_REVIEW)
    ArticleFactory(authors=[writer], published=True)
    ArticleFactory(authors=[UserFactory()])
    client.force_login(writer)

    response = client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {own_draft, own_submitted}


def test_writer_cannot_open_someone_elses_draft(client, writer):
    other = ArticleFactory(authors=[UserFactory()], title="Somebody else's piece")
    client.force_login(writer)

    response = client.get(change_url(other))

    assert response.status_code == 302  # the admin says it does not exist
    assert "Somebody else" not in client.get(response.url).content.decode()


def test_writer_cannot_edit_own_published_article(client, writer):
    article = ArticleFactory(authors=[writer], published=True, title="Live piece")
    client.force_login(writer)

    response = client.post(change_url(article), article_form_data(article, title="Rewritten"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Live piece"


def test_new_article_by_writer_is_a_draft_with_the_writer_on_the_byline(client, writer):
    client.force_login(writer)

    response = client.post(ADD_URL, article_form_data(status="published"))

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert list(article.authors.all()) == [writer]


def test_writer_is_refused_publishing_with_a_clear_message(client, writer):
    article = publishable(authors=[writer])
    client.force_login(writer)

    response = client.post(change_url(article), article_form_data(article, workflow="publish"))

    assert response.status_code == 200
    assert "Writers submit for review; an editor publishes" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_publishing_through_the_service_is_refused(writer):
    article = publishable(authors=[writer])

    with pytest.raises(services.PermissionDenied):
        services.article_publish(article=article, user=writer)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_writer_submits_own_draft_for_review(client, writer):
    article = ArticleFactory(authors=[writer])
    client.force_login(writer)

    page = client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), article_form_data(article, workflow="submit"))

    assert 'value="submit"' in page
    assert 'value="publish"' not in page
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_writer_change_list_offers_no_publishing_actions(client, writer):
    ArticleFactory(authors=[writer])
    client.force_login(writer)

    actions = dict(client.get(CHANGELIST_URL).context["action_form"].fields["action"].choices)

    assert "workflow_submit" in actions
    assert "workflow_publish" not in actions
    assert "workflow_archive" not in actions


def test_writer_can_delete_own_draft_but_not_others(client, writer):
    own = ArticleFactory(authors=[writer])
    other = ArticleFactory(authors=[UserFactory()])
    client.force_login(writer)

    client.post(f"/admin/articles/article/{own.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/articles/article/{other.pk}/delete/", {"post": "yes"})

    assert list(Article.objects.all()) == [other]


def test_moderator_can_read_articles_but_not_change_them(client, moderator):
    article = ArticleFactory(title="Under discussion")
    client.force_login(moderator)

    listing = client.get(CHANGELIST_URL)
    form = client.get(change_url(article))
    attempt = client.post(change_url(article), article_form_data(article, title="Moderated"))

    assert listing.status_code == 200
    assert form.status_code == 200
    assert form.context["has_change_permission"] is False
    assert attempt.status_code == 403
    article.refresh_from_db()
    assert article.title == "Under discussion"


def test_moderator_cannot_publish(client, moderator):
    article = publishable()
    client.force_login(moderator)

    response = client.post(
        CHANGELIST_URL, {"action": "workflow_publish", "_selected_action": [article.pk]}
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert response.status_code in {200, 302, 403}
    with pytest.raises(services.PermissionDenied):
        services.article_publish(article=article, user=moderator)


def test_editor_sees_every_article(client, editor):
    articles = [
        ArticleFactory(authors=[UserFactory()]),
        ArticleFactory(published=True),
        ArticleFactory(status=Article.Status.ARCHIVED),
    ]
    client.force_login(editor)

    response = client.get(CHANGELIST_URL)

    assert set(response.context["cl"].result_list) == set(articles)


def test_editor_publishes_from_the_change_form(client, editor):
    article = publishable(status=Article.Status.IN_REVIEW)
    client.force_login(editor)

    response = client.post(change_url(article), article_form_data(article, workflow="publish"))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.first_published_at is not None
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_publishes_several_from_the_change_list(client, editor):
    ready = publishable()
    incomplete = ArticleFactory(title="No hero yet")
    client.force_login(editor)

    response = client.post(
        CHANGELIST_URL,
        {"action": "workflow_publish", "_selected_action": [ready.pk, incomplete.pk]},
        follow=True,
    )

    ready.refresh_from_db()
    incomplete.refresh_from_db()
    assert ready.status == Article.Status.PUBLISHED
    assert incomplete.status == Article.Status.DRAFT
    page = response.content.decode()
    assert "No hero yet" in page
    assert "a hero image" in page


def test_only_editors_recover_deleted_articles(client, writer, editor):
    client.force_login(writer)
    writer_list = client.get(CHANGELIST_URL).content.decode()
    writer_recover = client.get("/admin/articles/article/recover/")
    client.force_login(editor)
    editor_list = client.get(CHANGELIST_URL).content.decode()

    assert "Recover deleted articles" not in writer_list
    assert writer_recover.status_code == 403
    assert "Recover deleted articles" in editor_list
    assert client.get("/admin/articles/article/recover/").status_code == 200


def test_view_on_site_only_for_public_articles(client, editor):
    draft = ArticleFactory()
    live = ArticleFactory(published=True)
    client.force_login(editor)

    assert "View on site" not in client.get(change_url(draft)).content.decode()
    assert "View on site" in client.get(change_url(live)).content.decode()


def autocomplete(client, model_name, field_name, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": model_name, "field_name": field_name, "term": term},
    )
    return response.status_code, [item["text"] for item in response.json().get("results", [])]


def test_editor_picks_the_byline_from_the_staff(client, editor, role_user):
    role_user("Writer", first_name="Wes", last_name="Okafor")
    client.force_login(editor)

    status, names = autocomplete(client, "article", "authors", "wri")

    assert status == 200
    assert names == ["writer"]


def test_also_read_search_offers_live_articles_whoever_wrote_them(client, writer):
    live = ArticleFactory(published=True, title="Fool Me Once ending explained")
    ArticleFactory(title="Fool Me Once draft", authors=[writer])
    client.force_login(writer)

    status, titles = autocomplete(client, "articleblock", "also_read", "Fool")

    assert status == 200
    assert titles == [live.title]


def test_writer_cannot_rewrite_the_byline(client, writer):
    someone = UserFactory()
    client.force_login(writer)

    client.post(ADD_URL, article_form_data(authors=[someone.pk]))

    assert list(Article.objects.get().authors.all()) == [writer]
