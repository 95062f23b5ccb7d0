"""Merging tags loses no tagging, is written in each article's history, and can be undone."""

from django.core.exceptions import PermissionDenied, ValidationError

import pytest
import reversion
from reversion.models import Version
from taggit.models import Tag

from articles.models import TagMerge, TagRedirect
from articles.services import tags_merge, tags_merge_undo
from members.models import Follow
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MERGE_URL = "/admin/taggit/tag/merge-tags/"
MERGES_URL = "/admin/taggit/tag/merges/"


def tag_names(article):
    return sorted(article.tags.names())


def history(article):
    return [version.revision.comment for version in Version.objects.get_for_object(article)]


@pytest.fixture
def split_coben(editor):
    """The trial: `harlan-coben` on two articles an editor saved, a new "Harlan Coben" beside
    it on two never opened in the admin (no revision yet), one article holding both."""
    old = Tag.objects.create(name="harlan-coben", slug="harlan-coben")
    new = Tag.objects.create(name="Harlan Coben")
    opened = [ArticleFactory(published=True, title=f"Opened {n}") for n in range(2)]
    never_opened = [ArticleFactory(published=True, title=f"Imported {n}") for n in range(2)]
    for article in opened:
        with reversion.create_revision():
            article.save()
            reversion.set_user(editor)
            reversion.set_comment("Changed title.")
        article.tags.add(old, "netflix")
    for article in never_opened:
        article.tags.add(new)
    opened[0].tags.add(new)
    return {"old": old, "new": new, "articles": opened + never_opened}


def post_merge(client, user, tags, **data):
    client.force_login(user)
    ids = ",".join(str(tag.pk) for tag in tags)
    return client.post(MERGE_URL, {"ids": ids, **data})


def test_the_confirmation_page_lists_each_tag_with_how_many_articles_hold_it(
    client, editor, split_coben
):
    old, new = split_coben["old"], split_coben["new"]
    client.force_login(editor)
    listing = client.get("/admin/taggit/tag/")
    assert 'value="merge_tags"' in listing.content.decode()
    assert 'value="render_tag_form"' not in listing.content.decode()
    assert f'href="{MERGES_URL}">Recent merges' in listing.content.decode()

    chosen = client.post(
        "/admin/taggit/tag/", {"action": "merge_tags", "_selected_action": [old.pk, new.pk]}
    )
    page = client.get(chosen["Location"])

    assert page.status_code == 200
    rows = page.content.decode()
    assert "harlan-coben" in rows and "Harlan Coben" in rows
    assert page.context["tags"] == [old, new] or page.context["tags"] == [new, old]
    assert {tag.name: tag.uses for tag in page.context["tags"]} == {
        "harlan-coben": 2,
        "Harlan Coben": 3,
    }


def test_merging_into_one_of_the_selected_keeps_every_article_tagged(client, editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]

    response = post_merge(client, editor, [old, new], keep=str(old.pk))

    assert response.status_code == 302
    assert not Tag.objects.filter(pk=new.pk).exists()
    for article in articles:
        assert "harlan-coben" in tag_names(article), article.title
        assert article.tags.filter(pk=old.pk).count() == 1
    assert Tag.objects.get(pk=old.pk).taggit_taggeditem_items.count() == 4
    assert sorted(tag_names(articles[0])) == ["harlan-coben", "netflix"]
    followed = client.get(response["Location"])
    assert "Tags merged: Harlan Coben → harlan-coben. 4 article(s)" in followed.content.decode()


def test_each_affected_article_history_records_the_merge_by_the_editor(editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]

    tags_merge(keep=old, merged=[old, new], user=editor)

    for article in [articles[0], *articles[2:]]:
        latest = Version.objects.get_for_object(article).first()
        assert latest.revision.comment == "Tags merged: Harlan Coben → harlan-coben."
        assert latest.revision.user == editor
    assert history(articles[0]) == ["Tags merged: Harlan Coben → harlan-coben.", "Changed title."]
    assert history(articles[1]) == ["Changed title."]  # held only the kept tag: not touched


def test_the_history_page_shows_the_merge(client, editor, split_coben):
    tags_merge(keep=split_coben["old"], merged=[split_coben["new"]], user=editor)
    client.force_login(editor)

    page = client.get(f"/admin/articles/article/{split_coben['articles'][3].pk}/history/")

    assert "Tags merged: Harlan Coben → harlan-coben." in page.content.decode()


def test_a_merged_tags_old_address_answers_301_to_the_kept_tag(client, editor, split_coben):
    old, new = split_coben["old"], split_coben["new"]
    old_slug = new.slug
    assert client.get(f"/tags/{old_slug}/").status_code == 200

    tags_merge(keep=old, merged=[old, new], user=editor)

    page = client.get(f"/tags/{old_slug}/?page=1")
    assert page.status_code == 301
    assert page["Location"] == "/tags/harlan-coben/?page=1"
    feed = client.get(f"/tags/{old_slug}/feed/")
    assert (feed.status_code, feed["Location"]) == (301, "/tags/harlan-coben/feed/")
    atom = client.get(f"/tags/{old_slug}/feed/atom/")
    assert (atom.status_code, atom["Location"]) == (301, "/tags/harlan-coben/feed/atom/")
    assert client.get("/tags/harlan-coben/").context["paginator"].count == 4
    api = client.get("/api/v1/articles/", {"tag": old_slug}).json()
    assert len(api["items"]) == 4
    assert client.get("/tags/never-a-tag/").status_code == 404


def test_a_tag_made_later_at_a_merged_address_takes_it_back(client, editor, split_coben):
    old, new = split_coben["old"], split_coben["new"]
    old_slug = new.slug
    tags_merge(keep=old, merged=[new], user=editor)
    again = ArticleFactory(published=True, title="Tagged again")
    again.tags.add(Tag.objects.create(name="Coben again", slug=old_slug))
    split_coben["articles"][0].tags.add(again.tags.get())

    assert client.get(f"/tags/{old_slug}/").status_code == 200
    api = client.get("/api/v1/articles/", {"tag": old_slug}).json()
    assert sorted(item["title"] for item in api["items"]) == ["Opened 0", "Tagged again"]


def test_merging_into_a_new_name_makes_that_tag(client, editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]

    response = post_merge(client, editor, [old, new], keep="new", new_name="Harlan Coben novels")

    assert response.status_code == 302
    kept = Tag.objects.get(name="Harlan Coben novels")
    assert kept.slug == "harlan-coben-novels"
    assert not Tag.objects.filter(pk__in=[old.pk, new.pk]).exists()
    assert all(tag_names(article).count("Harlan Coben novels") == 1 for article in articles)
    assert set(TagRedirect.objects.values_list("old_slug", flat=True)) == {old.slug, new.slug}
    assert client.get("/tags/harlan-coben/")["Location"] == "/tags/harlan-coben-novels/"


def test_a_typed_name_matching_a_tag_keeps_that_tag(client, editor, split_coben):
    old, new = split_coben["old"], split_coben["new"]

    post_merge(client, editor, [new], keep="new", new_name="HARLAN-COBEN")

    assert list(Tag.objects.filter(name__icontains="coben")) == [old]
    assert old.taggit_taggeditem_items.count() == 4


def test_the_form_asks_for_a_name_when_new_is_chosen(client, editor, split_coben):
    tags = [split_coben["old"], split_coben["new"]]

    page = post_merge(client, editor, tags, keep="new", new_name=" ")

    assert page.status_code == 200
    assert "Type the name of the tag to keep." in page.content.decode()
    assert Tag.objects.filter(pk__in=[tag.pk for tag in tags]).count() == 2


def test_undo_restores_exactly(client, editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]
    before = {article.pk: tag_names(article) for article in articles}
    new_id, new_slug = new.pk, new.slug
    merge = tags_merge(keep=old, merged=[new], user=editor)
    client.force_login(editor)
    assert "Undo" in client.get(MERGES_URL).content.decode()

    response = client.post(f"{MERGES_URL}{merge.pk}/undo/")

    assert response.status_code == 302
    assert {article.pk: tag_names(article) for article in articles} == before
    restored = Tag.objects.get(name="Harlan Coben")
    assert (restored.pk, restored.slug) == (new_id, new_slug)
    assert not TagRedirect.objects.exists()
    assert client.get(f"/tags/{new_slug}/").status_code == 200
    merge.refresh_from_db()
    assert merge.undone_by == editor
    assert history(articles[3])[0] == "Tag merge undone: harlan-coben → Harlan Coben."
    assert "Undone by" in client.get(MERGES_URL).content.decode()
    again = client.post(f"{MERGES_URL}{merge.pk}/undo/", follow=True)
    assert "This merge was already undone." in again.content.decode()


def test_undo_of_a_merge_into_a_new_name_puts_every_tag_back(editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]
    before = {article.pk: tag_names(article) for article in articles}
    merge = tags_merge(keep="Coben", merged=[old, new], user=editor)

    tags_merge_undo(merge=merge, user=editor)

    assert {article.pk: tag_names(article) for article in articles} == before
    assert set(Tag.objects.filter(slug__contains="coben").values_list("slug", flat=True)) >= {
        old.slug,
        new.slug,
    }


def test_an_earlier_merges_old_address_follows_a_later_merge(client, editor, split_coben):
    old, new = split_coben["old"], split_coben["new"]
    new_slug = new.slug
    tags_merge(keep=old, merged=[new], user=editor)
    tags_merge(keep="Coben", merged=[old], user=editor)

    assert client.get(f"/tags/{new_slug}/")["Location"] == "/tags/coben/"
    assert client.get("/tags/harlan-coben/")["Location"] == "/tags/coben/"


def test_merges_undo_in_reverse_order_back_to_the_start(client, editor, split_coben):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]
    before = {article.pk: tag_names(article) for article in articles}
    new_slug = new.slug
    first = tags_merge(keep=old, merged=[new], user=editor)
    second = tags_merge(keep="Coben", merged=[old], user=editor)

    with pytest.raises(ValidationError, match="undo that first"):
        tags_merge_undo(merge=first, user=editor)
    tags_merge_undo(merge=second, user=editor)
    assert client.get(f"/tags/{new_slug}/")["Location"] == "/tags/harlan-coben/"
    tags_merge_undo(merge=first, user=editor)

    assert {article.pk: tag_names(article) for article in articles} == before
    assert not TagRedirect.objects.exists()


def test_followers_of_a_merged_tag_follow_the_kept_tag(editor, split_coben):
    old, new = split_coben["old"], split_coben["new"]
    Follow.objects.create(email="both@example.com", tag=old)
    Follow.objects.create(email="both@example.com", tag=new)
    Follow.objects.create(email="new@example.com", tag=new)

    tags_merge(keep=old, merged=[new], user=editor)

    assert sorted(Follow.objects.filter(tag=old).values_list("email", flat=True)) == [
        "both@example.com",
        "new@example.com",
    ]


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_only_those_who_may_change_and_delete_tags_merge(client, request, split_coben, role):
    user = request.getfixturevalue(role)
    old, new = split_coben["old"], split_coben["new"]

    with pytest.raises(PermissionDenied):
        tags_merge(keep=old, merged=[new], user=user)
    client.force_login(user)
    assert client.get(f"{MERGE_URL}?ids={old.pk},{new.pk}").status_code == 403
    assert post_merge(client, user, [old, new], keep=str(old.pk)).status_code == 403
    assert client.get(MERGES_URL).status_code == 403
    assert 'value="merge_tags"' not in client.get("/admin/taggit/tag/").content.decode()
    assert Tag.objects.filter(pk__in=[old.pk, new.pk]).count() == 2
    assert not TagMerge.objects.exists()


def test_only_those_who_may_merge_undo(client, editor, writer, split_coben):
    merge = tags_merge(keep=split_coben["old"], merged=[split_coben["new"]], user=editor)

    with pytest.raises(PermissionDenied):
        tags_merge_undo(merge=merge, user=writer)
    client.force_login(writer)
    assert client.post(f"{MERGES_URL}{merge.pk}/undo/").status_code == 403
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_a_merge_refreshes_every_affected_page(
    client, editor, split_coben, django_capture_on_commit_callbacks
):
    old, new, articles = split_coben["old"], split_coben["new"], split_coben["articles"]
    new_slug = new.slug
    article_page = articles[3].get_absolute_url()
    assert 'href="/tags/harlan-coben/"' not in client.get(article_page).content.decode()
    assert client.get(f"/tags/{new_slug}/").status_code == 200
    assert client.get("/tags/harlan-coben/").context["paginator"].count == 2

    with django_capture_on_commit_callbacks(execute=True):
        tags_merge(keep=old, merged=[old, new], user=editor)

    assert 'href="/tags/harlan-coben/"' in client.get(article_page).content.decode()
    assert client.get(f"/tags/{new_slug}/").status_code == 301
    assert "4 explainers" in client.get("/tags/harlan-coben/").content.decode()


def test_a_merge_costs_a_fixed_number_of_queries_per_retagged_article(
    editor, split_coben, django_assert_max_num_queries
):
    """About 30 for the merge, 13 for each article's revision (reversion reads its links and
    its byline) and 10 for the names kept beside it (byline, desk access, covers, tags… as
    compare shows them)."""
    retagged = 3
    with django_assert_max_num_queries(30 + 23 * retagged):
        tags_merge(keep=split_coben["old"], merged=[split_coben["new"]], user=editor)
