"""Draft → in review → scheduled / published → archived: every transition, legal and not."""

import datetime
import itertools

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine

from articles import services, workflow
from articles.models import Article, ArticleBlock
from articles.workflow import TransitionError
from tests.factories import (
    ArticleFactory,
    BlockFactory,
    PersonFactory,
    QuoteBlockFactory,
    QuoteFactory,
    library_image,
)
from tests.workflow_forms import article_form_data, block_data, change_url

pytestmark = pytest.mark.django_db

S = Article.Status
LEGAL = {
    (S.DRAFT, S.IN_REVIEW),
    (S.DRAFT, S.SCHEDULED),
    (S.DRAFT, S.PUBLISHED),
    (S.DRAFT, S.ARCHIVED),
    (S.IN_REVIEW, S.DRAFT),
    (S.IN_REVIEW, S.SCHEDULED),
    (S.IN_REVIEW, S.PUBLISHED),
    (S.IN_REVIEW, S.ARCHIVED),
    (S.SCHEDULED, S.DRAFT),
    (S.SCHEDULED, S.PUBLISHED),
    (S.SCHEDULED, S.ARCHIVED),
    (S.PUBLISHED, S.DRAFT),
    (S.PUBLISHED, S.ARCHIVED),
    (S.ARCHIVED, S.DRAFT),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def publishable(**kwargs):
    article = ArticleFactory(with_hero=True, **kwargs)
    BlockFactory(article=article)
    return article


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_transition_is_allowed(current, target):
    Article(status=current).check_transition(target)


@pytest.mark.parametrize(("current", "target"), [pair for pair in ALL_PAIRS if pair not in LEGAL])
def test_illegal_transition_raises_a_clear_error(current, target):
    with pytest.raises(TransitionError) as caught:
        Article(status=current).check_transition(target)

    assert isinstance(caught.value, ValidationError)
    message = caught.value.messages[0]
    assert message.startswith(("An article that is", "The article is already"))


def test_illegal_transition_names_where_the_article_can_go():
    expected = "archived cannot become published; it can become: draft"
    with pytest.raises(TransitionError, match=expected):
        Article(status=S.ARCHIVED).check_transition(S.PUBLISHED)


# --- Services, from each starting status -----------------------------------

STATE_FACTORIES = {
    S.DRAFT: {},
    S.IN_REVIEW: {"status": S.IN_REVIEW},
    S.SCHEDULED: {"scheduled": True},
    S.PUBLISHED: {"published": True},
    S.ARCHIVED: {"status": S.ARCHIVED},
}
SERVICE_TARGETS = {
    "submit": S.IN_REVIEW,
    "publish": S.PUBLISHED,
    "schedule": S.SCHEDULED,
    "unpublish": S.DRAFT,
    "archive": S.ARCHIVED,
}


@pytest.mark.parametrize(
    ("start", "action"), list(itertools.product(STATE_FACTORIES, SERVICE_TARGETS))
)
def test_each_service_moves_only_along_the_table(editor, start, action):
    article = publishable(**STATE_FACTORIES[start])
    target = SERVICE_TARGETS[action]
    if action == "schedule":
        article.publish_at = timezone.now() + datetime.timedelta(days=2)
        article.save()

    if (start, target) in LEGAL:
        services.article_apply_action(article=article, user=editor, action=action)
        article.refresh_from_db()
        assert article.status == target
    else:
        with pytest.raises(TransitionError):
            services.article_apply_action(article=article, user=editor, action=action)
        article.refresh_from_db()
        assert article.status == start


def test_publishing_stamps_first_published_at_once(editor):
    article = publishable()
    with time_machine.travel(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)):
        services.article_publish(article=article, user=editor)
    first = article.first_published_at

    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, tzinfo=datetime.UTC)):
        services.article_unpublish(article=article, user=editor)
        services.article_publish(article=article, user=editor)

    article.refresh_from_db()
    assert (
        article.first_published_at
        == first
        == datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC)
    )
    assert article.status == S.PUBLISHED


def test_editing_a_published_article_sets_updated_at(client, editor):
    article = publishable(published=True)
    assert article.updated_at is None
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, standfirst="Sharper standfirst."))

    article.refresh_from_db()
    assert article.standfirst == "Sharper standfirst."
    assert article.updated_at is not None
    assert article.last_modified == article.updated_at


def test_editing_a_draft_leaves_updated_at_empty(client, editor):
    article = publishable()
    client.force_login(editor)

    client.post(change_url(article), article_form_data(article, standfirst="Still drafting."))

    article.refresh_from_db()
    assert article.updated_at is None


def test_scheduling_needs_a_future_publish_time(editor):
    article = publishable(publish_at=timezone.now() - datetime.timedelta(minutes=5))

    with pytest.raises(ValidationError, match="in the future"):
        services.article_schedule(article=article, user=editor)

    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_scheduled_article_appears_at_its_time_without_a_job(client, editor):
    publish_at = datetime.datetime(2026, 12, 1, 8, tzinfo=datetime.UTC)
    article = publishable()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 8, tzinfo=datetime.UTC)):
        services.article_schedule(article=article, user=editor, publish_at=publish_at)
        before = client.get(article.get_absolute_url()).status_code
        home_before = client.get("/").content.decode()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 8, 1, tzinfo=datetime.UTC)):
        after = client.get(article.get_absolute_url()).status_code
        home_after = client.get("/").content.decode()

    assert before == 404
    assert article.title not in home_before
    assert after == 200
    assert article.title in home_after


def test_unpublishing_a_scheduled_article_before_its_time_forgets_the_date(editor):
    article = publishable()
    services.article_schedule(
        article=article, user=editor, publish_at=timezone.now() + datetime.timedelta(days=3)
    )
    assert article.first_published_at is not None

    services.article_unpublish(article=article, user=editor)

    article.refresh_from_db()
    assert article.status == S.DRAFT
    assert article.first_published_at is None


def test_schedule_button_needs_a_future_time_and_saves_nothing_without_it(client, editor):
    article = publishable(title="Original title")
    client.force_login(editor)

    response = client.post(
        change_url(article),
        article_form_data(article, workflow="schedule", title="Typed title"),
    )

    assert response.status_code == 200
    assert "set “Publish at” to a date and time in the future" in response.content.decode()
    article.refresh_from_db()
    assert (article.title, article.status) == ("Original title", S.DRAFT)


def test_schedule_button_with_a_future_time_schedules(client, editor):
    article = publishable()
    client.force_login(editor)
    when = timezone.now() + datetime.timedelta(days=2)

    client.post(
        change_url(article),
        article_form_data(
            article,
            workflow="schedule",
            publish_at_0=when.strftime("%Y-%m-%d"),
            publish_at_1=when.strftime("%H:%M:%S"),
        ),
    )

    article.refresh_from_db()
    assert article.status == S.SCHEDULED
    assert article.publish_at.date() == when.date()
    assert client.get(article.get_absolute_url()).status_code == 404


# --- Validation before publish ---------------------------------------------


def test_publish_validation_lists_exactly_what_is_missing(editor):
    article = ArticleFactory(standfirst="")
    QuoteBlockFactory(article=article, quote=QuoteFactory(source=None, text="Unsourced words"))

    with pytest.raises(ValidationError) as caught:
        services.article_publish(article=article, user=editor)

    assert caught.value.messages == [
        "Cannot publish yet. Still missing: a standfirst; a hero image; alt text for the hero "
        "image; a credit for the hero image; a source for the quote in block 1 "
        "(“Unsourced words”)."
    ]
    article.refresh_from_db()
    assert (article.status, article.publish_at, article.first_published_at) == (
        S.DRAFT,
        None,
        None,
    )


def test_article_without_blocks_or_title_cannot_be_published():
    article = ArticleFactory.build(title="", with_hero=False)

    problems = workflow.publish_problems(article, blocks=[])

    assert "a title" in problems
    assert "at least one block in the body" in problems


def test_quote_without_speaker_blocks_publishing():
    article = publishable()
    quote = QuoteFactory(speaker=None, text="Someone said this")
    QuoteBlockFactory(article=article, quote=quote)

    assert workflow.publish_problems(article) == [
        "a speaker for the quote in block 2 (“Someone said this”)"
    ]


def test_failed_publish_in_the_admin_saves_nothing_and_keeps_what_was_typed(client, editor):
    article = ArticleFactory(title="Before", hero_alt="", hero_credit="")
    block = BlockFactory(article=article, text="<p>Old words</p>")
    client.force_login(editor)
    posted_block = {**block_data(block), "text": "<p>New words</p>"}

    response = client.post(
        change_url(article),
        article_form_data(article, blocks=[posted_block], workflow="publish", title="After"),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Cannot publish yet. Still missing: a hero image; alt text for the hero image" in page
    assert 'value="After"' in page
    assert "New words" in page
    article.refresh_from_db()
    block.refresh_from_db()
    assert (article.title, article.status) == ("Before", S.DRAFT)
    assert block.text == "<p>Old words</p>"


def test_publish_button_checks_the_blocks_being_posted(client, editor):
    article = publishable()
    speaker = PersonFactory()
    unsourced = QuoteFactory(speaker=speaker, source=None, text="Said without a source")
    client.force_login(editor)
    blocks = [block_data(b) for b in article.blocks.all()]
    blocks.append({"position": 9999, "kind": ArticleBlock.Kind.QUOTE, "quote": unsourced.pk})

    response = client.post(
        change_url(article), article_form_data(article, blocks=blocks, workflow="publish")
    )

    assert response.status_code == 200
    assert "a source for the quote in block 2" in response.content.decode()
    assert article.blocks.count() == 1


def test_unpublish_button_takes_an_article_off_the_site(
    client, editor, django_capture_on_commit_callbacks
):
    article = publishable(published=True)
    client.force_login(editor)
    assert client.get(article.get_absolute_url()).status_code == 200

    # What readers are served is refreshed when the change commits, as in production.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(article), article_form_data(article, workflow="unpublish"), follow=True
        )

    assert "is a draft again" in response.content.decode()
    article.refresh_from_db()
    assert article.status == S.DRAFT
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_archive_button_and_the_buttons_each_status_offers(client, editor):
    submitted = publishable(status=S.IN_REVIEW)
    archived = publishable(status=S.ARCHIVED)
    client.force_login(editor)

    submitted_page = client.get(change_url(submitted)).content.decode()
    archived_page = client.get(change_url(archived)).content.decode()
    client.post(change_url(submitted), article_form_data(submitted, workflow="archive"))

    assert "Send back to draft" in submitted_page
    assert 'value="publish"' in submitted_page
    assert "Restore as draft" in archived_page
    assert 'value="publish"' not in archived_page
    submitted.refresh_from_db()
    assert submitted.status == S.ARCHIVED


def test_publish_button_names_each_missing_field_beside_it(client, editor):
    article = publishable(hero_image=library_image(alt="", is_decorative=True, credit=""))
    client.force_login(editor)

    response = client.post(change_url(article), article_form_data(article, workflow="publish"))

    form = response.context["adminform"].form
    assert form.errors["hero_alt"] == ["Alt text for the hero image is needed before publishing."]
    assert form.errors["hero_credit"] == [
        "A credit for the hero image is needed before publishing."
    ]
    article.refresh_from_db()
    assert article.status == S.DRAFT


def test_the_admin_and_the_service_refuse_a_past_schedule_with_the_same_words(editor):
    past = timezone.now() - datetime.timedelta(minutes=1)

    with pytest.raises(ValidationError) as caught:
        workflow.check_schedule_date(past)

    assert caught.value.messages == [
        "To schedule, set “Publish at” to a date and time in the future."
    ]
    workflow.check_schedule_date(timezone.now() + datetime.timedelta(minutes=1))
