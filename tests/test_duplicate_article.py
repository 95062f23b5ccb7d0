"""Duplicating an article gives a new private draft with the same body, on the copier's byline."""

import pytest
from reversion.models import Version

from articles import services
from articles.models import Article
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    CommentFactory,
    CorrectionFactory,
    HeadingBlockFactory,
    PersonFactory,
    ProductionFactory,
    QuoteBlockFactory,
    SourceFactory,
    UserFactory,
)
from tests.workflow_forms import CHANGELIST_URL, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    """A published explainer with a body, links, tags, a correction and a comment."""
    article = ArticleFactory(
        published=True,
        with_hero=True,
        title="Fool Me Once ending explained",
        slug="fool-me-once-ending",
        is_featured=True,
        authors=[UserFactory(username="ana")],
        verdict="fiction",
    )
    HeadingBlockFactory(article=article, position=1, heading="Who killed Joe?")
    BlockFactory(article=article, position=2, text="<p>The twist, explained.</p>")
    QuoteBlockFactory(article=article, position=3)
    article.productions.add(ProductionFactory())
    article.people.add(PersonFactory())
    article.verdict_sources.add(SourceFactory())
    article.tags.add("netflix", "thrillers")
    CorrectionFactory(article=article)
    CommentFactory(article=article)
    return article


def test_a_copy_is_a_draft_with_the_body_links_and_tags_on_my_byline(editor, original):
    copy = services.article_duplicate(article=original, user=editor)

    assert copy.pk != original.pk
    assert (copy.status, copy.title, copy.slug) == (
        Article.Status.DRAFT,
        "Fool Me Once ending explained (copy)",
        "fool-me-once-ending-copy",
    )
    assert list(copy.authors.all()) == [editor]
    assert copy.standfirst == original.standfirst
    assert (copy.hero_alt, copy.hero_credit, copy.verdict) == (
        original.hero_alt,
        original.hero_credit,
        "fiction",
    )
    original_blocks = list(original.blocks.order_by("position"))
    copied_blocks = list(copy.blocks.order_by("position"))
    assert [(b.kind, b.heading, b.text, b.quote_id) for b in copied_blocks] == [
        (b.kind, b.heading, b.text, b.quote_id) for b in original_blocks
    ]
    assert not {b.uid for b in copied_blocks} & {b.uid for b in original_blocks}
    assert set(copy.productions.all()) == set(original.productions.all())
    assert set(copy.people.all()) == set(original.people.all())
    assert set(copy.verdict_sources.all()) == set(original.verdict_sources.all())
    assert set(copy.tags.names()) == {"netflix", "thrillers"}


def test_a_copy_takes_no_dates_comments_corrections_or_history(editor, original):
    copy = services.article_duplicate(article=original, user=editor)

    assert (copy.publish_at, copy.first_published_at, copy.updated_at) == (None, None, None)
    assert not copy.is_featured
    assert (copy.comment_count, copy.corrections.count(), copy.comments.count()) == (0, 0, 0)
    versions = Version.objects.get_for_object(copy)
    assert len(versions) == 1
    assert versions[0].revision.get_comment() == (
        f"Copied from “{original.title}” by {editor.get_full_name()}."
    )
    assert not copy.is_public


def test_each_copy_gets_the_next_free_slug(editor, original):
    first = services.article_duplicate(article=original, user=editor)
    second = services.article_duplicate(article=original, user=editor)
    third = services.article_duplicate(article=first, user=editor)

    assert (first.slug, second.slug, third.slug) == (
        "fool-me-once-ending-copy",
        "fool-me-once-ending-copy-2",
        "fool-me-once-ending-copy-copy",
    )


def test_a_writer_cannot_copy_another_writers_draft(writer):
    draft = ArticleFactory(authors=[UserFactory()])

    with pytest.raises(services.PermissionDenied):
        services.article_duplicate(article=draft, user=writer)

    assert Article.objects.count() == 1


def test_a_writer_may_copy_a_published_piece_into_their_own_draft(writer, original):
    copy = services.article_duplicate(article=original, user=writer)

    assert list(copy.authors.all()) == [writer]
    assert copy.can_be_edited_by(writer)


def test_the_duplicate_button_opens_the_new_draft(client, editor, original):
    client.force_login(editor)
    assert "Duplicate…</a>" in client.get(change_url(original)).content.decode()

    response = client.post(
        f"/admin/articles/article/{original.pk}/duplicate/", {"post": "yes"}, follow=True
    )

    copy = Article.objects.get(slug="fool-me-once-ending-copy")
    assert response.redirect_chain[-1][0] == change_url(copy)
    assert "is a new draft copied from" in response.content.decode()


def test_the_duplicate_action_copies_every_selected_article(client, editor, original):
    other = ArticleFactory(published=True, slug="another")
    client.force_login(editor)

    client.post(
        CHANGELIST_URL,
        {
            "action": "duplicate_selected",
            "_selected_action": [original.pk, other.pk],
            "post": "yes",
        },
    )

    assert Article.objects.filter(slug__endswith="-copy", status="draft").count() == 2
