"""Editorial actions on articles: each checks who may do it, then changes status atomically.

The admin's buttons and actions call these; so would any other entry point,
which is why permissions are checked here and not only in the admin.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

import reversion

from core.pagecache import invalidate, keys

from . import bylines, editorial_mail, hooks, updates, workflow
from .models import Article, ArticleBlock, Byline, SlugRedirect
from .reading import body_figures
from .search import search_is_stored, search_vector
from .workflow import Action

logger = logging.getLogger(__name__)


def _authorise(*, user, action, article):
    refusal = workflow.permission_problem(user, action)
    if refusal:
        raise PermissionDenied(refusal)
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You can only work on your own drafts.")


def _locked(article):
    """The row, locked for the rest of the transaction, so two editors cannot race."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(*, article, user, action, **fields):
    """Check and apply one transition inside the caller's transaction, keeping a revision."""
    target = Action.TARGETS[action]
    article.check_transition(target)
    article.status = target
    for name, value in fields.items():
        setattr(article, name, value)
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(f"{workflow.done_by(action, user, article.publish_at)}.")
    article_update_search_vector(article=article)
    # Editors hear of a submission, the byline of a return or a publish, after the commit.
    editorial_mail.workflow_mail_on_commit(article=article, user=user, action=action)
    if action != Action.SUBMIT:
        # Readers may see it appear or go: its page and every list, once this commits.
        invalidate(*keys(article))
    return article


def _refresh_into(article, fresh):
    """Copy the saved state back to the caller's instance, so it sees what was stored."""
    deferred = fresh.get_deferred_fields()
    for field in Article._meta.concrete_fields:
        if field.attname not in deferred:
            setattr(article, field.attname, getattr(fresh, field.attname))


def article_submit_for_review(*, article, user):
    """A writer hands a draft to the editors: it shows in their "Waiting for review" list."""
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.SUBMIT, article=fresh)
        _move(article=fresh, user=user, action=Action.SUBMIT)
    _refresh_into(article, fresh)
    return article


def article_publish(*, article, user, now=None):
    """Readers see the article now; the first time also stamps `first_published_at`."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.PUBLISH, article=fresh)
        fresh.check_transition(Action.TARGETS[Action.PUBLISH])
        workflow.check_publishable(fresh)
        # Republishing keeps its original date; a future date means "now" was meant.
        publish_at = fresh.publish_at if fresh.publish_at and fresh.publish_at <= now else now
        if fresh.first_published_at is None:
            hooks.first_published_on_commit(article_id=fresh.pk)
        _move(
            article=fresh,
            user=user,
            action=Action.PUBLISH,
            publish_at=publish_at,
            first_published_at=fresh.first_published_at or publish_at,
        )
    _refresh_into(article, fresh)
    return article


def article_schedule(*, article, user, publish_at=None, now=None):
    """Readers see the article from `publish_at` on, by itself: no job flips it."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.SCHEDULE, article=fresh)
        publish_at = publish_at or fresh.publish_at
        workflow.check_schedule_date(publish_at, now)
        fresh.check_transition(Action.TARGETS[Action.SCHEDULE])
        workflow.check_publishable(fresh)
        if fresh.first_published_at is None:
            hooks.first_published_on_commit(article_id=fresh.pk)
        _move(
            article=fresh,
            user=user,
            action=Action.SCHEDULE,
            publish_at=publish_at,
            # Stamped now because nothing runs when the time comes; an unpublish
            # before that time clears it again.
            first_published_at=fresh.first_published_at or publish_at,
        )
    _refresh_into(article, fresh)
    return article


def article_unpublish(*, article, user, now=None):
    """Readers no longer see the article (404); it is a draft again for editing."""
    now = now or timezone.now()
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.UNPUBLISH, article=fresh)
        fields = {}
        if fresh.first_published_at and fresh.first_published_at > now:
            # A scheduled piece withdrawn before its time was never published.
            fields["first_published_at"] = None
        _move(article=fresh, user=user, action=Action.UNPUBLISH, **fields)
    _refresh_into(article, fresh)
    return article


def article_archive(*, article, user):
    """Readers no longer see the article; editors keep it, out of the way, for the record."""
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.ARCHIVE, article=fresh)
        _move(article=fresh, user=user, action=Action.ARCHIVE)
    _refresh_into(article, fresh)
    return article


#: Action name -> service, for the admin's buttons and bulk actions.
SERVICES = {
    Action.SUBMIT: article_submit_for_review,
    Action.PUBLISH: article_publish,
    Action.SCHEDULE: article_schedule,
    Action.UNPUBLISH: article_unpublish,
    Action.ARCHIVE: article_archive,
}


def article_apply_action(*, article, user, action):
    """Run the workflow action named `action` (one of `workflow.Action.ALL`)."""
    if action not in SERVICES:
        raise ValidationError(f"Unknown workflow action “{action}”.")
    return SERVICES[action](article=article, user=user)


def article_record_edit(*, article, previous_slug, user, changed=None, now=None):
    """After an editor saves: readers see "Updated" when what they read changed, and a
    changed public URL still answers.

    Called by the admin once the article is saved; `previous_slug` is the slug it had
    before the edit, `changed` the names of what the edit changed (`updates.is_update`);
    a caller that cannot say (None) is taken to have changed what readers read.
    """
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You can only work on your own drafts.")
    now = now or timezone.now()
    with transaction.atomic():
        has_been_public = article.first_published_at is not None
        if has_been_public and previous_slug and previous_slug != article.slug:
            SlugRedirect.objects.filter(old_slug=article.slug).delete()
            SlugRedirect.objects.update_or_create(
                old_slug=previous_slug, defaults={"article": article}
            )
        if article.is_public and (changed is None or updates.is_update(changed)):
            article.updated_at = now
            Article.objects.filter(pk=article.pk).update(updated_at=now)
        article_update_search_vector(article=article)
        if has_been_public or article.is_public:
            # Its page (at the old slug too, which now redirects) and the lists showing it.
            invalidate(*keys(article))
    return article


def articles_update_search_vectors(ids):
    """Search finds these articles by their current words, and their cards show the reading
    time of their current blocks.

    One query for the articles and their blocks, then one UPDATE each. The reading figures
    are kept on every database; the search document only on PostgreSQL (elsewhere search
    matches the text itself). Returns each article's new figures by id.
    """
    blocks = ArticleBlock.objects.select_related("quote", "image").order_by("position", "id")
    articles = Article.objects.filter(pk__in=list(ids)).prefetch_related(
        Prefetch("blocks", queryset=blocks)
    )
    figures = {}
    with transaction.atomic():
        for article in articles.iterator(chunk_size=500):
            figures[article.pk] = body_figures(article.blocks.all())
            stored = dict(figures[article.pk])
            if search_is_stored():
                stored["search_vector"] = search_vector(article)
            Article.objects.filter(pk=article.pk).update(**stored)
    return figures


def article_update_search_vector(*, article):
    """Search finds `article` by its words as they are now stored (title, body…), and its
    reading time counts its blocks as they are now (on `article` too)."""
    for name, value in articles_update_search_vectors([article.pk]).get(article.pk, {}).items():
        setattr(article, name, value)
    return article


#: What a copy never takes from its original: identity, workflow state, dates and counters.
NOT_COPIED = {
    "id",
    "title",
    "slug",
    "status",
    "publish_at",
    "first_published_at",
    "updated_at",
    "created_at",
    "modified_at",
    "is_featured",
    "review_by",
    # A copy is new work: who does it and by when is decided again.
    "assignee",
    "due_date",
    "comment_count",
    "rating_count",
    "rating_sum",
    "search_vector",
}
#: What a copied block never takes: its identity, its article and readers' feedback on it.
BLOCK_NOT_COPIED = {"id", "uid", "article", "feedback_count"}


def _unique_copy_slug(slug):
    max_length = Article._meta.get_field("slug").max_length
    taken = set(
        Article.objects.filter(slug__startswith=f"{slug[:150]}").values_list("slug", flat=True)
    )
    taken |= set(
        SlugRedirect.objects.filter(old_slug__startswith=slug[:150]).values_list(
            "old_slug", flat=True
        )
    )
    number = 1
    while True:
        suffix = "-copy" if number == 1 else f"-copy-{number}"
        candidate = f"{slug[: max_length - len(suffix)]}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


def article_duplicate(*, article, user):
    """A new draft with the same body, tags, covers (productions, episodes, people) and sources,
    on the copier's byline, titled "(copy)".

    Nothing public is copied: no dates, no revisions, no comments, ratings or corrections.
    """
    if not workflow.can_duplicate(user, article):
        raise PermissionDenied("You can only copy your own pieces or published ones.")
    title_length = Article._meta.get_field("title").max_length
    with transaction.atomic():
        original = Article.objects.get(pk=article.pk)
        copy = Article(
            **{
                field.attname: getattr(original, field.attname)
                for field in Article._meta.concrete_fields
                if field.name not in NOT_COPIED
            },
            title=f"{original.title[: title_length - 7]} (copy)",
            slug=_unique_copy_slug(original.slug),
            status=Article.Status.DRAFT,
        )
        with reversion.create_revision():
            copy.save()
            copy.authors.set([user])
            Byline.objects.create(article=copy, contributor=bylines.contributor_for(user))
            copy.productions.set(original.productions.all())
            copy.episodes.set(original.episodes.all())
            copy.people.set(original.people.all())
            copy.verdict_sources.set(original.verdict_sources.all())
            copy.tags.set(list(original.tags.all()))
            ArticleBlock.objects.bulk_create(
                ArticleBlock(
                    article=copy,
                    **{
                        field.attname: getattr(block, field.attname)
                        for field in ArticleBlock._meta.concrete_fields
                        if field.name not in BLOCK_NOT_COPIED
                    },
                )
                for block in original.blocks.order_by("position", "id")
            )
            reversion.add_to_revision(copy)
            reversion.set_user(user)
            reversion.set_comment(f"Copied from “{original.title}” by {workflow.staff_name(user)}.")
        article_update_search_vector(article=copy)
    return copy


def article_add_author(*, article, user):
    """The person who creates a piece appears on its byline unless someone else was named."""
    with transaction.atomic():
        if article.authors.filter(pk=user.pk).exists():
            return
        # A writer is always on their own piece; an editor only fills an empty byline.
        if not user.has_perm(workflow.PUBLISH_PERMISSION) or not article.authors.exists():
            article.authors.add(user)


def article_save_imported(*, article, status, publish_at, note, previous_slug=""):
    """An article brought from another CMS keeps its status there: readers see a published
    post at once even when it lacks what a publish here asks for.

    The publish check is skipped on purpose, never silently: the revision says what the
    article lacks, the caller gets the same list (the import report), and the editors'
    freshness page lists it until it is complete. Returns that list. A public article whose
    slug changed (`previous_slug`) keeps answering at the old one.
    """
    live = status in Article.LIVE_STATUSES
    with transaction.atomic():
        if live and previous_slug and previous_slug != article.slug:
            SlugRedirect.objects.filter(old_slug=article.slug).delete()
            SlugRedirect.objects.update_or_create(
                old_slug=previous_slug, defaults={"article": article}
            )
        problems = workflow.publish_problems(article) if live else []
        article.status = status
        article.publish_at = publish_at
        article.first_published_at = publish_at if live else None
        comment = note
        if problems:
            comment += " Published without: " + "; ".join(problems) + "."
        with reversion.create_revision():
            article.save()
            reversion.set_comment(comment)
        article_update_search_vector(article=article)
        invalidate(*keys(article))
    return problems


# Services kept in their own modules, named here with the others.
from .autosave import (  # noqa: E402, F401
    article_autosave_clear,
    article_autosave_discard,
    article_autosave_store,
)
from .catalogue_requests import (  # noqa: E402, F401
    catalogue_request_answer,
    catalogue_request_create,
)
from .reminders import review_reminders_send  # noqa: E402, F401
from .tag_merge import tags_merge, tags_merge_undo  # noqa: E402, F401
