"""Who may list, open, change, delete and recover which article in the admin.

Writers list their own drafts; any other article they open is read-only or refused with
a sentence saying why, rather than Django's "doesn't exist. Perhaps it was deleted?".
Editors (who may publish) see and change everything and alone bring deleted pieces back.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from .. import workflow
from ..models import Article


def _lookup(queryset, object_id):
    try:
        return queryset.filter(pk=Article._meta.pk.to_python(object_id)).first()
    except (ValidationError, ValueError):
        return None


class WriterAccessMixin:
    """Access: who may see, edit, delete and recover which article (writers their own drafts)."""

    def _is_writer(self, request):
        user = request.user
        return user.has_perm(workflow.CHANGE_PERMISSION) and not user.has_perm(
            workflow.PUBLISH_PERMISSION
        )

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH_PERMISSION)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors", "bylines__contributor")
        queryset = queryset.with_shown_status()
        match = request.resolver_match
        if match and match.url_name == "autocomplete":
            # "Also read" links point readers at live pieces, whoever wrote them.
            return queryset.live()
        if self._is_writer(request):
            queryset = queryset.filter(
                authors=request.user, status__in=workflow.WRITER_EDITABLE
            ).distinct()
        return queryset

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and from_field is None and self._is_writer(request):
            queryset = Article.objects.with_shown_status().prefetch_related("authors")
            obj = _lookup(queryset, object_id)
            if obj is not None and not workflow.writer_may_view(request.user, obj):
                obj = None
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.can_be_edited_by(request.user))

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH_PERMISSION):
            # The byline and the timing are the editors' call; a writer is put
            # on their own byline automatically.
            # Editors assign the work and set its date; a writer sees them.
            fields += ["authors", "publish_at", "is_featured", "assigned_to", "due_date"]
        return fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self._is_writer(request):
            article = self.get_object(request, unquote(object_id))
            if article is None and _lookup(Article.objects.all(), unquote(object_id)):
                self.message_user(request, workflow.NOT_YOURS, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
            if article is not None and not article.can_be_edited_by(request.user):
                self.message_user(
                    request, workflow.view_only_reason(request.user, article), messages.WARNING
                )
                if request.method == "POST":
                    # Nothing is saved; the read-only page says why.
                    url = reverse("admin:articles_article_change", args=[article.pk])
                    return HttpResponseRedirect(url)
        return super().change_view(request, object_id, form_url, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        # Deleted pieces may be anyone's: bringing them back is an editor's call.
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_publish_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
