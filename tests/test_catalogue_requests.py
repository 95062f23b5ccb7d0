"""Writers are guided: a picker they cannot add to says who can and lets them ask; the request
lands on the editors' dashboard, and the editor's answer reaches the writer by mail."""

from django.db import IntegrityError, transaction
from django.urls import reverse

import pytest

from articles.catalogue_requests import catalogue_request_answer, catalogue_request_create
from articles.models import CatalogueRequest
from productions.models import Production
from tests.factories import ArticleFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/articles/cataloguerequest/add/"


def answer_url(request):
    return reverse("admin:articles_cataloguerequest_answer", args=[request.pk])


@pytest.fixture
def draft(writer):
    return ArticleFactory(authors=[writer], title="Missing You ending explained")


def ask(user, **fields):
    fields.setdefault("kind", CatalogueRequest.Kind.PRODUCTION)
    return catalogue_request_create(user=user, **fields)


# --- The pickers --------------------------------------------------------------------


def test_writer_pickers_say_editors_add_productions_and_episodes_and_link_to_a_request(
    client, writer, draft
):
    client.force_login(writer)

    html = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()

    assert "Editors add productions." in html
    assert "Editors add episodes." in html
    assert f"{ADD}?kind=production&amp;article={draft.pk}" in html
    assert f"{ADD}?kind=episode&amp;article={draft.pk}" in html
    assert "Ask for a production to be added" in html
    assert "Ask for an episode to be added" in html
    # The block inline's "Spoils up to" (and its empty form for new blocks) says it too.
    assert html.count("Ask for an episode to be added") >= 2
    # select2's own "No results found" is replaced by the same words (pickers.js).
    assert 'data-mq-who="Editors add productions."' in html
    assert "admin/marquee/pickers.js" in html
    # No "+" a writer could not use.
    assert 'id="add_id_productions"' not in html


def test_editor_pickers_keep_the_plus_and_no_request_line(client, editor):
    client.force_login(editor)

    html = client.get("/admin/articles/article/add/").content.decode()

    assert 'id="add_id_productions"' in html
    assert "Ask for a production to be added" not in html
    assert "Editors add productions." not in html


def test_the_article_form_tells_its_writer_what_became_of_their_requests(
    client, editor, writer, draft
):
    added = ask(writer, title="Missing You", article=draft)
    ask(writer, kind="episode", series="Run Away", episode_number=9, article=draft)
    catalogue_request_answer(catalogue_request=added, user=editor, status="done")
    client.force_login(writer)

    html = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()

    assert "“Missing You” was added: pick it here." in html
    assert "You asked for “Run Away episode 9”: waiting for an editor." in html


def test_a_writers_guidance_never_shows_on_the_next_editors_form(client, writer, editor):
    client.force_login(writer)
    client.get("/admin/articles/article/add/")
    client.force_login(editor)

    html = client.get("/admin/articles/article/add/").content.decode()

    assert "mq-picker-guide" not in html
    assert "data-mq-who" not in html


def test_writers_can_add_people_so_the_people_picker_is_not_guided(client, writer):
    client.force_login(writer)

    html = client.get("/admin/articles/article/add/").content.decode()

    assert 'id="add_id_people"' in html
    assert "add people." not in html


# --- The request form -----------------------------------------------------------------


def test_the_request_form_asks_only_the_chosen_kinds_fields(client, writer, draft):
    client.force_login(writer)

    production = client.get(f"{ADD}?kind=production&article={draft.pk}&title=Missing+You")
    episode = client.get(f"{ADD}?kind=episode&article={draft.pk}")
    neither = client.get(ADD)

    assert production.status_code == 200
    assert set(production.context["adminform"].form.fields) == {
        "kind",
        "title",
        "production_kind",
        "year",
        "article",
        "link",
        "details",
    }
    assert production.context["adminform"].form.initial["title"] == "Missing You"
    assert "series" in episode.context["adminform"].form.fields
    assert "production_kind" not in episode.context["adminform"].form.fields
    assert "Ask for a production" in neither.content.decode()
    assert "Ask for an episode" in neither.content.decode()


def test_a_writer_requests_a_production_for_their_article(client, writer, draft):
    client.force_login(writer)

    response = client.post(
        ADD,
        {
            "kind": "production",
            "article": draft.pk,
            "title": "Missing You",
            "production_kind": "series",
            "year": "2025",
            "link": "https://www.netflix.com/title/81708346",
            "details": "Harlan Coben, five episodes.",
        },
    )

    assert response.status_code == 200
    assert "is on the editors' dashboard" in response.content.decode()
    request = CatalogueRequest.objects.get()
    assert request.subject == "Missing You"
    assert request.requested_by == writer
    assert request.article == draft
    assert request.status == CatalogueRequest.Status.OPEN


def test_a_request_without_its_title_is_refused_and_keeps_what_was_typed(client, writer):
    client.force_login(writer)

    response = client.post(
        ADD, {"kind": "episode", "series": "", "episode_number": "5", "details": "The finale"}
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "series" in form.errors
    assert form["details"].value() == "The finale"
    assert CatalogueRequest.objects.count() == 0


def test_a_second_open_request_for_the_same_title_is_refused_with_who_asked(
    client, writer, role_user
):
    first = ask(writer, title="Missing You")
    other = role_user("Writer", username="wanda", first_name="Wanda", last_name="Lane")
    client.force_login(other)

    response = client.post(ADD, {"kind": "production", "title": "  missing YOU "})

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "already asked for “Missing You”" in errors
    assert CatalogueRequest.objects.get() == first


def test_a_twin_request_sent_in_the_same_instant_is_refused_with_a_message_not_an_error(
    client, writer, role_user, monkeypatch
):
    first = ask(writer, title="Missing You")
    other = role_user("Writer", username="wanda", first_name="Wanda", last_name="Lane")
    client.force_login(other)
    # The form's check ran before the twin was stored: only the database sees it.
    monkeypatch.setattr("articles.admin.requests.catalogue_request_problems", lambda draft: {})

    response = client.post(ADD, {"kind": "production", "title": "Missing You"}, follow=True)

    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any("already asked for “Missing You”" in message for message in shown)
    assert CatalogueRequest.objects.get() == first


def test_an_episode_asked_twice_by_number_is_one_request(writer):
    ask(writer, kind="episode", series="Missing You", season_number=1, episode_number=5)

    with pytest.raises(Exception, match="You already asked"):
        ask(writer, kind="episode", series="missing you", episode_number=5, title="Finale")


def test_a_production_already_in_the_catalogue_is_not_requested(client, writer):
    ProductionFactory(title="Fool Me Once")
    client.force_login(writer)

    response = client.post(ADD, {"kind": "production", "title": "fool me once"})

    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "“Fool Me Once (2026)” is already in the catalogue" in errors
    assert not CatalogueRequest.objects.exists()


def test_the_novel_of_a_series_in_the_catalogue_can_still_be_asked_for(writer):
    ProductionFactory(title="Fool Me Once", kind=Production.Kind.SERIES)

    request = ask(writer, title="Fool Me Once", production_kind=Production.Kind.NOVEL)

    assert request.is_open


def test_a_writer_cannot_name_another_writers_article(client, writer):
    someone_elses = ArticleFactory(authors=[UserFactory()])
    client.force_login(writer)

    response = client.post(
        ADD, {"kind": "production", "title": "Missing You", "article": someone_elses.pk}
    )

    assert "article" in response.context["adminform"].form.errors
    assert not CatalogueRequest.objects.exists()


def test_a_writer_sees_only_their_own_requests(client, writer, role_user):
    ask(writer, title="Missing You")
    ask(role_user("Writer", username="other"), title="Run Away")
    client.force_login(writer)

    html = client.get("/admin/articles/cataloguerequest/").content.decode()

    assert "Missing You" in html
    assert "Run Away" not in html


def test_the_database_keeps_one_open_request_per_subject(writer):
    first = ask(writer, title="Missing You")

    with pytest.raises(IntegrityError), transaction.atomic():
        CatalogueRequest.objects.create(title="Missing you", subject_key=first.subject_key.upper())
    first.status = CatalogueRequest.Status.DONE
    first.save()
    assert CatalogueRequest.objects.create(title="Missing You", subject_key=first.subject_key)
