"""Compare shows every field, relation and block field in words, and says what the history
line of the same save says."""

import json

import pytest
from reversion.models import Version
from taggit.models import Tag

from articles import revisions
from articles.models import Article, ArticleBlock, RevisionNames
from articles.services import tags_merge
from tests.admin_forms import admin_form_data
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    HeadingBlockFactory,
    ProductionFactory,
    UserFactory,
    season_with_episodes,
)
from tests.workflow_forms import change_url

pytestmark = pytest.mark.django_db


def compare_url(article):
    return f"/admin/articles/article/{article.pk}/history/compare/"


def save_through_the_form(client, article, **changes):
    """Post the change form as the browser shows it, with `changes` typed in."""
    page = client.get(change_url(article))
    assert page.status_code == 200
    data = admin_form_data(page.content.decode(), "article_form")
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context and response.context.get("errors")


def last_two(article):
    newer, older = list(Version.objects.get_for_object(article).select_related("revision"))[:2]
    return older, newer


def compare_last_two(client, article):
    older, newer = last_two(article)
    response = client.get(compare_url(article), {"from": older.pk, "to": newer.pk})
    assert response.status_code == 200
    return response


def block_index(article, block):
    return [b.pk for b in article.blocks.order_by("position", "id")].index(block.pk)


@pytest.fixture
def missing_you(client, editor):
    """An "ending explained" of Missing You covering Run Away too, with a spoiler up to
    episode 4, saved once in the admin."""
    series = ProductionFactory(title="Missing You", year=None)
    run_away = ProductionFactory(title="Run Away", year=None)
    episodes = season_with_episodes(series, count=5)
    for number, episode in enumerate(episodes, start=1):
        episode.title = f"Part {number}"
        episode.save()
    article = ArticleFactory(title="Missing You ending explained", authors=[editor])
    article.productions.set([series, run_away])
    HeadingBlockFactory(article=article, position=1, heading="Who took Josh")
    spoiler = BlockFactory(
        article=article,
        position=2,
        kind=ArticleBlock.Kind.SPOILER,
        heading="The killer",
        text="<p>It was the detective all along.</p>",
        spoils_up_to=episodes[3],
    )
    client.force_login(editor)
    save_through_the_form(client, article, title="Missing You: the ending explained")
    return {
        "article": article,
        "series": series,
        "run_away": run_away,
        "episodes": episodes,
        "spoiler": spoiler,
    }


def test_each_relation_and_the_spoilers_episode_show_in_compare(client, editor, missing_you):
    article, episodes = missing_you["article"], missing_you["episodes"]
    spoiler = missing_you["spoiler"]
    colleague = UserFactory(username="sam", first_name="Sam", last_name="Lowe", is_staff=True)

    save_through_the_form(
        client,
        article,
        productions=[str(missing_you["series"].pk)],
        episodes=[str(episodes[4].pk)],
    )
    covers = compare_last_two(client, article).content.decode()
    assert "+ Missing You S1E5 · Part 5" in covers
    assert "− Run Away" in covers

    save_through_the_form(client, article, tags="Harlan Coben, thriller")
    tags = compare_last_two(client, article).content.decode()
    assert "+ Harlan Coben" in tags and "+ thriller" in tags

    save_through_the_form(client, article, authors=[str(editor.pk), str(colleague.pk)])
    byline = compare_last_two(client, article).content.decode()
    assert "+ Sam Lowe" in byline

    index = block_index(article, spoiler)
    save_through_the_form(client, article, **{f"blocks-{index}-spoils_up_to": episodes[4].pk})
    response = compare_last_two(client, article)
    (change,) = response.context["comparison"].block_changes
    assert (change.change, change.label) == ("edited", "Spoiler")
    (field,) = change.fields
    assert field.label == "Spoils up to"
    assert (field.before, field.after) == ("Missing You S1E4 · Part 4", "Missing You S1E5 · Part 5")
    page = response.content.decode()
    assert "<del>Missing You S1E4 · Part 4</del> <ins>Missing You S1E5 · Part 5</ins>" in page


def test_history_line_and_compare_agree(client, missing_you):
    article, spoiler = missing_you["article"], missing_you["spoiler"]
    index = block_index(article, spoiler)
    heading_index = 1 - index

    save_through_the_form(
        client,
        article,
        seo_title="Missing You ending, explained",
        tags="Harlan Coben, thriller",
        productions=[str(missing_you["run_away"].pk)],
        **{
            f"blocks-{index}-heading": "Who the killer is",
            f"blocks-{heading_index}-DELETE": "on",
        },
    )

    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    newest = history.context["action_list"][0]
    line = newest["revision"].get_comment()
    assert line == "Changed SEO title, covers, tags, 1 block; removed 1 block."
    assert line in history.content.decode()
    response = client.get(newest["changes_url"])  # its "Show changes" link
    comparison = response.context["comparison"]
    assert comparison.summary() == line
    assert line in response.content.decode()
    assert [change.label for change in comparison.field_changes] == ["SEO title"]
    assert [change.label for change in comparison.relation_changes] == ["Covers", "Tags"]
    assert [(change.change, change.label) for change in comparison.block_changes] == [
        ("removed", "Heading (H2)"),
        ("edited", "Spoiler"),
    ]


def test_the_oldest_revision_has_nothing_to_show_changes_against(client, missing_you):
    article = missing_you["article"]

    history = client.get(f"/admin/articles/article/{article.pk}/history/")

    (only,) = history.context["action_list"]
    assert only["changes_url"] == ""
    assert "Show changes" not in history.content.decode()


def test_a_block_change_is_named_by_its_kinds_field_labels(client, missing_you):
    article, spoiler = missing_you["article"], missing_you["spoiler"]
    index = block_index(article, spoiler)

    save_through_the_form(
        client,
        article,
        **{
            f"blocks-{index}-heading": "Who did it",
            f"blocks-{index}-text": "<p>It was the detective, and her brother.</p>",
        },
    )

    (change,) = compare_last_two(client, article).context["comparison"].block_changes
    assert [field.label for field in change.fields] == ["Label", "Hidden text"]
    assert change.headline == "Who did it"


def test_a_public_correction_added_shows_in_the_line_and_compare(client, missing_you):
    article = missing_you["article"]

    save_through_the_form(
        client,
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-note": "The detective is Kat's partner, not her brother.",
            "corrections-0-published_at_0": "2026-12-07",
            "corrections-0-published_at_1": "09:30:00",
        },
    )

    response = compare_last_two(client, article)
    comparison = response.context["comparison"]
    assert comparison.summary() == "Added 1 correction."
    assert Version.objects.get_for_object(article).first().revision.get_comment() == (
        "Added 1 correction."
    )
    (correction,) = comparison.correction_changes
    assert correction.change == "added"
    assert correction.label.startswith("Correction, 07 Dec 2026")
    assert "<ins>The detective is Kat&#x27;s partner, not her brother.</ins>" in (
        response.content.decode()
    )


def test_a_moved_block_says_where_it_came_from(client, missing_you):
    article, spoiler = missing_you["article"], missing_you["spoiler"]
    index = block_index(article, spoiler)

    save_through_the_form(
        client, article, **{f"blocks-{index}-position": 1, f"blocks-{1 - index}-position": 2}
    )

    response = compare_last_two(client, article)
    changes = response.context["comparison"].block_changes
    assert [(c.change, c.label, c.moved_from) for c in changes] == [
        ("moved", "Spoiler", 2),
        ("moved", "Heading (H2)", 1),
    ]
    assert "Moved from 2" in response.content.decode()
    assert Version.objects.get_for_object(article).first().revision.get_comment() == (
        "Moved 2 blocks."
    )


def test_a_deleted_episode_shows_the_name_it_had(client, missing_you):
    article, episodes = missing_you["article"], missing_you["episodes"]
    save_through_the_form(client, article, episodes=[str(episodes[3].pk)])
    kept = Version.objects.get_for_object(article).first()

    episodes[3].delete()

    response = client.get(compare_url(article), {"from": kept.pk})
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert ("Covers", [], ["Missing You S1E4 · Part 4"]) in comparison.relation_changes
    (change,) = comparison.block_changes
    assert (change.fields[0].label, change.fields[0].before) == (
        "Spoils up to",
        "Missing You S1E4 · Part 4",
    )


def test_renaming_a_picked_episode_is_no_edit_of_the_article(client, missing_you):
    article, episodes = missing_you["article"], missing_you["episodes"]
    save_through_the_form(client, article, episodes=[str(episodes[3].pk)])
    episodes[3].title = "The reveal"
    episodes[3].save()

    save_through_the_form(client, article)

    assert Version.objects.get_for_object(article).first().revision.get_comment() == (
        "Saved with no changes."
    )
    assert not compare_last_two(client, article).context["comparison"].has_changes


def test_a_revision_kept_before_names_were_recorded_still_compares(client, missing_you):
    article = missing_you["article"]
    save_through_the_form(client, article, tags="thriller", title="A newer title")
    RevisionNames.objects.all().delete()
    older, newer = last_two(article)

    response = client.get(compare_url(article), {"from": older.pk, "to": newer.pk})

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [change.label for change in comparison.field_changes] == ["Title"]
    # The byline (an ordered through model) and tags (taggit) are kept only in the names
    # record: a revision from before it (and before bylines) never recorded them.
    assert comparison.not_recorded == ["Byline", "Tags"]
    assert comparison.relation_changes == []
    assert "Not recorded in one of these revisions, so not compared: Byline, Tags." in (
        response.content.decode()
    )
    # The spoiler's episode is named as it is now, the revision having kept only its id.
    spoiler = revisions.snapshot_of_version(older).blocks[str(missing_you["spoiler"].uid)]
    assert spoiler.values["spoils_up_to"] == "Missing You S1E4 · Part 4"


def _forget(version, *names):
    """The version as an older Marquee stored it, before `names` existed."""
    data = json.loads(version.serialized_data)
    for name in names:
        del data[0]["fields"][name]
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))


def test_fields_an_old_revision_never_stored_read_not_recorded(client, missing_you):
    article, spoiler = missing_you["article"], missing_you["spoiler"]
    save_through_the_form(client, article, seo_title="Missing You, explained")
    RevisionNames.objects.all().delete()
    older, newer = last_two(article)
    _forget(older, "seo_title", "episodes")
    blocks = Version.objects.filter(revision_id=older.revision_id, object_id=str(spoiler.pk))
    _forget(blocks.get(), "spoils_up_to")

    response = client.get(compare_url(article), {"from": older.pk})

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.not_recorded == [
        "SEO title",
        "Byline",
        "Covers",
        "Tags",
        "Spoiler spoils up to",
    ]
    assert comparison.field_changes == []
    assert comparison.block_changes == []


def test_a_tag_merge_shows_in_compare(client, editor, missing_you):
    article = missing_you["article"]
    save_through_the_form(client, article, tags="Harlan Coben, thriller")
    typed = Tag.objects.get(name="Harlan Coben")
    kept = Tag.objects.create(name="Coben", slug="coben")

    tags_merge(keep=kept, merged=[typed, kept], user=editor)

    response = compare_last_two(client, article)
    comparison = response.context["comparison"]
    assert comparison.relation_changes == [("Tags", ["Coben"], ["Harlan Coben"])]
    page = response.content.decode()
    assert "+ Coben" in page and "− Harlan Coben" in page


def _article_with(size):
    """An article with `size` productions, episodes and tags, and `size` headings and
    spoilers, each spoiler up to its own episode."""
    article = ArticleFactory()
    episodes = season_with_episodes(ProductionFactory(), count=size)
    article.productions.set([ProductionFactory() for _ in range(size)])
    article.episodes.set(episodes)
    article.tags.set([f"tag {n}" for n in range(size)])
    for number, episode in enumerate(episodes):
        HeadingBlockFactory(article=article, position=2 * number + 1, heading=f"Part {number}")
        BlockFactory(
            article=article,
            position=2 * number + 2,
            kind=ArticleBlock.Kind.SPOILER,
            text=f"<p>Secret {number}</p>",
            spoils_up_to=episode,
        )
    return article


@pytest.mark.parametrize("size", [1, 12])
def test_compare_costs_the_same_queries_however_many_blocks_and_relations(
    client, editor, size, django_assert_max_num_queries
):
    article = _article_with(size)
    client.force_login(editor)
    save_through_the_form(client, article, title="First")
    save_through_the_form(client, article, title="Second", tags="another")
    older, newer = last_two(article)

    with django_assert_max_num_queries(14):
        between = client.get(compare_url(article), {"from": older.pk, "to": newer.pk})
    with django_assert_max_num_queries(22):
        to_now = client.get(compare_url(article), {"from": older.pk})

    assert between.status_code == to_now.status_code == 200
    assert "+ another" in between.content.decode()


def test_every_many_to_many_field_is_in_exactly_one_compared_relation():
    gathered = [name for relation in revisions.RELATIONS for name in relation.fields]

    assert sorted(gathered) == sorted(field.name for field in Article._meta.many_to_many)
