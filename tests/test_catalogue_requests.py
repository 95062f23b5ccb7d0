"""Writers are guided: a picker they cannot add to says who can and lets them ask; the request
lands on the editors' dashboard, and the editor's answer reaches the writer by mail."""

import re

from django.db import IntegrityError, transaction
from django.urls import reverse

import pytest

from articles.catalogue_requests import catalogue_request_answer, catalogue_request_create
from articles.models import CatalogueRequest
from outbox.models import MailDelivery
from productions.models import Production
from tests.factories import ArticleFactory, ProductionFactory, SeasonFactory, UserFactory

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
    delivery = MailDelivery.objects.get(kind="catalogue_request_answer")
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
    return next(card for card in response.context["request_cards"] if card.key == key)


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


def test_the_database_keeps_one_open_request_per_subject(writer):
    first = ask(writer, title="Missing You")

    with pytest.raises(IntegrityError), transaction.atomic():
        CatalogueRequest.objects.create(title="Missing you", subject_key=first.subject_key.upper())
    first.status = CatalogueRequest.Status.DONE
    first.save()
    assert CatalogueRequest.objects.create(title="Missing You", subject_key=first.subject_key)
