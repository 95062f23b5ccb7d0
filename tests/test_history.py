"""The History page records what really changed, and says who did what in words."""

import pytest
import reversion
from reversion.models import Version

from articles import revisions
from tests.factories import ArticleFactory, BlockFactory, HeadingBlockFactory
from tests.workflow_forms import article_form_data, block_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted_by_hand(writer):
    """A writer's draft with a heading and a paragraph of rich text."""
    article = ArticleFactory(authors=[writer], with_hero=True, title="Fool Me Once explained")
    HeadingBlockFactory(article=article, position=1, heading="The twist")
    BlockFactory(article=article, position=2, text="<p>Maya did it.</p><p>Here is how.</p>")
    with reversion.create_revision():
        article.save()
    return article


def as_the_editor_posts_it(article):
    """The blocks as a browser editor sends them back: the same HTML, laid out its own way."""
    blocks = [block_data(block) for block in article.blocks.order_by("position")]
    blocks[1]["text"] = "<p>Maya did it.</p>\r\n\r\n<p>Here is how.</p>\r\n"
    return blocks


def latest(article):
    return Version.objects.get_for_object(article).select_related("revision").first()


def block_changes_between_the_last_two_revisions(article):
    newer, older = list(Version.objects.get_for_object(article))[:2]
    comparison = revisions.compare(
        revisions.snapshot_of_version(older), revisions.snapshot_of_version(newer)
    )
    return comparison.block_changes


def test_submitting_without_edits_records_no_block_change(client, writer, submitted_by_hand):
    article = submitted_by_hand
    before = {block.pk: block.text for block in article.blocks.all()}
    client.force_login(writer)

    client.post(
        change_url(article),
        article_form_data(article, blocks=as_the_editor_posts_it(article), workflow="submit"),
    )

    assert latest(article).revision.get_comment() == (
        f"Submitted for review by {writer.get_full_name()}."
    )
    assert block_changes_between_the_last_two_revisions(article) == []
    assert {block.pk: block.text for block in article.blocks.all()} == before


def test_publishing_without_edits_says_only_who_published(client, editor, submitted_by_hand):
    article = submitted_by_hand
    client.force_login(editor)

    client.post(
        change_url(article),
        article_form_data(article, blocks=as_the_editor_posts_it(article), workflow="publish"),
    )

    assert latest(article).revision.get_comment() == f"Published by {editor.get_full_name()}."
    assert block_changes_between_the_last_two_revisions(article) == []


def test_saving_without_edits_says_so(client, editor, submitted_by_hand):
    article = submitted_by_hand
    client.force_login(editor)

    client.post(
        change_url(article), article_form_data(article, blocks=as_the_editor_posts_it(article))
    )

    assert latest(article).revision.get_comment() == "Saved with no changes."


def test_an_edit_names_the_fields_and_counts_the_blocks(client, editor, submitted_by_hand):
    article = submitted_by_hand
    heading, paragraph = article.blocks.order_by("position")
    client.force_login(editor)
    blocks = [
        {**block_data(heading), "heading": "The real twist"},
        {**block_data(paragraph), "text": "<p>Maya did it, with help.</p>"},
        {"position": 3, "kind": "heading", "heading": "What the novel says"},
    ]

    client.post(
        change_url(article),
        article_form_data(article, title="Fool Me Once ending explained", blocks=blocks),
    )

    assert latest(article).revision.get_comment() == "Changed title, 2 blocks; added 1 block."


def test_history_page_shows_the_words(client, editor, submitted_by_hand):
    article = submitted_by_hand
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form_data(article, blocks=as_the_editor_posts_it(article), workflow="publish"),
    )

    page = client.get(f"/admin/articles/article/{article.pk}/history/").content.decode()

    assert f"Published by {editor.get_full_name()}." in page
