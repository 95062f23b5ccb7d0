"""Extra admin pages for articles: freshness, the schedule, and copying an article."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from productions.models import episode_ranges

from .. import services, workflow
from ..models import Article

#: Days the schedule's calendar shows, from today.
SCHEDULE_DAYS = 30
#: Live explainers lacking a publish need listed on the freshness page at once.
FRESHNESS_LACKING_LIMIT = 100


#: Relations the duplicate confirmation lists for each article, in one query each.
COPY_PREFETCH = [
    "bylines__contributor",
    "productions",
    "episodes__season__production",
    "people",
    "verdict_sources",
    "tags",
    "blocks",
]


def copy_contents(article):
    """What a copy of `article` takes with it, as (label, names) rows for the confirmation.

    Reads the relations `COPY_PREFETCH` loads, so a list of articles costs no query each.
    """
    blocks = article.blocks.all()
    rows = [
        ("Body", [f"{len(blocks)} block{'s' if len(blocks) != 1 else ''}"] if blocks else []),
        ("Productions", [str(production) for production in article.productions.all()]),
        (
            "Episodes",
            [
                f"{series.title}: {words}"
                for series, words in episode_ranges(article.episodes.all())
            ],
        ),
        ("People", [str(person) for person in article.people.all()]),
        ("Tags", [str(tag) for tag in article.tags.all()]),
        ("Verdict sources", [str(source) for source in article.verdict_sources.all()]),
        ("Hero image", [article.hero_alt_text or "yes"] if article.hero_image_id else []),
    ]
    return rows


def _duplicate_page(modeladmin, request, articles, *, action):
    """The confirmation page: each article, what its copy takes, and who cannot copy it."""
    rows = [
        {
            "article": article,
            "contents": copy_contents(article),
            "byline": [contributor.name for contributor in article.byline],
            "refusal": None
            if workflow.can_duplicate(request.user, article)
            else "You can only copy your own pieces or published ones.",
        }
        for article in articles
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": f"Duplicate “{rows[0]['article']}”" if len(rows) == 1 else "Duplicate as drafts",
        "rows": rows,
        "copyable": [row for row in rows if row["refusal"] is None],
        "me": workflow.staff_name(request.user),
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/articles/article/duplicate_confirmation.html", context)


def _copy_all(modeladmin, request, articles):
    """Copies each article the editor may copy; says which were copied and which refused."""
    copies, refused = [], []
    for article in articles:
        try:
            copies.append(services.article_duplicate(article=article, user=request.user))
        except PermissionDenied as error:
            refused.append(f"“{article}”: {error}")
    if copies:
        names = ", ".join(f"“{copy}”" for copy in copies)
        modeladmin.message_user(request, f"New drafts: {names}.", messages.SUCCESS)
    for line in refused:
        modeladmin.message_user(request, f"Not copied, {line}", messages.ERROR)
    return copies


@admin.action(description="Duplicate as new drafts (selected)", permissions=["add"])
def duplicate_selected(modeladmin, request, queryset):
    """Each selected article gets a draft copy on the editor's byline, once the editor has seen
    what each copy takes with it (and which they may not copy) and confirmed."""
    if request.POST.get("post") != "yes":
        articles = (
            queryset.order_by("title").select_related("hero_image").prefetch_related(*COPY_PREFETCH)
        )
        return _duplicate_page(modeladmin, request, articles, action="duplicate_selected")
    _copy_all(modeladmin, request, queryset.order_by("title"))
    return None


class ArticlePagesMixin:
    """Extra pages: freshness, the schedule, and Duplicate (one article or several)."""

    def page_urls(self):
        return [
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
                "<int:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="articles_article_duplicate",
            ),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "freshness_url": reverse("admin:articles_article_freshness"),
            "schedule_url": reverse("admin:articles_article_schedule"),
            "can_publish": self.has_publish_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def can_duplicate(self, request, obj):
        """Whether the change form offers "Duplicate"."""
        return obj is not None and obj.pk is not None and workflow.can_duplicate(request.user, obj)

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
        """ "Duplicate" on the change form: a page listing what the copy takes, then, confirmed,
        a new draft copy opened at once for editing."""
        article = get_object_or_404(Article.objects.prefetch_related(*COPY_PREFETCH), pk=object_id)
        if not workflow.can_duplicate(request.user, article):
            # Said before anything of the article is shown: it may be someone else's draft.
            self.message_user(
                request, "You can only copy your own pieces or published ones.", messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
        if request.method != "POST" or request.POST.get("post") != "yes":
            return _duplicate_page(self, request, [article], action="")
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
        # Planning: pieces still being written, on the day they are due (not a go-live time).
        due = list(Article.objects.with_work_due(until=days[-1]).select_related("assignee"))
        due_by_day = {}
        for article in due:
            due_by_day.setdefault(article.due_date, []).append(article)
        # Weeks start on Monday: pad the first row so each day sits under its weekday.
        calendar = [None] * today.weekday() + [
            (day, by_day.get(day, []), due_by_day.get(day, [])) for day in days
        ]
        weeks = [calendar[start : start + 7] for start in range(0, len(calendar), 7)]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Schedule: what goes live when, and what is due",
            "today": today,
            "weeks": weeks,
            "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
            "scheduled": scheduled,
            "later": [a for a in scheduled if timezone.localdate(a.publish_at) > days[-1]],
            "overdue": [article for article in due if article.due_date < today],
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)
