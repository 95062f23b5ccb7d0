"""Mail between colleagues on the desk, through the outbox: editors hear when a piece is
submitted, its byline when it is sent back or goes live, and anyone a note @mentions.

Each kind is switchable per person (`EditorialMailSettings`; without a row, all are on).
Workflow mail is queued after the transition commits, and a failure to queue it is logged,
never raised: a lost mail must not undo a publish. A mention's mail is written from its
note when sent, so the outbox keeps no copy of the note's words.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.http import absolute_url
from core.text import single_line
from outbox import kinds
from outbox import services as outbox

from . import workflow
from .models import Article, EditorialMailSettings, NoteMention
from .workflow import Action

logger = logging.getLogger(__name__)

SUBMITTED = "review_submitted"
RETURNED = "article_returned"
PUBLISHED = "article_published"
MENTIONED = "note_mention"


def change_form_url(article, anchor=""):
    """The article's change form, as a link a mail can carry."""
    url = absolute_url(reverse("admin:articles_article_change", args=[article.pk]))
    return f"{url}#{anchor}" if anchor else url


def mail_settings_url():
    return absolute_url(reverse("admin:articles_article_mail_settings"))


def _footer(reason):
    return (
        f"\n\n—\nYou get this mail because {reason}. Choose which editorial mail you get:\n"
        f"{mail_settings_url()}\n"
    )


def editors():
    """Staff who may publish: they decide on what is submitted."""
    return workflow.staff_who_may(workflow.PUBLISH_PERMISSION)


def byline(article):
    """The article's authors who can still sign in."""
    return article.authors.filter(is_active=True)


def wanting(users, setting):
    """Those of `users` with an address who have not switched `setting` off."""
    return users.exclude(email="").exclude(**{f"editorial_mail__{setting}": False})


@dataclass(frozen=True)
class WorkflowMail:
    """One workflow move that mails someone: to whom, which switch governs it, what it says."""

    kind: str
    label: str
    setting: str
    recipients: object
    subject: str
    #: What happened, completed by who did it and when it goes live where that matters.
    happened: str
    reason: str


#: The workflow buttons that send mail, each declared once.
WORKFLOW_MAIL = {
    Action.SUBMIT: WorkflowMail(
        kind=SUBMITTED,
        label="Submitted for review",
        setting="on_submitted",
        recipients=lambda article: editors(),
        subject="Submitted for review: {title}",
        happened="{name} submitted “{title}” for review.",
        reason="you can publish articles",
    ),
    Action.UNPUBLISH: WorkflowMail(
        kind=RETURNED,
        label="Sent back to draft",
        setting="on_returned",
        recipients=byline,
        subject="Back to draft: {title}",
        happened="{name} sent “{title}” back to draft. Readers do not see it now.",
        reason="your name is on its byline",
    ),
    Action.PUBLISH: WorkflowMail(
        kind=PUBLISHED,
        label="Published or scheduled",
        setting="on_published",
        recipients=byline,
        subject="Published: {title}",
        happened="{name} published “{title}”. Readers see it at {public_url}",
        reason="your name is on its byline",
    ),
    Action.SCHEDULE: WorkflowMail(
        kind=PUBLISHED,
        label="Published or scheduled",
        setting="on_published",
        recipients=byline,
        subject="Scheduled: {title}",
        happened="{name} scheduled “{title}” to go live on {publish_at}.",
        reason="your name is on its byline",
    ),
}


def workflow_mail_on_commit(*, article, user, action):
    """Once the move commits, queue its mail (if it sends any) for everyone who wants it."""
    mail = WORKFLOW_MAIL.get(action)
    if mail is None:
        return
    article_id, user_id = article.pk, user.pk

    def queue():
        try:
            workflow_mail_send(mail=mail, article_id=article_id, user_id=user_id)
        except Exception:
            logger.exception("Workflow mail for article %s (%s) not queued", article_id, action)

    transaction.on_commit(queue)


def workflow_mail_send(*, mail, article_id, user_id):
    """Queue one `mail` about the article to each recipient but the person who acted."""
    article = Article.objects.filter(pk=article_id).first()
    actor = get_user_model().objects.filter(pk=user_id).first()
    if article is None:
        return 0
    words = {
        "title": single_line(article.title),
        "name": workflow.staff_name(actor) if actor else "Someone",
        "public_url": absolute_url(article.get_absolute_url()),
        "publish_at": (
            f"{timezone.localtime(article.publish_at):%d %B %Y at %H:%M}"
            if article.publish_at
            else "its publish date"
        ),
    }
    body = (
        mail.happened.format(**words)
        + f"\n\nOpen it in the admin:\n{change_form_url(article)}\n"
        + _footer(mail.reason)
    )
    recipients = wanting(mail.recipients(article), mail.setting).exclude(pk=user_id)
    sent = 0
    with transaction.atomic():
        for address in sorted({user.email for user in recipients}):
            outbox.delivery_queue(
                kind=mail.kind, to=address, subject=mail.subject.format(**words), body=body
            )
            sent += 1
    return sent


def _mention_message(delivery):
    """The mail of one @mention, written from the note as it is now (None once it is gone)."""
    mention = (
        NoteMention.objects.select_related("note__article", "note__author", "user")
        .filter(delivery=delivery)
        .first()
    )
    if mention is None or not workflow.can_discuss(mention.user, mention.note.article):
        return None
    note, article = mention.note, mention.note.article
    name = workflow.staff_name(note.author) if note.author else "A colleague"
    body = (
        f"{name} mentioned you in a note on “{single_line(article.title)}”:\n\n"
        f"{note.body}\n\nReply beside the article:\n{change_form_url(article, 'mq-notes')}\n"
        + _footer("a colleague mentioned you")
    )
    return EmailMessage(
        subject=single_line(f"{name} mentioned you: {article.title}")[:300],
        body=body,
        to=[delivery.to],
    )


def note_mention_queue(*, mention):
    """Keep the mention's mail in the outbox (in the note's transaction) if its person wants it."""
    user = mention.user
    wants = wanting(get_user_model().objects.filter(pk=user.pk), "on_mentioned").exists()
    if not wants:
        return None
    mention.delivery = outbox.delivery_queue(kind=MENTIONED, to=user.email)
    mention.save(update_fields=["delivery"])
    return mention.delivery


def register_mail_kinds():
    """The outbox learns the desk's mail kinds (`ArticlesConfig.ready()`)."""
    labels = {}
    for mail in WORKFLOW_MAIL.values():
        labels[mail.kind] = mail.label
    for kind, label in labels.items():
        kinds.register(kinds.MailKind(kind, label))
    kinds.register(kinds.MailKind(MENTIONED, "Mentioned in a note", message=_mention_message))


#: The switches a colleague sets on their "Your editorial mail" page.
MAIL_SWITCHES = ("on_submitted", "on_returned", "on_published", "on_mentioned")


def mail_settings_set(*, user, choices):
    """A colleague chooses which editorial mail they get; anything not named stays as it was."""
    values = {name: bool(choices[name]) for name in MAIL_SWITCHES if name in choices}
    with transaction.atomic():
        settings, _ = EditorialMailSettings.objects.update_or_create(user=user, defaults=values)
    return settings
