"""The editor's desk in the article form: autosave and restore, moving blocks, tag
suggestions, and the writing aids and preview link shown beside the fields.

Autosave keeps what was typed in `ArticleAutosave`, never in the article: readers go
on seeing the saved article until the editor presses Save. On return the form offers
the autosave back; "Restore" shows the form filled with it (nothing is saved until
Save is pressed). An autosave of a form opened before someone else's save is refused,
as the save would be (`articles.conflicts`), and the form's heartbeat says who else has
the article open (`articles.presence`).
"""

import json
import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone

from taggit.models import Tag

from .. import presence, services
from ..conflicts import KEEP_FIELD, article_conflict
from ..embeds.services import article_embeds_fetch
from ..models import AUTOSAVE_MAX_BYTES, Article, ArticleAutosave
from ..preview import preview_url
from ..tags import tag_slug
from .forms import MOVE_FIELD
from .writing import writing_aids

logger = logging.getLogger(__name__)

#: The hidden field naming the form of a new, unsaved article (its autosave's key).
AUTOSAVE_KEY_FIELD = "_autosave_key"
#: How many existing tags the suggestions offer.
TAG_SUGGESTIONS = 10


def _first(fields, name):
    """The first value an autosave posted for `name`, if any."""
    values = fields.get(name) if isinstance(fields, dict) else None
    return values[0] if isinstance(values, list) and values else None


def _quiet(form):
    """A form bound to autosaved data shows what was typed, without judging it yet."""
    form._errors = ErrorDict()


class ArticleEditingMixin:
    """Editing aids: autosave and restore, block moves, tag suggestions, counters, previews."""

    def editing_urls(self):
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="articles_article_autosave",
            ),
            path(
                "autosave/discard/",
                self.admin_site.admin_view(self.autosave_discard_view),
                name="articles_article_autosave_discard",
            ),
            path(
                "presence/",
                self.admin_site.admin_view(self.editing_now_view),
                name="articles_article_editing_now",
            ),
            path(
                "<int:article_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "tags/suggest/",
                self.admin_site.admin_view(self.tag_suggest_view),
                name="articles_article_tag_suggest",
            ),
        ]

    # --- Autosave endpoints ----------------------------------------------

    def _autosaved_article(self, request, article_id):
        """The article an autosave is about (None for a new one); 403 unless it may be edited."""
        if not article_id:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        article = Article.objects.filter(pk=article_id).first()
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request):
        """Store the posted form (JSON: article, key, fields) as this editor's autosave."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the form's fields."}, status=405)
        if int(request.headers.get("Content-Length") or 0) > AUTOSAVE_MAX_BYTES + 4096:
            return JsonResponse({"error": "Too large to autosave; save the article."}, status=413)
        try:
            payload = json.loads(request.body)
            article_id = payload.get("article") or None
            article = self._autosaved_article(request, article_id)
            fields = payload.get("fields")
            conflict = article_conflict(
                article=article, base_version=_first(fields, "base_version")
            )
            autosave = services.article_autosave_store(
                user=request.user,
                article=article,
                client_key=str(payload.get("key") or ""),
                data=fields,
            )
        except PermissionDenied:
            return JsonResponse({"error": "You cannot edit this article."}, status=403)
        except ValidationError as error:
            status = 413 if error.code == "too_large" else 400
            return JsonResponse({"error": " ".join(error.messages)}, status=status)
        except (ValueError, AttributeError, TypeError):
            return JsonResponse({"error": "Send the form's fields as JSON."}, status=400)
        if conflict:
            # Kept for this editor, with the version it started from, so restoring it
            # later meets the same refusal and choice a save meets now.
            return JsonResponse(
                {"error": conflict.sentence, "conflict": conflict.as_json()}, status=409
            )
        saved_at = timezone.localtime(autosave.saved_at)
        return JsonResponse({"saved_at": saved_at.isoformat(), "display": f"{saved_at:%H:%M:%S}"})

    def autosave_discard_view(self, request):
        """Forget this editor's autosave of a form, then go back to it."""
        if request.method != "POST":
            return JsonResponse({"error": "POST to discard."}, status=405)
        article_id = request.POST.get("article") or None
        article = self._autosaved_article(request, article_id)
        services.article_autosave_discard(
            user=request.user, article=article, client_key=request.POST.get("key", "")
        )
        self.message_user(request, "The autosaved version was discarded.", messages.INFO)
        if article is not None:
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        return HttpResponseRedirect(reverse("admin:articles_article_add"))

    # --- Presence: who else has the article open ----------------------------

    def presence_view(self, request, article_id):
        """The form's heartbeat (POST): who is editing this article; `take_over=1` takes it."""
        if request.method != "POST":
            return JsonResponse({"error": "POST the heartbeat."}, status=405)
        article = Article.objects.filter(pk=article_id).first()
        if article is None or not self.has_view_or_change_permission(request, article):
            return JsonResponse({"error": "You cannot open this article."}, status=403)
        if request.POST.get("leave"):
            presence.article_presence_leave(article=article, user=request.user)
            return JsonResponse({"left": True})
        try:
            now = presence.article_presence_beat(
                article=article, user=request.user, take_over=bool(request.POST.get("take_over"))
            )
        except PermissionDenied as refusal:
            return JsonResponse({"error": str(refusal)}, status=403)
        return JsonResponse(now.as_json())

    def editing_now_view(self, request):
        """For the article list: {id: name} of who is editing which of the listed articles."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        ids = [int(part) for part in request.GET.get("ids", "").split(",")[:200] if part.isdigit()]
        names = presence.editing_now(article_ids=ids, user=request.user)
        return JsonResponse({"editing": {str(pk): name for pk, name in names.items()}})

    def tag_suggest_view(self, request):
        """Existing tags near what is typed (JSON): the tag it names first ("Harlan Coben"
        finds `harlan-coben`), then names and slugs starting with it, then containing it,
        each most used first."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        typed = request.GET.get("q", "").strip()[:100]
        if not typed:
            return JsonResponse({"tags": []})
        slug = tag_slug(typed)
        tags = (
            Tag.objects.filter(Q(name__icontains=typed) | Q(slug__icontains=slug))
            .annotate(
                uses=Count("taggit_taggeditem_items"),
                closeness=Case(
                    When(Q(name__iexact=typed) | Q(slug__iexact=slug), then=Value(0)),
                    When(Q(name__istartswith=typed) | Q(slug__istartswith=slug), then=Value(1)),
                    default=Value(2),
                ),
            )
            .order_by("closeness", "-uses", "name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        )
        return JsonResponse({"tags": list(tags)})

    # --- Restoring an autosave into the form -----------------------------

    def _autosave_to_restore(self, request, obj):
        """The autosave a GET with ?autosave=restore asks to show in the form, if any."""
        if request.method != "GET" or request.GET.get("autosave") != "restore":
            return None
        if obj is None:
            key = request.GET.get("key", "")
            return ArticleAutosave.objects.for_form(user=request.user, client_key=key).first()
        return ArticleAutosave.objects.for_form(user=request.user, article=obj).first()

    def restoring_form(self, request, obj, form_class):
        """The form class, bound to the autosave when the editor asked to restore it."""
        autosave = self._autosave_to_restore(request, obj)
        if autosave is None:
            return form_class
        data = autosave.as_form_data()

        class RestoredForm(form_class):
            def __init__(self, *args, **kwargs):
                if not args and kwargs.get("data") is None:
                    kwargs.update(data=data, files={})
                super().__init__(*args, **kwargs)
                _quiet(self)

        RestoredForm.__name__ = form_class.__name__
        return RestoredForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        autosave = self._autosave_to_restore(request, obj if obj and obj.pk else None)
        if autosave is not None:
            kwargs.update(data=autosave.as_form_data(), files={})
        return kwargs

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        moving = request.method == "POST" and MOVE_FIELD in request.POST
        if moving:
            self.message_user(
                request,
                "The block moved one place. Nothing is saved until you press Save.",
                messages.INFO,
            )
        if request.method == "GET" or moving:
            for formset in formsets:
                if formset.is_bound:
                    formset._errors = []
                    formset._non_form_errors = formset.error_class()
                    for form in formset.forms:
                        _quiet(form)
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def _autosave_context(self, request, obj):
        """The key, the endpoint and the "newer autosave" notice the form shows."""
        user = request.user
        restored = self._autosave_to_restore(request, obj)
        if obj is not None and obj.pk:
            offer = (
                None
                if restored
                else ArticleAutosave.objects.newer_than_article(user=user, article=obj)
            )
            key = ""
        else:
            offer = None if restored else ArticleAutosave.objects.latest_new_article(user=user)
            key = restored.client_key if restored else request.POST.get(AUTOSAVE_KEY_FIELD, "")
            key = key or ArticleAutosave.new_client_key()
        return {
            "autosave_url": reverse("admin:articles_article_autosave"),
            "autosave_discard_url": reverse("admin:articles_article_autosave_discard"),
            "autosave_key_field": AUTOSAVE_KEY_FIELD,
            "autosave_key": key,
            "autosave_offer": offer,
            "autosave_restored": restored,
        }

    def editing_context(self, request, obj, form):
        """What the change form shows for autosave, conflicts, presence, tags, aids, preview."""
        saved = obj is not None and obj.pk
        return {
            **self._autosave_context(request, obj),
            "edit_conflict": getattr(form, "conflict", None),
            "keep_field": KEEP_FIELD,
            "presence_url": reverse("admin:articles_article_presence", args=[obj.pk])
            if saved
            else None,
            "presence_every": int(presence.BEAT_EVERY.total_seconds()),
            "writing_aids": writing_aids(obj, form),
            "tag_suggest_url": reverse("admin:articles_article_tag_suggest"),
            "preview_url": preview_url(obj) if saved else None,
        }

    # --- Saving: clear the autosave ---------------------------------------

    def clear_autosave(self, request, article):
        """Saved for real: this editor's autosave of the form is no longer newer."""
        services.article_autosave_clear(
            article=article,
            user=request.user,
            client_key=request.POST.get(AUTOSAVE_KEY_FIELD, ""),
        )

    # --- Saving: embeds are described once the save has committed -------------

    def fetch_embeds(self, request, article):
        """After the save commits (no row lock is held over the network), each new embed is
        described by its provider; the editor reads on the next page what was embedded, or
        why it shows as a link. The save itself never waits on a provider's verdict."""

        def run():
            try:
                fetched = article_embeds_fetch(article=article, user=request.user)
            except Exception:
                logger.exception("Embeds of article %s not fetched", article.pk)
                self.message_user(
                    request,
                    "The embeds could not be fetched: they show as links until you save again.",
                    messages.WARNING,
                )
                return
            for block, problem in fetched:
                if problem:
                    self.message_user(request, problem, messages.WARNING)
                else:
                    shown = block.embed
                    self.message_user(
                        request, f"Embedded from {shown.provider_name}: “{shown.title}”."
                    )

        transaction.on_commit(run)
