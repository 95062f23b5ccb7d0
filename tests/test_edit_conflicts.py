"""Two people on one article: a save over a version someone saved since is refused, with
who, when and what changed, and nothing typed lost; "Keep mine" and "Reload theirs";
autosave refuses the same way; "Name is editing" and taking over."""

import datetime
import json

from django.test import Client
from django.utils import timezone

import pytest
import reversion
from reversion.models import Version

from articles import presence
from articles.models import Article, ArticleAutosave, ArticlePresence
from tests.admin_forms import admin_form_data
from tests.factories import ArticleFactory, BlockFactory

AUTOSAVE_URL = "/admin/articles/article/autosave/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def presence_url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


@pytest.fixture
def story(db, editor):
    """A draft with one block and its first revision, as the admin would have made it."""
    with reversion.create_revision():
        article = ArticleFactory(
            title="Is Adolescence a true story?",
            slug="adolescence-true-story",
            standfirst="The drama follows one arrest.",
        )
        BlockFactory(article=article, position=1, text="<p>The first paragraph.</p>")
        article.save()
        reversion.set_user(editor)
        reversion.set_comment("Added by the desk.")
    return article


@pytest.fixture
def bob(role_user):
    return role_user("Editor", username="bob", first_name="Bob", last_name="Ray")


def session(user):
    client = Client()
    client.force_login(user)
    return client


def opened_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return admin_form_data(response.content.decode(), "article_form")


@pytest.fixture
def collision(story, ann, bob):
    """Ann and Bob open the article; Ann saves a new standfirst; Bob's form is now behind."""
    ann_client, bob_client = session(ann), session(bob)
    ann_form, bob_form = opened_form(ann_client, story), opened_form(bob_client, story)
    ann_form["standfirst"] = "Ann's standfirst: the drama follows one arrest, hour by hour."
    response = ann_client.post(change_url(story), {**ann_form, "_continue": "1"})
    assert response.status_code == 302
    bob_form["title"] = "Bob's title: is Adolescence real?"
    return ann_client, bob_client, bob_form


def test_a_save_over_a_newer_version_is_refused_naming_who_and_what(story, collision):
    _, bob_client, bob_form = collision
    response = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ann Lee saved this article" in page
    assert "Standfirst" in page
    assert "Ann&#x27;s standfirst: the drama follows one arrest, hour by hour." in page
    assert "Keep mine as a new revision" in page
    assert "Reload theirs" in page
    # Everything Bob typed is still in the form, and nothing of his was saved.
    assert 'value="Bob&#x27;s title: is Adolescence real?"' in page
    assert "The first paragraph." in page
    story.refresh_from_db()
    assert story.title == "Is Adolescence a true story?"
    assert story.standfirst.startswith("Ann's standfirst")


def test_keep_mine_saves_on_top_and_both_versions_stay_in_the_history(story, collision):
    _, bob_client, bob_form = collision
    refused = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    kept = admin_form_data(refused.content.decode(), "article_form")
    current = Article.objects.get(pk=story.pk).edit_version
    response = bob_client.post(change_url(story), {**kept, "_keep_mine": str(current)})
    assert response.status_code == 302
    story.refresh_from_db()
    # Bob's form started before Ann's save, so his standfirst is the old one: his version wins.
    assert story.title == "Bob's title: is Adolescence real?"
    assert story.standfirst == "The drama follows one arrest."
    versions = list(Version.objects.get_for_object(story))
    assert versions[0].field_dict["title"] == "Bob's title: is Adolescence real?"
    assert versions[0].revision.user.username == "bob"
    assert "Saved over a newer version" in versions[0].revision.comment
    assert versions[1].revision.user.username == "ann"
    assert versions[1].field_dict["standfirst"].startswith("Ann's standfirst")


def test_keep_mine_is_refused_again_when_a_third_save_came_in_between(story, collision):
    ann_client, bob_client, bob_form = collision
    refused = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    kept = admin_form_data(refused.content.decode(), "article_form")
    seen = Article.objects.get(pk=story.pk).edit_version
    again = opened_form(ann_client, story)
    ann_client.post(change_url(story), {**again, "seo_title": "Ann again", "_continue": "1"})
    response = bob_client.post(change_url(story), {**kept, "_keep_mine": str(seen)})
    assert response.status_code == 200
    assert "Ann Lee saved this article" in response.content.decode()


def test_reload_theirs_opens_the_current_version(story, collision):
    _, bob_client, bob_form = collision
    refused = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    assert f'href="{change_url(story)}"' in refused.content.decode()
    fresh = opened_form(bob_client, story)
    assert fresh["standfirst"].startswith("Ann's standfirst")
    assert fresh["title"] == "Is Adolescence a true story?"
    assert int(fresh["base_version"]) == Article.objects.get(pk=story.pk).edit_version


def test_a_workflow_button_and_a_block_change_count_as_new_versions(story, ann, bob):
    ann_client, bob_client = session(ann), session(bob)
    bob_form = opened_form(bob_client, story)
    ann_form = opened_form(ann_client, story)
    ann_form["blocks-0-text"] = "<p>Ann rewrote the first paragraph.</p>"
    ann_client.post(change_url(story), {**ann_form, "_continue": "1"})
    response = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    assert "Ann Lee saved this article" in response.content.decode()
    assert "rewrote" in response.content.decode()

    bob_form = opened_form(bob_client, story)
    ann_form = opened_form(ann_client, story)
    ann_client.post(change_url(story), {**ann_form, "_workflow": "archive"})
    assert Article.objects.get(pk=story.pk).status == Article.Status.ARCHIVED
    response = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    assert "Ann Lee saved this article" in response.content.decode()


def test_restoring_a_revision_is_not_a_conflict(story, editor):
    client = session(editor)
    form = opened_form(client, story)
    client.post(change_url(story), {**form, "standfirst": "A newer line.", "_continue": "1"})
    oldest = list(Version.objects.get_for_object(story))[-1]
    url = f"/admin/articles/article/{story.pk}/history/{oldest.pk}/"
    restore = admin_form_data(client.get(url).content.decode(), "article_form")
    assert client.post(url, restore).status_code == 302
    story.refresh_from_db()
    assert story.standfirst == "The drama follows one arrest."


def autosave(client, article, data):
    fields = {
        name: value if isinstance(value, list) else [value]
        for name, value in data.items()
        if not name.startswith("_") and name != "csrfmiddlewaretoken"
    }
    payload = {"article": article.pk, "key": "", "fields": fields}
    return client.post(AUTOSAVE_URL, json.dumps(payload), content_type="application/json")


def test_autosave_over_a_newer_version_is_refused_and_the_draft_stays_for_its_author(
    story, ann, bob
):
    ann_client, bob_client = session(ann), session(bob)
    bob_form = opened_form(bob_client, story)
    assert autosave(bob_client, story, {**bob_form, "title": "Bob, early"}).status_code == 200
    ann_form = opened_form(ann_client, story)
    ann_client.post(change_url(story), {**ann_form, "standfirst": "Ann's line.", "_continue": "1"})

    response = autosave(bob_client, story, {**bob_form, "title": "Bob, later"})
    assert response.status_code == 409
    answer = response.json()
    assert answer["conflict"]["who"] == "Ann Lee"
    assert {
        "label": "Standfirst",
        "before": "The drama follows one arrest.",
        "after": "Ann's line.",
    } in answer["conflict"]["changes"]
    # Bob's typing stays his (never on the article), with the version it started from,
    # so restoring it later meets the same refusal and choice.
    stored = ArticleAutosave.objects.get(user__username="bob", article=story)
    assert stored.data["title"] == ["Bob, later"]
    restored = bob_client.get(change_url(story) + "?autosave=restore")
    form = admin_form_data(restored.content.decode(), "article_form")
    assert form["title"] == "Bob, later"
    refused = bob_client.post(change_url(story), {**form, "_continue": "1"})
    assert "Ann Lee saved this article" in refused.content.decode()
    assert Article.objects.get(pk=story.pk).title == "Is Adolescence a true story?"


def test_a_refusal_names_the_tags_and_byline_the_other_editor_changed(story, ann, bob):
    ann_client, bob_client = session(ann), session(bob)
    ann_form, bob_form = opened_form(ann_client, story), opened_form(bob_client, story)
    ann_form.update(tags="Harlan Coben, thriller", authors=[str(ann.pk)])
    ann_client.post(change_url(story), {**ann_form, "_continue": "1"})

    refused = bob_client.post(change_url(story), {**bob_form, "_continue": "1"})
    page = refused.content.decode()
    assert "Byline" in page and "+ Ann Lee" in page
    assert "+ Harlan Coben · + thriller" in page
    answer = autosave(bob_client, story, {**bob_form, "title": "Bob's"}).json()
    assert {"label": "Tags", "added": ["Harlan Coben", "thriller"], "removed": []} in answer[
        "conflict"
    ]["relations"]


def test_presence_names_the_other_editor_and_expires(story, ann, bob):
    ann_client, bob_client = session(ann), session(bob)
    assert ann_client.post(presence_url(story)).json()["holds"] is True
    answer = bob_client.post(presence_url(story)).json()
    assert answer["holder"] == "Ann Lee"
    assert answer["holds"] is False
    assert ann_client.post(presence_url(story)).json()["others"] == ["Bob Ray"]
    listed = bob_client.get(f"/admin/articles/article/presence/?ids={story.pk}").json()
    assert listed == {"editing": {str(story.pk): "Ann Lee"}}

    # Ann's page goes quiet for longer than a lock lasts: Bob holds it on his next heartbeat.
    ArticlePresence.objects.filter(user=ann).update(
        beat_at=timezone.now() - presence.STALE_AFTER - datetime.timedelta(seconds=1)
    )
    assert bob_client.get(f"/admin/articles/article/presence/?ids={story.pk}").json() == {
        "editing": {}
    }
    answer = bob_client.post(presence_url(story)).json()
    assert answer["holds"] is True
    assert answer["holder"] is None


def test_leaving_the_page_clears_the_notice_and_hands_the_article_on(story, ann, bob, editor):
    ann_client, bob_client = session(ann), session(bob)
    ann_client.post(presence_url(story))
    bob_client.post(presence_url(story))
    ann_client.post(presence_url(story), {"leave": "1"})
    listed = session(editor).get(f"/admin/articles/article/presence/?ids={story.pk}").json()
    assert listed == {"editing": {str(story.pk): "Bob Ray"}}
    assert ArticlePresence.objects.get(user=bob).holds_lock is True
    assert bob_client.post(presence_url(story)).json()["holds"] is True


def test_the_change_form_and_list_carry_the_presence_hooks(story, ann):
    client = session(ann)
    assert f'data-url="{presence_url(story)}"' in client.get(change_url(story)).content.decode()
    assert 'id="mq-editing-now"' in client.get("/admin/articles/article/").content.decode()


def test_an_editor_takes_over_and_the_other_learns_it_on_their_next_heartbeat(story, ann, bob):
    ann_client, bob_client = session(ann), session(bob)
    ann_client.post(presence_url(story))
    assert bob_client.post(presence_url(story)).json()["can_take_over"] is True
    answer = bob_client.post(presence_url(story), {"take_over": "1"}).json()
    assert answer["holds"] is True
    answer = ann_client.post(presence_url(story)).json()
    assert answer["lost_to"] == "Bob Ray"
    assert answer["holder"] == "Bob Ray"
    assert answer["holds"] is False


def test_a_writer_cannot_take_over(role_user, ann):
    writer = role_user("Writer", username="wendy", first_name="Wendy", last_name="Wu")
    article = ArticleFactory(authors=[writer])
    session(ann).post(presence_url(article))
    writer_client = session(writer)
    answer = writer_client.post(presence_url(article)).json()
    assert answer["holder"] == "Ann Lee"
    assert answer["can_take_over"] is False
    response = writer_client.post(presence_url(article), {"take_over": "1"})
    assert response.status_code == 403
    assert ArticlePresence.objects.get(user=ann).holds_lock is True


def test_a_heartbeat_and_the_list_lookup_cost_a_fixed_number_of_queries(
    story, ann, bob, django_assert_max_num_queries
):
    ann_client, bob_client = session(ann), session(bob)
    ann_client.post(presence_url(story))
    bob_client.post(presence_url(story))
    with django_assert_max_num_queries(14):
        bob_client.post(presence_url(story))
    ids = ",".join(str(ArticleFactory().pk) for _ in range(5))
    with django_assert_max_num_queries(6):
        bob_client.get(f"/admin/articles/article/presence/?ids={ids},{story.pk}")
