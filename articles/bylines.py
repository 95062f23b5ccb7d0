"""Bylines and desk access, as Co-Authors Plus does them: whoever writes a piece is on its
byline, and a contributor with a staff account on a byline may open the piece on the desk.

The byline (`Byline`, ordered contributors) is what readers see; desk access
(`Article.authors`) is who may edit. Saving an article through the admin, duplicating it or
importing it passes here, so the two never drift: a colleague put on the byline can edit
the piece, and a writer starting one is on it. Desk access is only ever added here, never
taken away: an editor removes it by hand.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from core.slugs import free_slug

from . import workflow
from .models import Byline, Contributor


def contributor_for(user):
    """The staff member's own contributor, made from their name the first time it is needed."""
    found = Contributor.objects.filter(user=user).first()
    if found is not None:
        return found
    name = workflow.staff_name(user)[: Contributor._meta.get_field("name").max_length]
    contributor = Contributor(name=name, user=user)
    contributor.slug = contributor_slug(contributor, name, fallback=f"contributor-{user.pk}")
    contributor.save()
    return contributor


def contributor_slug(contributor, wanted, *, fallback):
    """A free profile address made from `wanted` (a name or a login): "ann-lee", "ann-lee-2"."""
    max_length = Contributor._meta.get_field("slug").max_length
    contributor.slug = (slugify(wanted) or fallback)[:max_length].strip("-") or fallback
    if Contributor.objects.filter(slug=contributor.slug).exclude(pk=contributor.pk).exists():
        return free_slug(contributor) or fallback
    return contributor.slug


def byline_append(*, article, contributor):
    """Put `contributor` last on the article's byline, unless they are on it already."""
    with transaction.atomic():
        lines = Byline.objects.select_for_update().filter(article=article)
        if lines.filter(contributor=contributor).exists():
            return False
        last = lines.aggregate(last=Max("position"))["last"]
        Byline.objects.create(
            article=article, contributor=contributor, position=0 if last is None else last + 1
        )
        return True


def desk_access_from_byline(*, article):
    """Give desk access to every active staff account on the byline (never takes any away)."""
    users = Contributor.objects.filter(
        bylines__article=article, user__is_active=True, user__is_staff=True
    ).values_list("user", flat=True)
    article.authors.add(*users)


def article_bylines_settle(*, article, user, created):
    """After an admin save: a writer who starts a piece is put on its byline (an editor only
    when they left it empty), and the byline's staff get desk access."""
    with transaction.atomic():
        if created and user.is_staff:
            is_editor = user.has_perm(workflow.PUBLISH_PERMISSION)
            if not is_editor or not Byline.objects.filter(article=article).exists():
                byline_append(article=article, contributor=contributor_for(user))
        desk_access_from_byline(article=article)
