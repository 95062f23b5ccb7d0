"""Every change a reader would see shows on the next anonymous request, though pages are cached."""

import gzip

from django.contrib import admin
from django.db.models.fields.files import FieldFile
from django.forms import MultiWidget
from django.test import Client, RequestFactory

import brotli
import pytest

from articles import services as article_services
from discussion import services as discussion_services
from tests.factories import ArticleFactory, BlockFactory, CommentFactory
from tests.workflow_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_clock(monkeypatch):
    """One server here: a page rendered after a change is shared at once, not half a second on."""
    monkeypatch.setattr("core.pagestore.CLOCK_SKEW", 0)


def _field_data(prefix, form):
    data = {}
    for name, field in form.fields.items():
        key = f"{prefix}{name}"
        value = form[name].value()
        widget = getattr(field.widget, "widget", field.widget)
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{key}_{index}"] = "" if part is None else part
        else:
            data[key] = "on" if value is True else value
    return data


def admin_change(user, obj, **changes):
    """Post `obj`'s admin change form as an editor would, inlines unchanged, with `changes`."""
    model_admin = admin.site._registry[type(obj)]
    request = RequestFactory().get("/")
    request.user = user
    data = _field_data("", model_admin.get_form(request, obj)(instance=obj))
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        formset = formset_class(instance=obj, prefix=prefix)
        count = len(formset.initial_forms)
        data.update({f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count})
        for form in formset.initial_forms:
            data.update(_field_data(f"{form.prefix}-", form))
    data.update(changes)
    editor = Client()
    editor.force_login(user)
    opts = obj._meta
    response = editor.post(f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]


def cached(client, url):
    """Fetch `url` twice as an anonymous reader: the second answer comes from the cache."""
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response


@pytest.fixture
def root(superuser):
    return superuser


def test_publishing_shows_the_article_on_the_home_page(
    client, editor, django_capture_on_commit_callbacks
):
    draft = ArticleFactory(title="A new explainer", allow_comments=False, with_hero=True)
    BlockFactory(article=draft)
    assert b"A new explainer" not in cached(client, "/").content

    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_publish(article=draft, user=editor)

    assert b"A new explainer" in client.get("/").content
    assert client.get(draft.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("service", ["article_unpublish", "article_archive"])
def test_unpublishing_or_archiving_takes_the_article_down_at_once(
    client, editor, explainer, service, django_capture_on_commit_callbacks
):
    url = explainer.get_absolute_url()
    cached(client, url)
    assert explainer.title.encode() in cached(client, "/").content

    with django_capture_on_commit_callbacks(execute=True):
        getattr(article_services, service)(article=explainer, user=editor)

    assert client.get(url).status_code == 404
    assert explainer.title.encode() not in client.get("/").content


def test_an_edit_recorded_by_the_service_shows_on_the_article_and_home(
    client, editor, explainer, django_capture_on_commit_callbacks
):
    cached(client, explainer.get_absolute_url())
    cached(client, "/")
    explainer.title = "Run Away: the real story"
    explainer.save()

    with django_capture_on_commit_callbacks(execute=True):
        article_services.article_record_edit(
            article=explainer, previous_slug=explainer.slug, user=editor
        )

    assert b"Run Away: the real story" in client.get(explainer.get_absolute_url()).content
    assert b"Run Away: the real story" in client.get("/").content


def test_an_admin_edit_with_a_correction_and_a_new_slug_shows_at_once(
    client, editor, explainer, django_capture_on_commit_callbacks
):
    old_url = explainer.get_absolute_url()
    cached(client, old_url)
    editor_client = Client()
    editor_client.force_login(editor)
    data = article_form_data(explainer, slug="run-away-true-story")
    data.update(
        {
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-kind": "correction",
            "corrections-0-note": "The series has eight parts, not six.",
            "corrections-0-published_at_0": "2024-01-02",
            "corrections-0-published_at_1": "09:30:00",
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(change_url(explainer), data)
    assert response.status_code == 302

    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"] == "/run-away-true-story/"
    assert b"The series has eight parts, not six." in client.get("/run-away-true-story/").content


def test_approving_and_removing_a_comment_shows_at_once(
    client, moderator, django_capture_on_commit_callbacks
):
    explainer = ArticleFactory(published=True, allow_comments=True)
    comment = CommentFactory(article=explainer, pending=True, body="A pending thought on it.")
    url = explainer.get_absolute_url()
    assert b"A pending thought" not in cached(client, url).content

    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.comment_approve(comment=comment, moderator=moderator)
    assert b"A pending thought" in cached(client, url).content

    with django_capture_on_commit_callbacks(execute=True):
        discussion_services.comment_remove(comment=comment, moderator=moderator)
    assert b"A pending thought" not in client.get(url).content


def test_renaming_a_person_in_the_admin_shows_on_their_pages(
    client, root, explainer, django_capture_on_commit_callbacks
):
    person = explainer.people.get()
    production = explainer.productions.get()
    urls = [
        explainer.get_absolute_url(),
        person.get_absolute_url(),
        production.get_absolute_url(),
        person.quotes.get().get_absolute_url(),
    ]
    for url in urls:
        cached(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(root, person, name="Harlan Coben Jr")

    for url in urls:
        assert b"Harlan Coben Jr" in client.get(url).content, url


def test_editing_a_production_in_the_admin_shows_on_its_pages(
    client, root, explainer, django_capture_on_commit_callbacks
):
    production = explainer.productions.get()
    urls = [explainer.get_absolute_url(), production.get_absolute_url()]
    urls.append(explainer.people.get().get_absolute_url())
    for url in urls:
        cached(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(root, production, title="Run Away (2024)")

    for url in urls:
        assert b"Run Away (2024)" in client.get(url).content, url


def test_editing_a_quote_in_the_admin_shows_on_its_pages(
    client, root, explainer, django_capture_on_commit_callbacks
):
    quote = explainer.people.get().quotes.get()
    urls = [quote.get_absolute_url(), explainer.get_absolute_url()]
    urls += [
        explainer.people.get().get_absolute_url(),
        explainer.productions.get().get_absolute_url(),
    ]
    for url in urls:
        cached(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(root, quote, text="The ending surprised even me.")

    for url in urls:
        assert b"The ending surprised even me." in client.get(url).content, url


def test_renaming_a_tag_in_the_admin_shows_on_its_page_and_the_article(
    client, root, explainer, django_capture_on_commit_callbacks
):
    tag = explainer.tags.get()
    urls = ["/tags/thrillers/", explainer.get_absolute_url()]
    for url in urls:
        cached(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        admin_change(root, tag, name="Psychological thrillers")

    for url in urls:
        assert b"Psychological thrillers" in client.get(url).content, url


def test_a_change_not_yet_committed_leaves_the_cached_page(client, editor, explainer):
    """Invalidation waits for the commit: a rolled-back edit must not empty the cache."""
    cached(client, "/")

    article_services.article_unpublish(article=explainer, user=editor)  # never committed here

    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_pages_are_compressed_for_browsers_that_accept_it_from_the_cache_too(
    client, explainer, encoding
):
    decompress = brotli.decompress if encoding == "br" else gzip.decompress
    plain = client.get("/")

    tags = set()
    for _ in range(2):
        response = client.get("/", HTTP_ACCEPT_ENCODING=f"{encoding}, identity")
        assert response["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert decompress(response.content) == plain.content
        tags.add(response["ETag"])
    assert response["X-Page-Cache"] == "hit"
    # Each encoding is its own representation, with its own validator, the same on every hit.
    assert len(tags) == 1 and plain["ETag"] not in tags


def test_brotli_wins_when_a_browser_takes_both(client, explainer):
    response = client.get("/feed/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "br"


def test_nothing_is_compressed_without_accept_encoding(client, explainer):
    plain = client.get("/")

    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]


def test_uploaded_media_are_cached_for_a_long_time(client, settings, media_root):
    (media_root / "uploads").mkdir(parents=True)
    (media_root / "uploads" / "poster.jpg").write_bytes(b"\xff\xd8\xff" + b"0" * 500)

    response = client.get("/media/uploads/poster.jpg", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={settings.MEDIA_MAX_AGE}, immutable"
    assert "Content-Encoding" not in response
