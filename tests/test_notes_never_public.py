"""Editorial notes never leave the desk: notes (and replies, and the @mentions' mail) carrying
a unique marker, on a published, a scheduled and a draft explainer, appear in no public page,
feed, sitemap, API answer, oEmbed card, search result or preview, and in neither export (the
whole-site export and a reader's own data download).

Every public URL pattern is walked from the URLconf (tests/public_urls.py) with the same
parameter values the embargo test uses, so a public address added later is scanned too.
"""

import json

from django.urls import reverse

import pytest

from articles import editorial_notes
from articles.preview import preview_url
from exchange.site import content_models, site_export_data
from members.services import account_export
from outbox.models import MailDelivery
from tests.factories import CommentFactory
from tests.public_urls import public_routes
from tests.test_nothing_unpublished_is_named import candidates, embargoed_world, queries

pytestmark = pytest.mark.django_db

#: A word no page, fixture or dictionary holds: any output carrying it leaked a note.
MARKER = "Vorplex-Quintagram-4417"
#: Another word only the notes hold, for searching: a search page repeats what was typed, so
#: the marker itself is never searched for; finding anything by this word is the leak.
SEARCH_WORD = "Glimmerwick"


@pytest.fixture
def noted_world(role_user, reader, django_capture_on_commit_callbacks):
    world = embargoed_world()
    ann = role_user("Editor", username="ann", first_name="Ann")
    bob = role_user("Editor", username="bob", first_name="Bob")
    public = world["public"]["article"]
    public.authors.add(ann)
    # The reader has a comment on the public piece, so their data download holds articles.
    CommentFactory(article=public, user=reader)
    with django_capture_on_commit_callbacks(execute=True):
        for article in (public, world["draft"], world["scheduled"]):
            thread, _mailed, _not = editorial_notes.editorial_note_post(
                article=article, user=ann, body=f"{MARKER}: @bob check the {SEARCH_WORD} ending."
            )
            editorial_notes.editorial_note_post(
                article=article, user=bob, body=f"Done ({MARKER} reply).", parent=thread
            )
    return world


def leaked(response):
    text = response.content.decode("utf-8", "replace")
    return MARKER.casefold() in text.casefold()


def test_no_public_url_shows_a_note(client, reader, noted_world):
    signed_in = type(client)()
    signed_in.force_login(reader)
    asked, leaks = 0, []
    for route in public_routes():
        extra = [{"q": SEARCH_WORD}] if route.name == "articles:search" else []
        for path in route.paths(candidates(noted_world)):
            for query in [*queries(noted_world, route.name), *extra]:
                for visitor in (client, signed_in):
                    response = visitor.get(path, query)
                    asked += 1
                    if leaked(response):
                        leaks.append(f"{path}?{query} ({response.status_code})")
    assert asked > 300
    assert leaks == []


def test_the_article_page_feeds_api_and_previews_of_a_noted_article_do_not_show_it(
    client, noted_world
):
    public = noted_world["public"]["article"]
    urls = [
        public.get_absolute_url(),
        "/feed/",
        "/sitemap.xml",
        f"/api/v1/articles/{public.slug}/",
        "/api/v1/articles/",
        f"/oembed/?url=http://testserver{public.get_absolute_url()}",
        f"/search/?q={SEARCH_WORD}",
        preview_url(noted_world["draft"]),
        preview_url(noted_world["scheduled"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not leaked(response), url


def test_searching_for_a_word_only_notes_hold_finds_nothing(client, noted_world):
    for kind in ["", "articles", "people", "productions", "quotes"]:
        response = client.get("/search/", {"q": SEARCH_WORD, "type": kind})
        assert response.status_code == 200
        assert response.context["total"] == 0, kind


def test_the_whole_site_export_leaves_the_notes_out(noted_world):
    data = json.dumps(site_export_data(), default=str, ensure_ascii=False)

    assert MARKER not in data
    exported = {model._meta.label_lower for model in content_models()}
    assert "articles.editorialnote" not in exported
    assert "articles.notemention" not in exported
    # The mention's mail sat in the outbox (exported) without the note's words.
    assert MailDelivery.objects.filter(kind="note_mention").count() == 3


def test_a_readers_data_download_holds_no_note(client, reader, noted_world):
    data = json.dumps(account_export(user=reader), default=str, ensure_ascii=False)
    assert MARKER not in data
    assert noted_world["public"]["article"].title in data  # their comment's article is there

    client.force_login(reader)
    response = client.get(reverse("members:export"))
    assert response.status_code == 200
    assert not leaked(response)


def test_the_desk_does_see_the_notes(client, role_user, noted_world):
    """The scan would pass vacuously if notes showed nowhere: the editors do see them."""
    client.force_login(role_user("Editor", username="cat"))
    public = noted_world["public"]["article"]

    page = client.get(reverse("admin:articles_article_change", args=[public.pk]))

    assert leaked(page)
