"""Every admin save keeps a revision an editor can list, compare and restore."""

import pytest
from reversion.models import Version

from articles.models import Article, ArticleBlock
from tests.factories import ArticleFactory, BlockFactory
from tests.workflow_forms import ADD_URL, article_form_data, block_data, change_url

pytestmark = pytest.mark.django_db


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def revision_url(article, version):
    return f"/admin/articles/article/{article.pk}/history/{version.pk}/"


@pytest.fixture
def drafted(client, editor):
    """An explainer created in the admin with a heading and a paragraph: one revision."""
    client.force_login(editor)
    client.post(
        ADD_URL,
        article_form_data(
            blocks=[
                {"position": 1, "kind": "heading", "heading": "What really happened"},
                {"position": 2, "kind": "rich_text", "text": "<p>The first telling.</p>"},
            ]
        ),
    )
    return Article.objects.get()


def test_each_admin_save_keeps_a_revision_with_user_and_comment(client, editor, drafted):
    client.post(change_url(drafted), article_form_data(drafted, standfirst="A new standfirst."))

    versions = list(Version.objects.get_for_object(drafted).select_related("revision__user"))
    assert len(versions) == 2
    assert {version.revision.user for version in versions} == {editor}
    assert versions[0].revision.get_comment() == "Changed standfirst."
    assert versions[1].revision.get_comment() == f"Added with 2 blocks by {editor.get_full_name()}."


def test_history_lists_revisions_with_compare_and_restore(client, drafted):
    client.post(change_url(drafted), article_form_data(drafted, title="A better title"))

    page = client.get(history_url(drafted)).content.decode()

    assert page.count("Review and restore") == 2
    assert "Compare selected revisions" in page
    assert "editor" in page


def test_restore_brings_back_the_blocks_as_they_were(client, drafted):
    heading, paragraph = drafted.blocks.order_by("position")
    first = Version.objects.get_for_object(drafted).get()
    edited = {**block_data(heading), "heading": "A rewritten heading"}
    removed = {**block_data(paragraph), "DELETE": "on"}
    client.post(change_url(drafted), article_form_data(drafted, blocks=[edited, removed]))
    assert list(drafted.blocks.values_list("heading", flat=True)) == ["A rewritten heading"]

    form = client.get(revision_url(drafted, first))
    assert form.status_code == 200
    assert list(drafted.blocks.values_list("heading", flat=True)) == ["A rewritten heading"]
    response = client.post(
        revision_url(drafted, first),
        article_form_data(drafted, blocks=[block_data(heading), block_data(paragraph)]),
    )

    assert response.status_code == 302
    blocks = list(drafted.blocks.order_by("position"))
    assert [(b.uid, b.kind, b.heading, b.text) for b in blocks] == [
        (heading.uid, "heading", "What really happened", ""),
        (paragraph.uid, "rich_text", "", "<p>The first telling.</p>"),
    ]
    latest = Version.objects.get_for_object(drafted).first()
    assert latest.revision.get_comment().startswith("Reverted to previous version")


def test_restoring_an_old_draft_keeps_a_published_article_published(client, editor):
    article = ArticleFactory(with_hero=True, title="Old words")
    BlockFactory(article=article)
    client.force_login(editor)
    client.post(change_url(article), article_form_data(article))
    first = Version.objects.get_for_object(article).get()
    client.post(change_url(article), article_form_data(article, workflow="publish"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, title="New words"))

    client.post(revision_url(article, first), article_form_data(article, title="Old words"))

    article.refresh_from_db()
    assert article.title == "Old words"
    assert article.status == Article.Status.PUBLISHED
    assert article.first_published_at is not None


def test_compare_shows_changed_fields_and_blocks_word_by_word(client, drafted):
    heading, paragraph = drafted.blocks.order_by("position")
    first = Version.objects.get_for_object(drafted).get()
    client.post(
        change_url(drafted),
        article_form_data(
            drafted,
            title="Is Run Away really a true story?",
            blocks=[
                block_data(heading),
                {**block_data(paragraph), "text": "<p>The second telling.</p>"},
                {"position": 3, "kind": ArticleBlock.Kind.HEADING, "heading": "Cast"},
            ],
        ),
    )
    second = Version.objects.get_for_object(drafted).first()

    response = client.get(
        f"/admin/articles/article/{drafted.pk}/history/compare/",
        {"from": first.pk, "to": second.pk},
    )

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [change[0] for change in comparison.field_changes] == ["Title"]
    page = response.content.decode()
    assert "<ins>really</ins>" in page
    assert "<del>first</del> <ins>second</ins>" in page
    assert [change.change for change in comparison.block_changes] == ["edited", "added"]


def test_compare_with_the_current_version(client, drafted):
    first = Version.objects.get_for_object(drafted).get()
    Article.objects.filter(pk=drafted.pk).update(standfirst="Changed outside the admin.")

    response = client.get(
        f"/admin/articles/article/{drafted.pk}/history/compare/", {"from": first.pk}
    )

    assert response.status_code == 200
    assert [change[0] for change in response.context["comparison"].field_changes] == ["Standfirst"]
    assert "<ins>Changed outside</ins>" in response.content.decode()


def test_restore_form_explains_what_stays_and_offers_no_workflow_buttons(client, drafted):
    first = Version.objects.get_for_object(drafted).get()

    page = client.get(revision_url(drafted, first)).content.decode()

    assert "Its status, address and publishing dates stay as they are now" in page
    assert 'name="_workflow"' not in page


def test_publishing_from_the_form_keeps_a_revision_of_the_published_state(client, editor):
    article = ArticleFactory(with_hero=True)
    BlockFactory(article=article)
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, workflow="publish"))

    latest = Version.objects.get_for_object(article).select_related("revision").first()
    assert latest.field_dict["status"] == Article.Status.PUBLISHED
    assert latest.revision.get_comment() == f"Published by {editor.get_full_name()}."
    assert latest.revision.user == editor


def test_an_edit_published_in_the_same_save_names_both_in_its_revision(client, editor):
    article = ArticleFactory(with_hero=True)
    BlockFactory(article=article)
    client.force_login(editor)

    client.post(
        change_url(article),
        article_form_data(article, workflow="publish", standfirst="A sharper standfirst."),
    )

    latest = Version.objects.get_for_object(article).select_related("revision").first()
    assert latest.revision.get_comment() == (
        f"Changed standfirst. Published by {editor.get_full_name()}."
    )
