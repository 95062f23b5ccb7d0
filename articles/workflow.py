"""The editorial workflow's rules, kept in one place in the model layer.

Which status an article may move to from which, who may move it, and what a
published article must contain. The admin and the services ask here; nothing
else decides.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst

#: Django permission that lets a user publish, schedule, unpublish and archive.
PUBLISH_PERMISSION = "articles.publish_article"
#: Django permission that lets a user edit (their own, for writers) articles.
CHANGE_PERMISSION = "articles.change_article"

DRAFT = "draft"
IN_REVIEW = "in_review"
SCHEDULED = "scheduled"
PUBLISHED = "published"
ARCHIVED = "archived"

#: status -> the statuses it may move to. Everything else is refused.
ALLOWED_TRANSITIONS = {
    DRAFT: frozenset({IN_REVIEW, SCHEDULED, PUBLISHED, ARCHIVED}),
    # An editor sends a submission back to its writer by returning it to draft.
    IN_REVIEW: frozenset({DRAFT, SCHEDULED, PUBLISHED, ARCHIVED}),
    SCHEDULED: frozenset({DRAFT, PUBLISHED, ARCHIVED}),
    PUBLISHED: frozenset({DRAFT, ARCHIVED}),
    # An archived piece comes back only as a draft, to be checked before it is public again.
    ARCHIVED: frozenset({DRAFT}),
}

#: The statuses a writer may still edit; after that the piece belongs to the editors.
WRITER_EDITABLE = frozenset({DRAFT, IN_REVIEW})


class Action:
    """The workflow buttons and admin actions, each naming the status it leads to."""

    SUBMIT = "submit"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    UNPUBLISH = "unpublish"
    ARCHIVE = "archive"

    TARGETS = {
        SUBMIT: IN_REVIEW,
        PUBLISH: PUBLISHED,
        SCHEDULE: SCHEDULED,
        UNPUBLISH: DRAFT,
        ARCHIVE: ARCHIVED,
    }
    LABELS = {
        SUBMIT: "Submit for review",
        PUBLISH: "Publish now",
        SCHEDULE: "Schedule",
        UNPUBLISH: "Unpublish (back to draft)",
        ARCHIVE: "Archive",
    }
    #: What the history says happened.
    DONE = {
        SUBMIT: "Submitted for review",
        PUBLISH: "Published",
        SCHEDULE: "Scheduled",
        UNPUBLISH: "Back to draft",
        ARCHIVE: "Archived",
    }
    #: What each action needs besides the right status.
    PERMISSIONS = {
        SUBMIT: CHANGE_PERMISSION,
        PUBLISH: PUBLISH_PERMISSION,
        SCHEDULE: PUBLISH_PERMISSION,
        UNPUBLISH: PUBLISH_PERMISSION,
        ARCHIVE: PUBLISH_PERMISSION,
    }
    ALL = (SUBMIT, PUBLISH, SCHEDULE, UNPUBLISH, ARCHIVE)
    #: The actions that make a piece public, so it must have everything `publish_problems` asks.
    GOING_PUBLIC = frozenset({PUBLISH, SCHEDULE})


def done_by(action, user, publish_at=None):
    """What the history says an action did, and who did it: "Published by Ed"."""
    done = Action.DONE[action]
    if action == Action.SCHEDULE and publish_at is not None:
        done = f"{done} for {timezone.localtime(publish_at):%d %b %Y %H:%M}"
    return f"{done} by {staff_name(user)}"


class TransitionError(ValidationError):
    """A status change the workflow does not allow (e.g. archived straight to published)."""


def _label(status):
    from .models import Article

    return Article.Status(status).label.lower()


def check_transition(current, target):
    """Raise TransitionError unless an article in `current` may move to `target`."""
    allowed = ALLOWED_TRANSITIONS.get(current, frozenset())
    if target in allowed:
        return
    if current == target:
        message = f"The article is already {_label(current)}."
    else:
        options = ", ".join(sorted(_label(status) for status in allowed)) or "nothing"
        message = (
            f"An article that is {_label(current)} cannot become {_label(target)}; "
            f"it can become: {options}."
        )
    raise TransitionError(message, code="illegal_transition")


#: What a writer reads when they press a button only editors may press: the reason first.
WRITERS_SUBMIT = (
    "Writers submit for review; an editor publishes, schedules, unpublishes and archives."
)


def permission_problem(user, action):
    """Why `user` may not press `action` at all, in words for that user; "" when they may.

    Asked before anything else about the article, so a writer who presses "Publish"
    reads that editors publish, not a list of what the piece still lacks.
    """
    if user.has_perm(Action.PERMISSIONS[action]):
        return ""
    if user.has_perm(CHANGE_PERMISSION):
        return WRITERS_SUBMIT
    return f"You are not allowed to {Action.LABELS[action].lower()}."


def can_edit(user, article):
    """Editors edit everything; a writer edits only their own drafts and submissions."""
    if not user.is_active or not user.has_perm(CHANGE_PERMISSION):
        return False
    if user.has_perm(PUBLISH_PERMISSION):
        return True
    if article.pk is None:
        return True
    return article.status in WRITER_EDITABLE and article.authors.filter(pk=user.pk).exists()


def can_discuss(user, article):
    """Who reads and writes an article's private editorial notes: the editors, and a writer
    on their own pieces (whatever their status), never a moderator or a reader."""
    if not user.is_active or not user.is_staff or not user.has_perm(CHANGE_PERMISSION):
        return False
    if user.has_perm(PUBLISH_PERMISSION):
        return True
    return article.pk is not None and article.authors.filter(pk=user.pk).exists()


#: Django permission that lets a user start an article (a copy is a new article).
ADD_PERMISSION = "articles.add_article"


def can_duplicate(user, article):
    """Whoever may start an article may copy one they can edit, or one readers can see."""
    if not user.is_active or not user.has_perm(ADD_PERMISSION):
        return False
    return article.status in LIVE or can_edit(user, article)


#: Statuses whose pieces readers see (or will): anyone on the desk may copy them.
LIVE = frozenset({SCHEDULED, PUBLISHED})


def staff_who_may(permission):
    """Active staff who hold `permission`, through a group or their own, superusers included."""
    return (
        get_user_model()
        .objects.with_perm(
            permission, include_superusers=True, backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_staff=True)
    )


def staff_name(user):
    """How the desk names a colleague: full name, else username."""
    return user.get_full_name() or user.get_username()


def writer_may_view(user, article):
    """A writer reads their own pieces and what readers see (or will), never others' drafts."""
    if article.status in LIVE:
        return True
    return article.authors.filter(pk=user.pk).exists()


def view_only_reason(user, article):
    """What a user who may read but not change `article` is told, first thing on its page."""
    authors = list(article.authors.all())
    if user in authors or not authors:
        return (
            f"This article is {article.shown_status_label.lower()}: editors change it now. "
            "You can view it but not change it."
        )
    names = ", ".join(staff_name(author) for author in authors)
    return f"This article belongs to {names}; you can view it but not change it."


#: What a writer is told when the article they open is another writer's draft.
NOT_YOURS = "That article is someone else's draft: only its authors and the editors can open it."


def can_perform(user, action, article):
    """Whether `user` may press `action` on `article` now (permission and status)."""
    if not user.has_perm(Action.PERMISSIONS[action]) or not can_edit(user, article):
        return False
    if Action.TARGETS[action] == article.shown_status:
        # A scheduled piece whose time has come is published already: no "Publish now".
        return False
    return Action.TARGETS[action] in ALLOWED_TRANSITIONS.get(article.status, frozenset())


#: Article fields a published piece must fill in, each named as "Still missing:" lists it.
PUBLISH_NEEDS = {
    "title": "a title",
    "standfirst": "a standfirst",
    "hero_image": "a hero image",
    "hero_alt": "alt text for the hero image",
    "hero_credit": "a credit for the hero image",
}


class Missing(str):
    """One thing an article lacks before publishing, worded to follow "Still missing:".

    A plain string to whoever lists it; `field` names the article form field it
    belongs to, so the admin can put the problem beside that field.
    """

    def __new__(cls, text, field):
        missing = super().__new__(cls, text)
        missing.field = field
        return missing

    @property
    def sentence(self):
        """The problem as the admin shows it under its field."""
        return f"{capfirst(self)} is needed before publishing."


def _filled(value):
    return bool(value.strip()) if isinstance(value, str) else bool(value)


#: Where a need is read when it is not the field itself: the hero's alt text and credit
#: are the article's own, else the library image's.
PUBLISH_VALUES = {
    "hero_image": "hero_image_id",
    "hero_alt": "hero_alt_text",
    "hero_credit": "hero_credit_text",
}


def article_field_problems(article):
    """What the article's own fields (not its body) still lack before publishing."""
    return [
        Missing(words, field=name)
        for name, words in PUBLISH_NEEDS.items()
        if not _filled(getattr(article, PUBLISH_VALUES.get(name, name)))
    ]


#: Article kinds that are about particular episodes, so must name at least one.
EPISODE_KINDS = frozenset({"ending_explained"})


def episode_problems(article, episodes=None):
    """An "ending explained" is about an episode: it must cover at least one.

    `episodes` lets the admin check what is being posted; by default the saved ones.
    """
    if article.kind not in EPISODE_KINDS:
        return []
    if episodes is None:
        episodes = list(article.episodes.all()) if article.pk else []
    if episodes:
        return []
    return [Missing("at least one covered episode (it says which ending)", field="episodes")]


def publish_problems(article, blocks=None, episodes=None):
    """Everything a published article still lacks, in words an editor can act on.

    `blocks` and `episodes` let the admin check what is being submitted before
    anything is saved; by default the article's saved blocks and episodes are checked.
    """
    if blocks is None:
        blocks = list(article.blocks.select_related("quote", "image")) if article.pk else []
    problems = article_field_problems(article) + episode_problems(article, episodes)
    if not blocks:
        problems.append("at least one block in the body")
    for number, block in enumerate(blocks, start=1):
        problems += block.spec.publish_problems(block, number)
    return problems


def check_publishable(article, blocks=None, episodes=None):
    """Raise ValidationError listing exactly what is missing before `article` can go public."""
    problems = publish_problems(article, blocks, episodes)
    if problems:
        raise ValidationError(
            "Cannot publish yet. Still missing: " + "; ".join(problems) + ".",
            code="not_publishable",
        )


def check_schedule_date(publish_at, now=None):
    """Raise ValidationError unless `publish_at` is in the future, as scheduling needs."""
    if publish_at is None or publish_at <= (now or timezone.now()):
        raise ValidationError(
            "To schedule, set “Publish at” to a date and time in the future.",
            code="schedule_needs_future",
        )
