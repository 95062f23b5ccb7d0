"""Single-line fields stay on one line, and names cannot reorder the text around them."""

import re

from django.forms import modelform_factory

import pytest
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article
from core.text import single_line
from discussion import services
from discussion.forms import CommentForm
from discussion.models import Comment
from people.models import Person
from tests.discussion_forms import comment_data, page, post_url
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    PersonFactory,
    QuoteFactory,
    SubscriptionFactory,
    UserFactory,
)

RLO, PDF = "\u202e", "\u202c"
UNWANTED = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@given(st.text())
def test_single_line_leaves_no_break_control_or_bidi_override(value):
    line = single_line(value)

    assert not UNWANTED.search(line)
    assert single_line(line) == line


def test_single_line_keeps_words_apart_and_other_scripts_intact():
    assert single_line("Run Away\r\nexplained") == "Run Away explained"
    assert single_line(f"  {RLO}Ünïcödé\t東京 שלום\x00{PDF} ") == "Ünïcödé 東京 שלום"


@pytest.mark.django_db
def test_a_title_with_a_carriage_return_is_saved_on_one_line():
    article = ArticleFactory(title="Run Away\r\nexplained")

    article.refresh_from_db()
    assert article.title == "Run Away explained"


@pytest.mark.django_db
def test_admin_model_forms_clean_single_line_fields():
    form = modelform_factory(Person, fields=["name", "slug", "photo_alt"])(
        data={"name": f"Ada\r\n{RLO}Lovelace", "slug": "ada", "photo_alt": "A\nportrait"}
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Ada Lovelace"
    assert form.cleaned_data["photo_alt"] == "A portrait"


def test_public_comment_form_cleans_the_guest_name():
    fields = CommentForm.base_fields

    assert fields["name"].clean("Ada\nSubject: x") == "Ada Subject: x"
    assert fields["email"].clean(" ada@example.com\r\n") == "ada@example.com"


@pytest.mark.django_db
@pytest.mark.usefixtures("discussion_settings")
def test_a_title_with_a_line_break_still_gets_its_mail_with_a_clean_subject(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    article = ArticleFactory(published=True, title="Run Away\r\nexplained")
    # A title stored before the rule (no save() ran on it) must not break the mail either.
    Article.objects.filter(pk=article.pk).update(title="Run Away\r\nexplained")
    SubscriptionFactory(article=article)
    comment = CommentFactory(article=article, pending=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=comment, moderator=moderator)

    [message] = mailoutbox
    assert message.subject == "New comment on “Run Away explained”"


@pytest.mark.django_db
@pytest.mark.usefixtures("discussion_settings")
def test_a_line_break_in_a_guest_name_cannot_forge_lines_in_a_mail(
    client, article, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriptionFactory(article=article, email="fan@example.com")
    client.post(post_url(article), comment_data(name="Ada\nSubject: x\r\nBcc: all"))
    comment = Comment.objects.get()
    assert comment.guest_name == "Ada Subject: x Bcc: all"

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=comment, moderator=moderator)

    [message] = mailoutbox
    assert not re.search(r"^(Subject|Bcc):", message.body, re.MULTILINE)
    assert "Ada Subject: x Bcc: all commented on" in message.body


@pytest.mark.django_db
@pytest.mark.usefixtures("discussion_settings")
def test_comment_author_names_are_isolated_and_lose_direction_overrides(client, article):
    CommentFactory(article=article, guest_name=f"{RLO}evil.exe")
    writer = UserFactory(first_name=f"{RLO}Dana", last_name="כהן")
    CommentFactory(article=article, user=writer, guest_email="")

    html = page(client, article)

    assert "<bdi>evil.exe</bdi>" in html
    assert "<bdi>Dana כהן</bdi>" in html
    assert RLO not in html


@pytest.mark.django_db
def test_person_names_are_saved_without_overrides_and_shown_isolated(client):
    person = PersonFactory(name=f"{RLO}Ada Lovelace", slug="ada")

    person.refresh_from_db()
    assert person.name == "Ada Lovelace"
    # The <h1> is a block of its own, which isolates it; the quote card isolates the link.
    quote = QuoteFactory(speaker=person)
    html = client.get(f"/quotes/{quote.pk}/").content.decode()
    assert '<bdi><a href="/people/ada/">Ada Lovelace</a></bdi>' in html
