"""Change-list filters: one-click views and the byline."""

from datetime import date

from django.contrib import admin
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef

from ..models import Article, Byline, Contributor


class ShortcutFilter(admin.SimpleListFilter):
    """One-click views an editor or writer opens many times a day."""

    title = "shortcut"
    parameter_name = "shortcut"

    def lookups(self, request, model_admin):
        return [
            ("mine", "My drafts"),
            ("review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("due", "Due for review"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.filter(authors=request.user, status=Article.Status.DRAFT)
        if value == "review":
            return queryset.filter(status=Article.Status.IN_REVIEW)
        if value == "scheduled":
            return queryset.in_shown_status(Article.Status.SCHEDULED)
        if value == "due":
            return queryset.due_for_review()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """The status as editors read it: a scheduled piece whose time has come is published."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Article.Status.values:
            return queryset.in_shown_status(self.value())
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    """The pieces with a contributor on their byline, guests included."""

    title = "byline"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        named = Contributor.objects.filter(
            Exists(Byline.objects.filter(contributor=OuterRef("pk")))
        )
        return [(str(pk), name) for pk, name in named.order_by("name").values_list("pk", "name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            lines = Byline.objects.filter(article=OuterRef("pk"), contributor_id=self.value())
            return queryset.filter(Exists(lines))
        return queryset


class MostUsedFilter(admin.RelatedFieldListFilter):
    """A production or tag filter that lists the ones most explainers use, not all of them.

    The sidebar stays the same size however many productions or tags the site holds (the
    ranking is counted at most every few minutes); any other one is reached by its id in
    the address (`?tags__id__exact=12`), and then shows here as the one selected.
    """

    shown = 12
    #: How long the ranking is reused: it moves slowly, and counting it reads every link.
    seconds = 5 * 60

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model

        def most_used():
            used = (
                model_admin.model.objects.filter(**{f"{field.name}__isnull": False})
                .values_list(field.name)
                .annotate(uses=Count("pk"))
                .order_by("-uses", field.name)[: self.shown]
            )
            return [pk for pk, _uses in used]

        key = f"admin:most-used:{model_admin.model._meta.label}:{field.name}"
        ids = set(cache.get_or_set(key, most_used, self.seconds))
        if self.lookup_val:
            ids.update(value for value in self.lookup_val if str(value).isdigit())
        return [(item.pk, str(item)) for item in related.objects.filter(pk__in=ids)]


class MonthFilter(admin.SimpleListFilter):
    """The month an explainer is published (or scheduled) in, as WordPress's "All dates".

    It lists the newest months that hold an explainer, read at most every few minutes: the
    year-by-year drill-down it replaces read every article's date on each view of the list.
    An older month is reached by its address (`?month=2024-05`) and then shows as selected.
    """

    title = "publish month"
    parameter_name = "month"
    shown = 24
    seconds = 5 * 60

    def lookups(self, request, model_admin):
        def newest_months():
            dates = Article.objects.dates("publish_at", "month", order="DESC")[: self.shown]
            return [(day.year, day.month) for day in dates]

        months = cache.get_or_set("admin:article-months", newest_months, self.seconds)
        selected = self.month()
        if selected and selected not in months:
            months = sorted([*months, selected], reverse=True)
        return [
            (f"{year}-{month:02d}", date(year, month, 1).strftime("%B %Y"))
            for year, month in months
        ]

    def month(self):
        """(year, month) asked for, or None."""
        try:
            year, month = (int(part) for part in (self.value() or "").split("-"))
            return (year, month) if 1 <= month <= 12 and 1 <= year <= 9999 else None
        except ValueError:
            return None

    def queryset(self, request, queryset):
        selected = self.month()
        if selected is None:
            return queryset
        return queryset.filter(publish_at__year=selected[0], publish_at__month=selected[1])
