"""Who has an article open in the admin: "Name is editing", and taking over from them.

The form's script says "still here" every `BEAT_EVERY`; the first person there holds the
article, and everyone else who opens it sees their name. A person gone for `STALE_AFTER`
no longer counts. An editor may take over; the person they took it from learns so on their
next heartbeat. None of this stops a save: the version check in `conflicts.py` does that.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import workflow
from .models import Article, ArticlePresence

#: How often the form's script says it is still open.
BEAT_EVERY = datetime.timedelta(seconds=15)
#: After this long without a heartbeat, a person no longer holds or shows on the article.
STALE_AFTER = datetime.timedelta(minutes=2)


@dataclass
class Presence:
    """What one person's page shows about the others on the same article."""

    holder: object = None  # who is editing, when it is someone else
    holder_since: object = None
    holds: bool = False
    others: list = field(default_factory=list)  # everyone else with the form open
    lost_to: object = None  # who took the article over from this person
    can_take_over: bool = False

    def as_json(self):
        name = workflow.staff_name
        return {
            "holds": self.holds,
            "holder": name(self.holder) if self.holder else None,
            "holder_since": self.holder_since.isoformat() if self.holder_since else None,
            "others": [name(user) for user in self.others],
            "lost_to": name(self.lost_to) if self.lost_to else None,
            "can_take_over": self.can_take_over,
        }


def _may_take_over(user):
    return user.has_perm(workflow.PUBLISH_PERMISSION)


def _authorise(user):
    if not (user.is_active and user.is_staff):
        raise PermissionDenied("Only staff show as editing an article.")


def article_presence_beat(*, article, user, take_over=False, now=None):
    """`user` still has the article open: the others see their name, and they see the others'.

    With `take_over`, an editor takes the article from whoever holds it.
    """
    _authorise(user)
    if take_over and not _may_take_over(user):
        raise PermissionDenied("Only an editor can take over an article someone is editing.")
    now = now or timezone.now()
    with transaction.atomic():
        # One heartbeat at a time per article, so two people never both hold it.
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        rows = ArticlePresence.objects.filter(article=article)
        rows.filter(beat_at__lt=now - STALE_AFTER).delete()
        mine, _ = ArticlePresence.objects.get_or_create(
            article=article, user=user, defaults={"opened_at": now, "beat_at": now}
        )
        others = list(rows.exclude(user=user).select_related("user").order_by("opened_at"))
        holder = next((row for row in others if row.holds_lock), None)
        if take_over and holder is not None:
            holder.holds_lock, holder.taken_by = False, user
            holder.save(update_fields=["holds_lock", "taken_by"])
            holder = None
        if holder is None and not mine.holds_lock:
            mine.holds_lock, mine.taken_by = True, None
        mine.beat_at = now
        mine.save()
    return Presence(
        holder=holder.user if holder else None,
        holder_since=holder.opened_at if holder else None,
        holds=mine.holds_lock,
        others=[row.user for row in others],
        lost_to=mine.taken_by if not mine.holds_lock else None,
        can_take_over=holder is not None and _may_take_over(user),
    )


def article_presence_leave(*, article, user, now=None):
    """`user` closed the article's form: the others stop seeing their name at once, and the
    next person who opened it holds it."""
    now = now or timezone.now()
    with transaction.atomic():
        Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
        rows = ArticlePresence.objects.filter(article=article, beat_at__gte=now - STALE_AFTER)
        held = rows.filter(user=user, holds_lock=True).exists()
        ArticlePresence.objects.filter(article=article, user=user).delete()
        if held and not rows.filter(holds_lock=True).exists():
            heir = rows.order_by("opened_at").first()
            if heir is not None:
                heir.holds_lock, heir.taken_by = True, None
                heir.save(update_fields=["holds_lock", "taken_by"])


def editing_now(*, article_ids, user, now=None):
    """{article id: name} of who has each of these articles open, other than `user`: the
    person holding it first, else whoever opened it first."""
    now = now or timezone.now()
    rows = (
        ArticlePresence.objects.filter(article_id__in=article_ids, beat_at__gte=now - STALE_AFTER)
        .exclude(user=user)
        .select_related("user")
        .order_by("-holds_lock", "opened_at")
    )
    names = {}
    for row in rows:
        names.setdefault(row.article_id, workflow.staff_name(row.user))
    return names
