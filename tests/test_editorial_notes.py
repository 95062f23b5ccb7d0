"""Private editorial notes beside an article's form: threads, @mentions mailed once through
the outbox, who may read and write them, and that they stay out of the article itself."""

import json

from django.urls import reverse

import pytest
import reversion
from reversion.models import Version

from articles import editorial_notes
from articles.models import Article, EditorialNote, NoteMention
from outbox.models import MailDelivery
from tests.admin_forms import admin_form_data
from tests.editorial_notes import notes_url, post_note
from tests.factories import ArticleFactory, BlockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(wes):
    return ArticleFactory(title="Is Missing You a true story?", authors=[wes])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_an_editor_posts_a_note_and_it_shows_on_the_article_form(
    client, ann, piece, django_capture_on_commit_callbacks
):
    client.force_login(ann)

    response = post_note(
        client, piece, "Check the <b>episode</b> numbers.", django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    note = EditorialNote.objects.get()
    assert (note.article, note.author, note.parent) == (piece, ann, None)
    page = client.get(change_url(piece)).content.decode()
    assert 'id="mq-notes"' in page
    # Plain text: what was typed is shown, never run as HTML.
    assert "Check the &lt;b&gt;episode&lt;/b&gt; numbers." in page
    assert "Notes (1)" in page


def test_a_reply_sits_under_its_thread_and_a_reply_to_a_reply_joins_the_same_thread(
    client, ann, wes, piece, django_capture_on_commit_callbacks
):
    question, _mailed, _not = editorial_notes.editorial_note_post(
        article=piece, user=ann, body="Is the ending right?"
    )
    client.force_login(wes)
    post_note(
        client, piece, "Yes, checked.", django_capture_on_commit_callbacks, parent=question.pk
    )
    answer = EditorialNote.objects.get(body="Yes, checked.")
    client.force_login(ann)
    post_note(client, piece, "Thanks!", django_capture_on_commit_callbacks, parent=answer.pk)

    assert answer.parent == question
    assert EditorialNote.objects.get(body="Thanks!").parent == question
    threads = editorial_notes.notes_for(piece)
    assert [thread.body for thread in threads] == ["Is the ending right?"]
    assert [reply.body for reply in threads[0].replies.all()] == ["Yes, checked.", "Thanks!"]


def test_a_writer_writes_notes_on_their_own_piece_but_not_on_anothers(
    client, role_user, wes, piece, django_capture_on_commit_callbacks
):
    someone_elses = ArticleFactory(authors=[role_user("Writer", username="zoe")])
    client.force_login(wes)

    assert client.get(change_url(piece)).context["notes_panel"] is not None
    assert post_note(client, piece, "Done.", django_capture_on_commit_callbacks).status_code == 302
    assert client.get(notes_url(someone_elses)).status_code == 403
    refused = post_note(client, someone_elses, "Sneaky.", django_capture_on_commit_callbacks)

    assert refused.status_code == 403
    assert list(EditorialNote.objects.values_list("body", flat=True)) == ["Done."]


def test_anonymous_readers_and_moderators_can_neither_read_nor_post_notes(
    client, reader, moderator, ann, piece, django_capture_on_commit_callbacks
):
    editorial_notes.editorial_note_post(article=piece, user=ann, body="Embargoed detail")

    anonymous = client.get(notes_url(piece))
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert post_note(client, piece, "Hi", django_capture_on_commit_callbacks).status_code == 302
    client.force_login(reader)
    assert client.get(notes_url(piece)).status_code == 302  # not staff: the admin's login
    client.force_login(moderator)
    assert client.get(notes_url(piece)).status_code == 403
    assert post_note(client, piece, "Hi", django_capture_on_commit_callbacks).status_code == 403
    page = client.get(change_url(piece))
    assert "Embargoed detail" not in page.content.decode()
    assert EditorialNote.objects.count() == 1


def test_posting_a_note_by_fetch_answers_the_redrawn_panel_and_saves_nothing_of_the_article(
    client, ann, piece, django_capture_on_commit_callbacks
):
    version = Article.objects.get(pk=piece.pk).edit_version
    client.force_login(ann)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            notes_url(piece),
            {"body": "Looks good to me.", "return_to": "form"},
            headers={"X-Requested-With": "fetch"},
        )

    answer = json.loads(response.content)
    assert response.status_code == 200
    assert "Looks good to me." in answer["html"]
    assert answer["message"] == "Your note is posted."
    assert Article.objects.get(pk=piece.pk).edit_version == version
    assert not Version.objects.get_for_object(piece).exists()


def test_an_empty_note_is_refused_with_a_reason(client, ann, piece):
    client.force_login(ann)

    response = client.post(
        notes_url(piece), {"body": "   \n "}, headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 400
    assert json.loads(response.content)["message"] == "Write something first: the note is empty."
    assert not EditorialNote.objects.exists()


def test_a_thread_is_resolved_and_a_new_reply_opens_it_again(client, ann, wes, piece):
    question, _m, _n = editorial_notes.editorial_note_post(
        article=piece, user=ann, body="Spoiler label?"
    )
    client.force_login(ann)
    url = reverse("admin:articles_article_note_resolve", args=[piece.pk, question.pk])

    client.post(url, {"resolved": "1", "return_to": "form"})
    question.refresh_from_db()
    assert (question.is_resolved, question.resolved_by) == (True, ann)
    page = client.get(notes_url(piece)).content.decode()
    assert "resolved by Ann Lee" in page
    assert ">Reopen<" in page

    editorial_notes.editorial_note_post(article=piece, user=wes, body="Not yet", parent=question)
    question.refresh_from_db()
    assert not question.is_resolved


def test_the_notes_page_works_without_javascript_and_returns_to_where_the_note_was_posted(
    client, ann, piece, django_capture_on_commit_callbacks
):
    client.force_login(ann)

    from_form = post_note(
        client, piece, "From the form", django_capture_on_commit_callbacks, return_to="form"
    )
    from_page = post_note(client, piece, "From the page", django_capture_on_commit_callbacks)

    assert from_form["Location"] == change_url(piece) + "#mq-notes"
    assert from_page["Location"] == notes_url(piece) + "#mq-notes"
    page = client.get(notes_url(piece)).content.decode()
    assert "From the form" in page and "From the page" in page


def test_the_notes_page_costs_the_same_queries_for_many_notes(
    client, ann, wes, piece, django_assert_max_num_queries
):
    for number in range(15):
        thread, _m, _n = editorial_notes.editorial_note_post(
            article=piece, user=ann, body=f"Question {number}"
        )
        editorial_notes.editorial_note_post(
            article=piece, user=wes, body=f"Answer {number}", parent=thread
        )
    client.force_login(ann)

    with django_assert_max_num_queries(12):
        response = client.get(notes_url(piece))

    assert response.content.decode().count('class="mq-note mq-note--reply"') == 15


def test_restoring_a_revision_keeps_the_notes_and_the_planning_written_since(
    client, ann, wes, piece
):
    with reversion.create_revision():
        BlockFactory(article=piece, text="<p>First words.</p>")
        piece.save()
    old = Version.objects.get_for_object(piece).first()
    Article.objects.filter(pk=piece.pk).update(assignee=wes, title="Newer words")
    editorial_notes.editorial_note_post(article=piece, user=ann, body="Written after")
    client.force_login(ann)
    url = reverse("admin:articles_article_revision", args=[piece.pk, old.pk])
    form = admin_form_data(client.get(url).content.decode(), "article_form")

    response = client.post(url, form)

    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.title == "Is Missing You a true story?"
    assert piece.assignee == wes
    assert list(EditorialNote.objects.values_list("body", flat=True)) == ["Written after"]


def test_deleting_an_article_deletes_its_notes_and_mentions(ann, wes, piece):
    editorial_notes.editorial_note_post(article=piece, user=ann, body="@wes first")

    piece.delete()

    assert not EditorialNote.objects.exists()
    assert not NoteMention.objects.exists()


def delete_url(article, note):
    return reverse("admin:articles_article_note_delete", args=[article.pk, note.pk])


def test_an_author_deletes_their_own_note_and_a_thread_goes_with_its_replies(
    client, ann, wes, piece
):
    question, _m, _n = editorial_notes.editorial_note_post(
        article=piece, user=wes, body="@ann is this right?"
    )
    editorial_notes.editorial_note_post(article=piece, user=ann, body="Yes.", parent=question)
    pending = MailDelivery.objects.get()
    client.force_login(wes)

    response = client.post(delete_url(piece, question), headers={"X-Requested-With": "fetch"})

    assert json.loads(response.content)["message"] == "The note is deleted, with its 1 replies."
    assert not EditorialNote.objects.exists()
    # The mention's mail, not sent yet, is no longer sent.
    from outbox.services import delivery_send

    assert delivery_send(delivery_id=pending.pk).status == MailDelivery.Status.CANCELLED


def test_a_writer_cannot_delete_an_editors_note_but_an_editor_can_delete_any(
    client, ann, wes, role_user, piece
):
    editors_note, _m, _n = editorial_notes.editorial_note_post(
        article=piece, user=ann, body="Editor's note"
    )
    writers_note, _m, _n = editorial_notes.editorial_note_post(
        article=piece, user=wes, body="Writer's note"
    )
    client.force_login(wes)
    page = client.get(notes_url(piece)).content.decode()
    assert delete_url(piece, editors_note) not in page
    assert delete_url(piece, writers_note) in page

    refused = client.post(delete_url(piece, editors_note))
    assert refused["Location"] == notes_url(piece) + "#mq-notes"
    assert "Only the note's author or an editor can delete it." in [
        str(message) for message in refused.wsgi_request._messages
    ]
    client.force_login(role_user("Editor", username="bob"))
    client.post(delete_url(piece, writers_note))

    assert list(EditorialNote.objects.values_list("body", flat=True)) == ["Editor's note"]


def test_a_refused_delete_answers_javascript_with_the_reason(client, ann, wes, piece):
    note, _m, _n = editorial_notes.editorial_note_post(article=piece, user=ann, body="Mine")
    client.force_login(wes)

    response = client.post(delete_url(piece, note), headers={"X-Requested-With": "fetch"})

    assert response.status_code == 403
    assert json.loads(response.content)["message"] == (
        "Only the note's author or an editor can delete it."
    )
    assert EditorialNote.objects.filter(pk=note.pk).exists()


def test_a_note_too_long_is_refused_and_a_pasted_nul_is_dropped(ann, piece):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="at most 5000 characters; this one has 5001"):
        editorial_notes.editorial_note_post(article=piece, user=ann, body="x" * 5001)
    note, _m, _n = editorial_notes.editorial_note_post(
        article=piece, user=ann, body="Check\x00 this"
    )

    assert note.body == "Check this"
