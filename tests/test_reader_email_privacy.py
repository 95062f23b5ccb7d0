"""Readers' email addresses in the admin: only for roles that need them (moderators and
superusers), and every page that shows one is recorded: who saw whose address, and when."""

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from core.models import AddressView
from members.services import follow_request
from outbox.services import delivery_queue
from tests.factories import (
    BanFactory,
    CommentFactory,
    ProductionFactory,
    SubscriptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

READER_EMAIL = "ann.reader@example.com"


@pytest.fixture
def ann(db):
    """A reader account, with an address only she and the roles that need it may see."""
    return UserFactory(username="reader-5e1f0a", email=READER_EMAIL)


def users_list(client, **query):
    return client.get(reverse("admin:auth_user_changelist"), query).content.decode()


def test_editors_and_writers_may_not_see_readers_addresses_moderators_may(
    editor, writer, moderator, superuser
):
    assert not editor.has_perm("core.view_reader_email")
    assert not writer.has_perm("core.view_reader_email")
    assert moderator.has_perm("core.view_reader_email")
    assert superuser.has_perm("core.view_reader_email")


def test_editors_list_find_and_open_staff_accounts_only(client, editor, writer, ann):
    client.force_login(editor)

    listed = users_list(client)
    searched = users_list(client, q="ann.reader")
    opened = client.get(reverse("admin:auth_user_change", args=[ann.pk]))

    assert "writer" in listed
    assert ann.username not in listed and READER_EMAIL not in listed
    assert ann.username not in searched and READER_EMAIL not in searched
    assert opened.status_code == 302
    assert READER_EMAIL not in client.get(opened["Location"]).content.decode()
    assert not AddressView.objects.exists()


def test_editors_pick_bylines_from_staff_accounts_only(client, editor, writer, ann):
    client.force_login(editor)

    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "authors", "term": ""},
    ).json()

    names = {result["text"] for result in found["results"]}
    assert "writer" in names and "editor" in names
    assert ann.username not in names


def test_writers_get_no_account_list(client, writer, ann):
    client.force_login(writer)

    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_a_superuser_sees_a_readers_address_and_the_look_is_recorded(client, superuser, ann):
    client.force_login(superuser)

    page = client.get(reverse("admin:auth_user_change", args=[ann.pk])).content.decode()

    assert READER_EMAIL in page
    seen = AddressView.objects.get()
    assert (seen.viewer, seen.viewer_name, seen.reader, seen.whose) == (
        superuser,
        "root",
        ann,
        ann.username,
    )
    assert seen.page == f"User #{ann.pk} page"
    # The record names the reader's account, never the address itself.
    assert READER_EMAIL not in str(seen) and READER_EMAIL not in seen.page


def test_the_account_list_records_each_reader_shown_and_no_staff(client, superuser, editor, ann):
    other = UserFactory(username="reader-77aa01", email="bo@example.com")
    client.force_login(superuser)

    listed = users_list(client)

    assert READER_EMAIL in listed and "bo@example.com" in listed
    seen = AddressView.objects.filter(viewer=superuser)
    assert {row.reader for row in seen} == {ann, other}
    assert {row.page for row in seen} == {"Users list"}


def test_a_staff_accounts_page_records_nothing(client, superuser, editor):
    client.force_login(superuser)

    assert (
        editor.email
        in client.get(reverse("admin:auth_user_change", args=[editor.pk])).content.decode()
    )
    assert not AddressView.objects.exists()


def test_a_moderator_sees_a_comment_authors_address_and_the_look_is_recorded(
    client, moderator, ann
):
    guest = CommentFactory(guest_name="Dan", guest_email="dan@example.com")
    signed_in = CommentFactory(user=ann, guest_name="")
    client.force_login(moderator)

    guest_page = client.get(reverse("admin:discussion_comment_change", args=[guest.pk]))
    reader_page = client.get(reverse("admin:discussion_comment_change", args=[signed_in.pk]))

    assert "dan@example.com" in guest_page.content.decode()
    assert READER_EMAIL in reader_page.content.decode()
    seen = AddressView.objects.filter(viewer=moderator).order_by("pk")
    assert [(row.reader, row.whose) for row in seen] == [
        (None, f"guest of comment #{guest.pk}"),
        (ann, ann.username),
    ]


def test_without_the_permission_the_comment_admin_shows_and_finds_no_address(client, ann):
    """A role given the comment admin but not the addresses (an editor an administrator let
    read comments, say) sees comments without their authors' addresses."""
    guest = CommentFactory(guest_name="Dan", guest_email="dan@example.com", body="Fine words.")
    reading = UserFactory(username="comment-reader", is_staff=True)
    reading.user_permissions.add(
        Permission.objects.get(content_type__app_label="discussion", codename="view_comment")
    )
    client.force_login(reading)

    page = client.get(reverse("admin:discussion_comment_change", args=[guest.pk]))
    found = client.get(reverse("admin:discussion_comment_changelist"), {"q": "dan@example"})

    assert page.status_code == 200 and "Fine words." in page.content.decode()
    assert "dan@example.com" not in page.content.decode()
    assert "Fine words" not in found.content.decode()
    assert not AddressView.objects.exists()


@pytest.mark.parametrize(
    ("admin_list", "make_row"),
    [
        ("discussion_subscription", lambda: SubscriptionFactory(email=READER_EMAIL)),
        ("discussion_ban", lambda: BanFactory(email=READER_EMAIL)),
        (
            "members_follow",
            lambda: follow_request(target=ProductionFactory(), email=READER_EMAIL),
        ),
        (
            "outbox_maildelivery",
            lambda: delivery_queue(kind="login_code", to=READER_EMAIL, subject="Your code"),
        ),
    ],
)
def test_every_admin_list_of_addresses_records_who_saw_them(
    client, superuser, admin_list, make_row
):
    row = make_row()
    client.force_login(superuser)

    listed = client.get(reverse(f"admin:{admin_list}_changelist")).content.decode()

    assert READER_EMAIL in listed
    seen = AddressView.objects.get(viewer=superuser)
    assert f"#{row.pk}" in seen.whose
    assert seen.page.endswith(" list")


def test_the_record_of_who_looked_is_read_only_and_shows_no_address(
    client, superuser, moderator, ann
):
    client.force_login(superuser)
    client.get(reverse("admin:auth_user_change", args=[ann.pk]))
    seen = AddressView.objects.get()

    record = client.get(reverse("admin:core_addressview_changelist")).content.decode()

    assert "root" in record and ann.username in record and f"User #{ann.pk} page" in record
    assert READER_EMAIL not in record
    assert client.get(reverse("admin:core_addressview_add")).status_code == 403
    assert client.get(reverse("admin:core_addressview_delete", args=[seen.pk])).status_code == 403
    client.force_login(moderator)
    assert client.get(reverse("admin:core_addressview_changelist")).status_code == 403


def test_lists_named_by_addresses_are_closed_to_roles_without_the_permission(client):
    """A subscription, follow, ban or mail is named by its address: a role given such a list
    without the addresses (an administrator's custom group, say) does not get the list."""
    SubscriptionFactory(email=READER_EMAIL)
    watcher = UserFactory(username="mail-watcher", is_staff=True)
    watcher.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_subscription", "view_maildelivery"])
    )
    client.force_login(watcher)

    subscriptions = client.get(reverse("admin:discussion_subscription_changelist"))
    mail = client.get(reverse("admin:outbox_maildelivery_changelist"))

    assert (subscriptions.status_code, mail.status_code) == (403, 403)
    assert not AddressView.objects.exists()


def test_a_page_titled_with_an_address_is_recorded(client, superuser):
    follow = follow_request(target=ProductionFactory(), email=READER_EMAIL)
    client.force_login(superuser)

    history = client.get(reverse("admin:members_follow_history", args=[follow.pk]))
    delete = client.get(reverse("admin:members_follow_delete", args=[follow.pk]))

    assert READER_EMAIL in history.content.decode() and READER_EMAIL in delete.content.decode()
    assert [row.page for row in AddressView.objects.order_by("pk")] == [
        f"Follow #{follow.pk} history",
        f"Follow #{follow.pk} delete confirmation",
    ]
