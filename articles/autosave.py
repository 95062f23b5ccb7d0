"""What an editor typed, kept apart from the article: the autosave services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import AUTOSAVE_MAX_BYTES, ArticleAutosave


def _authorise_autosave(*, user, article):
    if article is None:
        allowed = user.has_perm("articles.add_article")
    else:
        allowed = user.has_perm(workflow.CHANGE_PERMISSION) and workflow.can_edit(user, article)
    if not allowed:
        raise PermissionDenied("You cannot edit this article, so nothing was autosaved.")


def _clean_autosave_data(data):
    """{name: [value, …]} of strings, within `AUTOSAVE_MAX_BYTES`, or a ValidationError."""
    if not isinstance(data, dict) or not all(
        isinstance(name, str)
        and isinstance(values, list)
        and all(isinstance(value, str) for value in values)
        for name, values in data.items()
    ):
        raise ValidationError("An autosave holds form fields and their text.", code="invalid")
    size = sum(len(name) + sum(len(value) for value in values) for name, values in data.items())
    if size > AUTOSAVE_MAX_BYTES:
        raise ValidationError("This form is too large to autosave; save it.", code="too_large")
    return data


def article_autosave_store(*, user, data, article=None, client_key=""):
    """Keep what the editor has typed so far; the article and what readers see stay as they are."""
    _authorise_autosave(user=user, article=article)
    data = _clean_autosave_data(data)
    if article is None and not client_key:
        raise ValidationError("A new article's autosave needs its form's key.", code="invalid")
    with transaction.atomic():
        autosave, _ = ArticleAutosave.objects.update_or_create(
            user=user,
            article=article,
            client_key="" if article is not None else client_key[:64],
            defaults={"data": data, "saved_at": timezone.now()},
        )
    return autosave


def article_autosave_discard(*, user, article=None, client_key=""):
    """Forget the editor's autosave of this form: the notice offering it goes away."""
    _authorise_autosave(user=user, article=article)
    with transaction.atomic():
        ArticleAutosave.objects.for_form(user=user, article=article, client_key=client_key).delete()


def article_autosave_clear(*, article, user, client_key=""):
    """After a save: the saved article is newer than every autosave of it, so they go."""
    with transaction.atomic():
        ArticleAutosave.objects.filter(article=article, saved_at__lte=timezone.now()).delete()
        if client_key:
            ArticleAutosave.objects.for_form(user=user, client_key=client_key).delete()
