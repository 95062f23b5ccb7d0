"""Extra admin pages for articles: compare two revisions, freshness, the schedule, copying."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from reversion.models import Version

from .. import revisions, services, workflow
from ..models import Article

#: Days the schedule's calendar shows, from today.
SCHEDULE_DAYS = 30
#: Live explainers lacking a publish need listed on the freshness page at once.
FRESHNESS_LACKING_LIMIT = 100


class ArticleExtraViewsMixin:
    """Adds the history with compare buttons, the compare page and the freshness page."""

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        action_list = []
        if article is not None:
            versions = Version.objects.get_for_object(article).select_related("revision__user")
            action_list = [
                {
                    "revision": version.revision,
                    "version_id": version.pk,
                    "url": reverse(
                        "admin:articles_article_revision", args=[article.pk, version.pk]
                    ),
                }
                for version in versions
            ]
        extra_context = {**(extra_context or {}), "action_list": action_list}
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        urls = super().get_urls()
        extra = [
            path(
                "freshness/",
                self.admin_site.admin_view(self.freshness_view),
                name="articles_article_freshness",
            ),
            path(
                "schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="articles_article_schedule",
            ),
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="articles_article_duplicate",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
        ]
        return extra + urls

    def compare_view(self, request, object_id):
        """Two revisions side by side: which fields and which blocks changed, word by word."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        old = get_object_or_404(versions, pk=request.GET.get("from"))
        new_id = request.GET.get("to")
        if new_id and new_id != "current":
            new = get_object_or_404(versions, pk=new_id)
            if new.revision.date_created < old.revision.date_created:
                old, new = new, old
            new_snapshot, new_label = revisions.snapshot_of_version(new), new.revision
        else:
            new_snapshot, new_label = revisions.snapshot_of_article(article), "the current version"
        comparison = revisions.compare(revisions.snapshot_of_version(old), new_snapshot)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"Compare revisions of “{article}”",
            "old": old,
            "new_label": new_label,
            "comparison": comparison,
            "restore_url": reverse("admin:articles_article_revision", args=[article.pk, old.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def freshness_view(self, request):
        """Explainers to check: past their review date, or citing offers that have ended."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        due = Article.objects.due_for_review(today).order_by("review_by", "title")
        stale = (
            Article.objects.citing_expired_availability(today)
            .order_by("title")
            .prefetch_related("productions__availabilities")
        )
        stale_rows = []
        for article in stale:
            ended = [
                (production, offer)
                for production in article.productions.all()
                for offer in production.availabilities.all()
                if offer.is_expired(today)
            ]
            stale_rows.append((article, ended))
        lacking = Article.objects.lacking_publish_needs().order_by("title")
        lacking_rows = [
            (article, workflow.publish_problems(article))
            for article in lacking[:FRESHNESS_LACKING_LIMIT]
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Freshness: explainers to check",
            "today": today,
            "due": due,
            "stale_rows": stale_rows,
            "lacking_rows": lacking_rows,
            "lacking_count": lacking.count(),
        }
        return TemplateResponse(request, "admin/articles/article/freshness.html", context)

    def duplicate_view(self, request, object_id):
        """ "Duplicate" on the change form: a new draft copy, opened at once for editing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article.objects.all(), pk=object_id)
        try:
            copy = services.article_duplicate(article=article, user=request.user)
        except PermissionDenied as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        self.message_user(
            request,
            f"“{copy}” is a new draft copied from “{article}”: nothing of it is public yet.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[copy.pk]))

    def schedule_view(self, request):
        """What goes live when: the next 30 days as a calendar, then everything scheduled."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        now = timezone.now()
        today = timezone.localdate(now)
        scheduled = list(Article.objects.upcoming(now=now).prefetch_related("authors"))
        by_day = {}
        for article in scheduled:
            by_day.setdefault(timezone.localdate(article.publish_at), []).append(article)
        days = [today + datetime.timedelta(days=offset) for offset in range(SCHEDULE_DAYS)]
        # Weeks start on Monday: pad the first row so each day sits under its weekday.
        calendar = [None] * today.weekday() + [(day, by_day.get(day, [])) for day in days]
        weeks = [calendar[start : start + 7] for start in range(0, len(calendar), 7)]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Schedule: what goes live when",
            "today": today,
            "weeks": weeks,
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "scheduled": scheduled,
            "later": [a for a in scheduled if timezone.localdate(a.publish_at) > days[-1]],
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)
