"""Only someone who may change and delete tags can merge them in the admin."""

import pytest
from taggit.models import Tag

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def merge(client, user, *tags):
    """POST the admin merge form for `tags`, as the "Merge selected tags" action leaves it."""
    client.force_login(user)
    session = client.session
    session["selected_tag_ids"] = ",".join(str(t.pk) for t in tags)
    session.save()
    return client.post("/admin/taggit/tag/merge-tags/", {"new_tag_name": "merged"})


@pytest.fixture
def two_tags():
    article = ArticleFactory(published=True)
    article.tags.add("alpha", "beta")
    return list(Tag.objects.order_by("name"))


@pytest.mark.parametrize("role", ["writer", "moderator"])
def test_tag_merge_is_refused_without_tag_change_and_delete_permissions(
    client, request, two_tags, role
):
    user = request.getfixturevalue(role)

    assert client.get("/admin/taggit/tag/merge-tags/").status_code == 302
    client.force_login(user)
    assert client.get("/admin/taggit/tag/merge-tags/").status_code == 403
    assert merge(client, user, *two_tags).status_code == 403
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["alpha", "beta"]


def test_an_editor_merges_tags(client, editor, two_tags):
    response = merge(client, editor, *two_tags)

    assert response.status_code == 302
    assert Tag.objects.get(name="merged").taggit_taggeditem_items.count() == 1


def test_the_merge_action_is_offered_only_to_those_who_may_merge(client, writer, editor, two_tags):
    client.force_login(writer)
    writer_list = client.get("/admin/taggit/tag/").content.decode()
    client.force_login(editor)
    editor_list = client.get("/admin/taggit/tag/").content.decode()

    assert 'value="render_tag_form"' not in writer_list
    assert 'value="render_tag_form"' in editor_list
