"""What a writer meets when an article is not theirs to change: a reason, never "deleted?"."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
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
    """Writers list their own drafts; any other article they open is read-only or refused.

    A writer who follows a link to a published piece (an editor's, or their own once it
    is live) reads it with a note saying whose it is; another writer's draft is refused
    with a sentence saying so, rather than Django's "doesn't exist. Perhaps it was deleted?".
    """

    def _is_writer(self, request):
        user = request.user
        return user.has_perm(workflow.CHANGE_PERMISSION) and not user.has_perm(
            workflow.PUBLISH_PERMISSION
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and from_field is None and self._is_writer(request):
            queryset = Article.objects.with_shown_status().prefetch_related("authors")
            obj = _lookup(queryset, object_id)
            if obj is not None and not workflow.writer_may_view(request.user, obj):
                obj = None
        return obj

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
