"""Reader forms under an article: comment, reply, inline feedback, edit, subscribe."""

import datetime
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils import timezone

from articles.episodes import spoiler_episodes
from articles.models import ArticleBlock
from core.text import SingleLineEmailFormField, SingleLineFormField

from .models import Comment, Subscription, UsedStamp
from .services import DiscussionError, validate_body

STAMP_SALT = "discussion.form.stamp"
#: The rating buttons under an article, 1 to 5 stars, with the word each one stands for.
STARS = [(1, "Poor"), (2, "Fair"), (3, "Good"), (4, "Very good"), (5, "Excellent")]


#: A stamp older than this is refused: one day covers a tab left open over lunch.
STAMP_MAX_AGE = 24 * 60 * 60


def fill_stamp(at=None):
    """A signed "form shown at" time with a one-use nonce: a bot that posts faster than a person
    types, or replays a form it once filled, is dropped."""
    payload = {"t": time.time() if at is None else at, "n": secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=STAMP_SALT)


def stamps_forget_expired(now=None):
    """Delete used stamps past their lifetime: their signature is refused anyway."""
    since = (now or timezone.now()) - datetime.timedelta(seconds=STAMP_MAX_AGE)
    return UsedStamp.objects.filter(used_at__lt=since).delete()[0]


def min_fill_seconds():
    return getattr(settings, "DISCUSSION_MIN_FILL_SECONDS", 3)


class BodyMixin:
    def clean_body(self):
        try:
            return validate_body(self.cleaned_data.get("body", ""))
        except DiscussionError as error:
            raise forms.ValidationError(error.message, code=error.code) from error


class CommentForm(BodyMixin, forms.Form):
    """A new comment, a reply (`parent`) or feedback on one passage (`anchor`)."""

    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
        strip=True,
        required=True,
        error_messages={"required": "Please write a comment before posting."},
        help_text="Plain text. Links are allowed; at most 5,000 characters.",
    )
    name = SingleLineFormField(label="Name", max_length=80, required=False)
    email = SingleLineEmailFormField(
        label="Email",
        required=False,
        help_text="Never shown.",
        max_length=254,
        error_messages={
            "invalid": "Enter a valid email address, such as name@example.com.",
            "max_length": "That email address is too long: at most 254 characters.",
        },
    )
    is_spoiler = forms.BooleanField(label="Contains spoilers", required=False)
    spoils_up_to = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Spoils up to",
        empty_label="No episode spoilers",
        help_text="Readers who have not watched that far see your comment folded.",
        error_messages={"invalid_choice": "Choose an episode of the series this is about."},
    )
    notify_all = forms.BooleanField(label="Notify me of new follow-up comments", required=False)
    notify_replies = forms.BooleanField(
        label="Notify me of new replies to my comments", required=False
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    anchor = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Bots fill every field; people never see this one.
    website = forms.CharField(required=False)
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, article, user=None, **kwargs):
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("stamp", fill_stamp())
        super().__init__(*args, **kwargs)
        # The same list the service accepts (`spoiler_episodes`); none: the field is left out.
        episodes = spoiler_episodes(article)
        if episodes.query.is_empty():
            del self.fields["spoils_up_to"]
        else:
            self.fields["spoils_up_to"].queryset = episodes
            self.fields["spoils_up_to"].label_from_instance = lambda e: e.option_label
        if self.user is None:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = "Please give your name."
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = (
                "Please give your email address (it is never shown)."
            )

    def stamp_nonce(self):
        """The stamp's one-use nonce, or "" when the stamp is forged, expired or not ours."""
        try:
            stamp = signing.loads(
                self.data.get("stamp", ""), salt=STAMP_SALT, max_age=STAMP_MAX_AGE
            )
            shown_at, nonce = float(stamp["t"]), str(stamp["n"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return ""
        if time.time() - shown_at < min_fill_seconds():
            return ""
        return nonce

    def is_bot(self):
        """True for the honeypot filled in, or a form posted too fast, with a forged or expired
        stamp, or with a stamp already used for a comment (`comment_post` records it)."""
        if self.data.get("website"):
            return True
        nonce = self.stamp_nonce()
        return not nonce or UsedStamp.objects.filter(nonce=nonce).exists()

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id).select_related("user").first()
        if parent is None or parent.article_id != self.article.pk:
            raise forms.ValidationError("You can only reply to a comment under this article.")
        if parent.status != Comment.Status.APPROVED:
            raise forms.ValidationError("That comment can no longer be replied to.")
        return parent

    def clean_anchor(self):
        uid = self.cleaned_data.get("anchor")
        if not uid:
            return None
        block = ArticleBlock.objects.filter(uid=uid, article=self.article).first()
        if block is None:
            raise forms.ValidationError("That passage is not part of this article.")
        return block

    def notify_kinds(self):
        kinds = []
        if self.cleaned_data.get("notify_all"):
            kinds.append(Subscription.Kind.ALL)
        if self.cleaned_data.get("notify_replies"):
            kinds.append(Subscription.Kind.REPLIES)
        return kinds


class CommentEditForm(BodyMixin, forms.Form):
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Please write a comment before posting."},
    )
    is_spoiler = forms.BooleanField(label="Contains spoilers", required=False)


class SubscribeForm(forms.Form):
    email = SingleLineEmailFormField(
        label="Email",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter a valid email address, such as name@example.com.",
            "max_length": "That email address is too long: at most 254 characters.",
        },
    )
    kind = forms.ChoiceField(
        choices=Subscription.Kind.choices,
        initial=Subscription.Kind.ALL,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you want to be notified about."},
    )

    def __init__(self, *args, user=None, **kwargs):
        self.user = user if user is not None and user.is_authenticated else None
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if not email and self.user is not None:
            email = self.user.email
        if not email:
            raise forms.ValidationError("Give an email address to be notified.")
        return email
