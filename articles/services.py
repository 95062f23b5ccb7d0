"""Editorial actions on articles: each checks who may do it, then changes status atomically.

The admin's buttons and actions call these; so would any other entry point,
which is why permissions are checked here and not only in the admin.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

import reversion

from core.pagecache import invalidate

from . import workflow
from .models import Article, ArticleBlock, SlugRedirect
from .search import search_is_stored, search_vector
from .workflow import Action


def _authorise(*, user, action, article):
    if not user.has_perm(Action.PERMISSIONS[action]):
        raise PermissionDenied(f"You are not allowed to {Action.LABELS[action].lower()}.")
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You can only work on your own drafts.")


def _locked(article):
    """The row, locked for the rest of the transaction, so two editors cannot race."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _move(*, article, user, action, comment, **fields):
    """Check and apply one transition inside the caller's transaction, keeping a revision."""
    target = Action.TARGETS[action]
    article.check_transition(target)
    article.status = target
    for name, value in fields.items():
        setattr(article, name, value)
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    article_update_search_vector(article=article)
    if action != Action.SUBMIT:
        # Readers may see it appear or go: its page and every list, once this commits.
        invalidate(*article.page_cache_tags())
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
        _move(article=fresh, user=user, action=Action.SUBMIT, comment="Submitted for review.")
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
        _move(
            article=fresh,
            user=user,
            action=Action.PUBLISH,
            comment="Published.",
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
        _move(
            article=fresh,
            user=user,
            action=Action.SCHEDULE,
            comment=f"Scheduled for {timezone.localtime(publish_at):%d %b %Y %H:%M}.",
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
        _move(article=fresh, user=user, action=Action.UNPUBLISH, comment="Unpublished.", **fields)
    _refresh_into(article, fresh)
    return article


def article_archive(*, article, user):
    """Readers no longer see the article; editors keep it, out of the way, for the record."""
    with transaction.atomic():
        fresh = _locked(article)
        _authorise(user=user, action=Action.ARCHIVE, article=fresh)
        _move(article=fresh, user=user, action=Action.ARCHIVE, comment="Archived.")
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


def article_record_edit(*, article, previous_slug, user, now=None):
    """After an editor saves: readers see "Updated", and a changed public URL still answers.

    Called by the admin once the article is saved; `previous_slug` is the slug
    it had before the edit.
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
        if article.is_public:
            article.updated_at = now
            Article.objects.filter(pk=article.pk).update(updated_at=now)
        article_update_search_vector(article=article)
        if has_been_public or article.is_public:
            # Its page (at the old slug too, which now redirects) and the lists showing it.
            invalidate(*article.page_cache_tags())
    return article


def articles_update_search_vectors(ids):
    """Search finds these articles by their current title, standfirst, headings and body.

    One query for the articles and their blocks, then one UPDATE each; nothing on
    SQLite, where search matches the text itself.
    """
    if not search_is_stored():
        return 0
    blocks = ArticleBlock.objects.select_related("quote", "image").order_by("position", "id")
    articles = Article.objects.filter(pk__in=list(ids)).prefetch_related(
        Prefetch("blocks", queryset=blocks)
    )
    updated = 0
    with transaction.atomic():
        for article in articles.iterator(chunk_size=500):
            updated += Article.objects.filter(pk=article.pk).update(
                search_vector=search_vector(article)
            )
    return updated


def article_update_search_vector(*, article):
    """Search finds `article` by its words as they are now stored (title, body…)."""
    return articles_update_search_vectors([article.pk])


def article_add_author(*, article, user):
    """The person who creates a piece appears on its byline unless someone else was named."""
    with transaction.atomic():
        if article.authors.filter(pk=user.pk).exists():
            return
        # A writer is always on their own piece; an editor only fills an empty byline.
        if not user.has_perm(workflow.PUBLISH_PERMISSION) or not article.authors.exists():
            article.authors.add(user)
