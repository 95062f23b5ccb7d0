"""Approve, Spam and Remove on one comment, from its own page or from its row in the queue.

Plain POST forms (no JavaScript needed): the row buttons sit in the change list's own form and
send it to this comment's address instead (`formaction`), since forms cannot nest. With
JavaScript (static/admin/marquee/moderation.js) a row's button asks for JSON instead and the
row takes its new cells in place. The services check the moderator again, as they do for the
bulk actions.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from .. import selectors, services
from ..models import Comment


@dataclass(frozen=True)
class Verdict:
    """One button a moderator presses on one comment: where it leads and what it says after."""

    key: str
    label: str
    #: The status it leads to: its button is not offered on a comment already there.
    status: str
    service: Callable
    done: str
    already: str


VERDICTS = {
    verdict.key: verdict
    for verdict in (
        Verdict(
            "approve",
            "Approve",
            Comment.Status.APPROVED,
            services.comment_approve,
            "Approved the comment by {author}: readers see it.",
            "The comment by {author} was already approved.",
        ),
        Verdict(
            "spam",
            "Spam",
            Comment.Status.SPAM,
            services.comment_mark_spam,
            "Filed the comment by {author} as spam.",
            "The comment by {author} was already filed as spam.",
        ),
        Verdict(
            "remove",
            "Remove",
            Comment.Status.REMOVED,
            services.comment_take_down,
            "Removed the comment by {author}: readers no longer see it.",
            "The comment by {author} was already removed.",
        ),
    )
}


def verdicts_for(comment):
    """The buttons worth showing on `comment`: every verdict but the one it already has."""
    return [verdict for verdict in VERDICTS.values() if verdict.status != comment.status]


class InPlaceModerationMixin:
    """The comment admin's one-comment verdicts: a row column, a panel on the page, one URL."""

    moderate_url_name = "discussion_comment_moderate"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/moderate/",
                self.admin_site.admin_view(self.moderate_view),
                name=self.moderate_url_name,
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self.has_moderate_permission(request):
            return columns
        return ["excerpt_and_verdicts" if c == "excerpt" else c for c in columns]

    @admin.display(description="comment")
    def excerpt_and_verdicts(self, comment):
        # Inside the change list's form: each button sends that form here instead.
        url = reverse(f"admin:{self.moderate_url_name}", args=[comment.pk])
        return format_html(
            # The badge repeats the status column's for narrow screens, where admin.css shows
            # it here instead of that column.
            '{}<div class="mq-verdicts"><span class="mq-verdicts__status">{}</span>{}</div>',
            self.excerpt(comment),
            self.status_badge(comment),
            format_html_join(
                "",
                '<button type="submit" class="mq-verdict mq-verdict--{}" formaction="{}" '
                'formmethod="post" name="verdict" value="{}" title="{} the comment by {}">'
                "{}</button>",
                (
                    (v.key, url, v.key, v.label, comment.author_name, v.label)
                    for v in verdicts_for(comment)
                ),
            ),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, unquote(object_id))
        if comment is not None and self.has_moderate_permission(request):
            extra_context = {
                **(extra_context or {}),
                "verdicts": verdicts_for(comment),
                # Every field is read-only: the verdicts are this page's only actions.
                "show_save": False,
                "show_save_and_continue": False,
                "moderate_url": reverse(f"admin:{self.moderate_url_name}", args=[comment.pk]),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def moderate_view(self, request, object_id):
        """POST only: apply one verdict, then show the list it came from or the next comment;
        asked for JSON (moderation.js), answer the row's new cells instead."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        raw = request.POST.get("_changelist_filters", request.GET.get("_changelist_filters"))
        # Re-encoded: whatever was sent comes back as a query string on the list, nothing else.
        filters = QueryDict(raw or "").urlencode()
        way_back = {"filters": filters, "from_list": request.POST.get("back") == "list"}
        verdict = VERDICTS.get(request.POST.get("verdict", ""))
        if verdict is None:
            return self._answer(
                request, comment, messages.ERROR, "Choose Approve, Spam or Remove.", way_back
            )
        author = comment.author_name
        try:
            changed = verdict.service(comment=comment, moderator=request.user)
        except PermissionDenied as error:
            return self._answer(request, comment, messages.ERROR, str(error), way_back)
        except services.DiscussionError as error:
            return self._answer(request, comment, messages.ERROR, error.message, way_back)
        if changed:
            level, text = messages.SUCCESS, verdict.done
        else:
            level, text = messages.WARNING, verdict.already
        return self._answer(request, comment, level, text.format(author=author), way_back)

    def _answer(self, request, comment, level, text, way_back):
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(
                {
                    "ok": level != messages.ERROR,
                    "level": messages.DEFAULT_TAGS[level],
                    "message": text,
                    "status": comment.status,
                    "cell": self.excerpt_and_verdicts(comment),
                    "badge": self.status_badge(comment),
                },
                status=400 if level == messages.ERROR else 200,
            )
        self.message_user(request, text, level)
        return self._back(request, comment, **way_back, stay=level == messages.ERROR)

    def _back(self, request, comment, filters, *, from_list, stay=False):
        """The same filtered page of the list; from the comment's page, the next comment that
        waits (or the page itself when the verdict was refused), else the list with a word."""
        changelist = reverse("admin:discussion_comment_changelist")
        listed = f"{changelist}?{filters}" if filters else changelist
        keep = f"?{urlencode({'_changelist_filters': filters})}" if filters else ""
        if from_list:
            return HttpResponseRedirect(listed)
        if stay:
            return HttpResponseRedirect(self._change_url(comment) + keep)
        following = selectors.queue_next_waiting(after=comment)
        if following is None:
            self.message_user(request, "No other comment is waiting: the queue is clear.")
            return HttpResponseRedirect(listed)
        self.message_user(request, "Here is the next comment waiting for moderation.")
        return HttpResponseRedirect(self._change_url(following) + keep)

    @staticmethod
    def _change_url(comment):
        return reverse("admin:discussion_comment_change", args=[comment.pk])
