"""Editors answer writers' catalogue requests: on the dashboard (what waits, with the add form
filled in from it), on the answer page and from the list; the writer is mailed the answer and
follows it on their own dashboard."""

import re

import pytest

from articles.catalogue_requests import catalogue_request_answer
from articles.models import CatalogueRequest
from outbox.models import MailDelivery
from productions.models import Production
from tests.factories import ArticleFactory, ProductionFactory, SeasonFactory
from tests.test_catalogue_requests import answer_url, ask

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(writer):
    return ArticleFactory(authors=[writer], title="Missing You ending explained")


# --- Answering --------------------------------------------------------------------------


def test_a_writer_cannot_answer_requests(client, writer):
    request = ask(writer, title="Missing You")
    client.force_login(writer)

    response = client.post(answer_url(request), {"status": "done"})

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.is_open


def test_marking_a_request_added_mails_the_writer_through_the_outbox(
    client, editor, writer, draft, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(writer, title="Missing You", article=draft)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            answer_url(request),
            {"status": "done", "reply": "Episodes are in too.", "next": "/admin/"},
        )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    request.refresh_from_db()
    assert request.status == CatalogueRequest.Status.DONE
    assert request.handled_by == editor
    delivery = MailDelivery.objects.get(kind="request_answered")
    assert delivery.to == writer.email
    assert delivery.status == MailDelivery.Status.SENT
    [mail] = mailoutbox
    assert mail.subject == "Added to the catalogue: Missing You"
    assert "Episodes are in too." in mail.body
    assert f"/admin/articles/article/{draft.pk}/change/" in mail.body


def test_declining_says_so_and_a_request_is_answered_once(
    editor, writer, mailoutbox, django_capture_on_commit_callbacks
):
    request = ask(writer, title="Missing You")

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_request_answer(
            catalogue_request=request, user=editor, status="declined", reply="Not our beat."
        )
    with pytest.raises(Exception, match="already answered"):
        catalogue_request_answer(catalogue_request=request, user=editor, status="done")

    [mail] = mailoutbox
    assert mail.subject == "Not added to the catalogue: Missing You"
    assert "Not our beat." in mail.body


def test_once_answered_the_same_title_can_be_asked_again(editor, writer):
    request = ask(writer, title="Missing You")
    catalogue_request_answer(catalogue_request=request, user=editor, status="declined")

    assert ask(writer, title="Missing You").is_open


# --- The dashboard ----------------------------------------------------------------------


def request_card(response, key):
    return next(card for card in response.context["dashboard"] if card.key == key)


def test_editors_dashboard_lists_open_requests_with_prefilled_add_links(
    client, editor, writer, draft, django_assert_max_num_queries
):
    series = ProductionFactory(title="Missing You")
    season = SeasonFactory(production=series, number=1)
    ask(writer, title="Run Away", production_kind="series", year=2024, article=draft)
    ask(writer, kind="episode", series="Missing You", season_number=1, episode_number=5)
    ask(writer, kind="episode", series="Unknown Show", episode_number=2)
    ask(writer, kind="episode", series="Missing You", season_number=2, episode_number=1)
    for n in range(3):
        ask(writer, title=f"Show {n}")
    client.force_login(editor)

    client.get("/admin/")  # warm the session and permission caches
    with django_assert_max_num_queries(30) as few:
        client.get("/admin/")
    ask(writer, title="One more")
    with django_assert_max_num_queries(len(few)):
        response = client.get("/admin/")

    card = request_card(response, "catalogue-requests")
    assert card.count == 8
    assert len(card.rows) == 5
    run_away, episode, unknown, next_season = card.rows[:4]
    assert run_away.add_label == "Add the production"
    assert run_away.add_url.startswith("/admin/productions/production/add/?title=Run+Away")
    assert "kind=series" in run_away.add_url and "year=2024" in run_away.add_url
    assert episode.add_label == "Add the episode"
    assert episode.add_url == f"/admin/productions/episode/add/?season={season.pk}&number=5"
    # No such series yet: the editor adds it first; no such season: the season first.
    assert unknown.add_label == "Add the series “Unknown Show” first"
    assert unknown.add_url.startswith("/admin/productions/production/add/?title=Unknown+Show")
    assert next_season.add_label == "Add season 2 of Missing You"
    assert next_season.add_url == f"/admin/productions/season/add/?production={series.pk}&number=2"
    html = response.content.decode()
    assert "Requested by writers" in html
    assert "Missing You ending explained" in html
    assert "Mark added" in html


def test_a_writer_sees_their_requests_status_on_their_dashboard(client, editor, writer, draft):
    added = ask(writer, title="Missing You", article=draft)
    ask(writer, title="Run Away")
    catalogue_request_answer(catalogue_request=added, user=editor, status="done")
    client.force_login(writer)

    response = client.get("/admin/")

    card = request_card(response, "my-requests")
    assert card.count == 1
    html = response.content.decode()
    assert re.search(r"Missing You.*?Added", html, re.S)
    assert re.search(r"Run Away.*?Waiting for an editor", html, re.S)
    assert "Requested by writers" not in html


def test_the_prefilled_add_form_opens_with_the_request_typed_in(client, editor, writer):
    request = ask(writer, title="Missing You", production_kind="series", year=2025)
    client.force_login(editor)
    card = request_card(client.get("/admin/"), "catalogue-requests")

    form = client.get(card.rows[0].add_url).context["adminform"].form

    assert form.initial["title"] == "Missing You"
    assert form.initial["slug"] == "missing-you"
    assert form.initial["kind"] == Production.Kind.SERIES
    assert str(form.initial["year"]) == "2025"
    assert request.is_open


def test_editors_answer_several_requests_from_the_list_and_each_writer_is_mailed(
    client, editor, writer, role_user, mailoutbox, django_capture_on_commit_callbacks
):
    other = role_user("Writer", username="wanda")
    first = ask(writer, title="Missing You")
    second = ask(other, title="Run Away")
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/articles/cataloguerequest/",
            {"action": "mark_added", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )

    assert "“Missing You” marked added" in response.content.decode()
    assert not CatalogueRequest.objects.open().exists()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([writer.email, other.email])


def test_the_editors_list_links_each_open_request_to_its_answer(client, editor, writer):
    request = ask(writer, title="Missing You")
    client.force_login(editor)

    html = client.get("/admin/articles/cataloguerequest/").content.decode()

    assert f'href="{answer_url(request)}"' in html
