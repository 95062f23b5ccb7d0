"""`load_demo` gives each editorial role a sign-in, in the group the migration made."""

import io

from django.contrib.auth import get_user_model
from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_creates_one_user_per_role_and_prints_their_logins():
    output = load_demo()

    users = get_user_model().objects.filter(username__in=["editor", "writer", "moderator"])
    assert {(user.username, user.groups.get().name) for user in users} == {
        ("editor", "Editor"),
        ("writer", "Writer"),
        ("moderator", "Moderator"),
    }
    assert all(user.is_staff and not user.is_superuser for user in users)
    url = "http://127.0.0.1:8000/admin/"
    assert f"Editor: {url}  user editor  password marquee-editor" in output
    assert f"Writer: {url}  user writer  password marquee-writer" in output
    assert f"Moderator: {url}  user moderator  password marquee-moderator" in output
    assert get_user_model().objects.get(username="writer").check_password("marquee-writer")


def test_demo_staff_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "a-long-shared-demo-secret")

    output = load_demo()

    assert "user editor  password a-long-shared-demo-secret" in output
    assert (
        get_user_model().objects.get(username="editor").check_password("a-long-shared-demo-secret")
    )


def test_demo_editor_can_publish_and_demo_writer_cannot():
    load_demo()
    users = get_user_model().objects

    assert users.get(username="editor").has_perm("articles.publish_article")
    assert not users.get(username="writer").has_perm("articles.publish_article")
    assert not users.get(username="moderator").has_perm("articles.change_article")


def test_demo_puts_the_roles_back_after_a_flush():
    from django.contrib.auth.models import Group

    Group.objects.all().delete()  # what `manage.py flush` leaves behind

    load_demo()

    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.get().name == "Editor"
    assert editor.has_perm("articles.publish_article")
