"""Autosave keeps what an editor typed apart from the article, and offers it back."""

import json

import pytest

from articles.models import AUTOSAVE_MAX_BYTES, Article, ArticleAutosave
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory

AUTOSAVE_URL = "/admin/articles/article/autosave/"


@pytest.fixture
def published(db):
    article = ArticleFactory(
        published=True, slug="run-away-true-story", standfirst="What readers read now."
    )
    BlockFactory(article=article, position=1, text="<p>The published paragraph.</p>")
    return article


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def typed_form(client, article, **changes):
    data = admin_form_data(client.get(change_url(article)).content.decode(), "article_form")
    data.update(changes)
    return data


def as_fields(data):
    """The form as autosave.js posts it: every field a list of strings, no buttons or token."""
    return {
        name: value if isinstance(value, list) else [value]
        for name, value in data.items()
        if not name.startswith("_") and name != "csrfmiddlewaretoken"
    }


def autosave(client, fields, article=None, key=""):
    payload = {"article": article.pk if article else None, "key": key, "fields": fields}
    return client.post(AUTOSAVE_URL, json.dumps(payload), content_type="application/json")


def test_autosave_keeps_the_typing_and_never_changes_the_article(client, editor, published):
    client.force_login(editor)
    modified = published.modified_at
    data = typed_form(
        client,
        published,
        standfirst="A rewrite nobody has saved yet.",
        **{"blocks-0-text": "<p>A half-typed paragraph.</p>"},
    )

    response = autosave(client, as_fields(data), article=published)

    assert response.status_code == 200
    assert "display" in response.json()
    stored = ArticleAutosave.objects.get(article=published, user=editor)
    assert stored.data["standfirst"] == ["A rewrite nobody has saved yet."]
    published.refresh_from_db()
    assert published.standfirst == "What readers read now."
    assert published.modified_at == modified
    assert published.blocks.get().text == "<p>The published paragraph.</p>"
    # Readers see the published article as it was.
    client.logout()
    page = client.get(published.get_absolute_url())
    assert "What readers read now." in page.content.decode()
    assert "half-typed" not in page.content.decode()


def test_returning_offers_the_newer_autosave_and_restore_fills_the_form(client, editor, published):
    client.force_login(editor)
    data = typed_form(client, published, standfirst="A rewrite nobody has saved yet.")
    autosave(client, as_fields(data), article=published)

    page = client.get(change_url(published)).content.decode()
    assert "is newer than this article" in page
    assert 'href="?autosave=restore"' in page

    restored = client.get(change_url(published) + "?autosave=restore").content.decode()
    form = admin_form_data(restored, "article_form")
    assert form["standfirst"] == "A rewrite nobody has saved yet."
    assert "Nothing is saved until you press Save" in restored
    assert "Please correct" not in restored
    published.refresh_from_db()
    assert published.standfirst == "What readers read now."


def test_saving_the_article_clears_its_autosave(client, editor, published):
    client.force_login(editor)
    data = typed_form(client, published, standfirst="Saved at last.")
    autosave(client, as_fields(data), article=published)

    response = client.post(change_url(published), {**data, "_continue": "1"})

    assert response.status_code == 302
    assert not ArticleAutosave.objects.filter(article=published).exists()
    assert "is newer than this article" not in client.get(change_url(published)).content.decode()


def test_an_autosave_older_than_the_last_save_is_not_offered(client, editor, published):
    client.force_login(editor)
    data = typed_form(client, published, standfirst="Typed, then saved by someone else.")
    autosave(client, as_fields(data), article=published)
    ArticleAutosave.objects.update(saved_at=published.modified_at)

    assert "is newer than this article" not in client.get(change_url(published)).content.decode()


def test_a_new_article_is_autosaved_by_its_form_key_and_restored(client, editor):
    client.force_login(editor)
    add = client.get("/admin/articles/article/add/").content.decode()
    data = admin_form_data(add, "article_form")
    key = data["_autosave_key"]
    data.update(title="Fool Me Once ending explained", standfirst="Half a standfirst")

    assert autosave(client, as_fields(data), key=key).status_code == 200
    assert not Article.objects.exists()

    offer = client.get("/admin/articles/article/add/").content.decode()
    assert "A new article you did not save was autosaved" in offer
    restored = client.get(f"/admin/articles/article/add/?autosave=restore&key={key}")
    form = admin_form_data(restored.content.decode(), "article_form")
    assert form["title"] == "Fool Me Once ending explained"
    assert form["_autosave_key"] == key

    form.update(slug="fool-me-once-ending", standfirst="A whole standfirst.", kind="news")
    response = client.post("/admin/articles/article/add/", form)
    assert response.status_code == 302
    assert Article.objects.get().title == "Fool Me Once ending explained"
    assert not ArticleAutosave.objects.exists()


def test_discard_forgets_the_autosave(client, editor, published):
    client.force_login(editor)
    autosave(client, {"standfirst": ["Never mind."]}, article=published)

    response = client.post(f"{AUTOSAVE_URL}discard/", {"article": published.pk})

    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()


def test_a_writer_cannot_autosave_an_article_they_may_not_edit(client, writer, published):
    client.force_login(writer)

    response = autosave(client, {"standfirst": ["Sneaky."]}, article=published)

    assert response.status_code == 403
    assert not ArticleAutosave.objects.exists()
    # Someone else's live piece opens read-only for a writer: nothing to restore into.
    page = client.get(change_url(published) + "?autosave=restore")
    assert page.status_code == 200
    assert "View article" in page.content.decode()
    assert "autosaved version" not in page.content.decode()


def test_a_writer_autosaves_their_own_draft(client, writer):
    draft = ArticleFactory(authors=[writer])
    client.force_login(writer)

    assert autosave(client, {"standfirst": ["Mine."]}, article=draft).status_code == 200


def test_a_moderator_cannot_autosave(client, moderator, published):
    client.force_login(moderator)
    assert autosave(client, {"standfirst": ["No."]}, article=published).status_code == 403
    assert autosave(client, {"title": ["No."]}, key="abc").status_code == 403


def test_an_oversized_autosave_is_refused_and_nothing_is_stored(client, editor, published):
    client.force_login(editor)

    response = autosave(client, {"standfirst": ["x" * (AUTOSAVE_MAX_BYTES + 1)]}, article=published)

    assert response.status_code == 413
    assert not ArticleAutosave.objects.exists()


def test_a_malformed_autosave_is_refused(client, editor, published):
    client.force_login(editor)
    bad = client.post(AUTOSAVE_URL, "not json", content_type="application/json")
    assert bad.status_code == 400
    assert autosave(client, {"standfirst": "not a list"}, article=published).status_code == 400
    assert client.get(AUTOSAVE_URL).status_code == 405
