"""Writers ask for the productions and episodes they may not add; editors answer.

What differs between a request for a production and one for an episode (the fields it asks,
what it is called, when it already exists, the admin form that adds it prefilled) is declared
once per kind in `REQUESTABLE`; the form, the services, the pickers and the dashboard iterate it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from outbox import kinds as mail_kinds
from outbox.services import delivery_queue_prepared
from productions.models import Episode, Production

from .models.requests import CatalogueRequest

ADD_PERMISSION = "articles.add_cataloguerequest"
ANSWER_PERMISSION = "articles.change_cataloguerequest"
#: The outbox kind of the mail a writer gets when an editor answers their request.
ANSWER_MAIL = "request_answered"
#: The fields every kind's request form ends with.
COMMON_FIELDS = ("link", "details")


class Requestable:
    """One kind of catalogue record a writer can ask for: everything that differs by kind."""

    kind = ""
    model = None
    #: What the request form asks, in order, and which of those must be filled.
    fields = ()
    required = ()
    #: The request field that what was typed in an empty picker fills.
    search_term_field = "title"

    @property
    def noun(self):
        return str(self.model._meta.verbose_name)

    def missing(self, name):
        """What a request lacking the required field `name` is told."""
        label = CatalogueRequest._meta.get_field(name).verbose_name
        return f"Say which {label}: the editor needs it to add the {self.noun}."

    def subject(self, request):
        raise NotImplementedError

    def key(self, request):
        """The same words for the same thing, whoever typed them: one open request per key."""
        return f"{self.kind}:" + " ".join(self.subject(request).lower().split())

    def existing(self, request):
        """The record already in the catalogue under this name, or None."""
        raise NotImplementedError

    def add_link(self, request, catalogue):
        """(label, address) of the admin form that adds what was asked for, filled in from the
        request. `catalogue` is `catalogue_for(requests)`, read once for every request listed."""
        raise NotImplementedError


class ProductionRequestable(Requestable):
    kind = CatalogueRequest.Kind.PRODUCTION
    model = Production
    fields = ("title", "production_kind", "year")
    required = ("title",)

    def subject(self, request):
        return request.title.strip()

    def existing(self, request):
        found = Production.objects.filter(title__iexact=request.title.strip())
        if request.production_kind:
            # A novel and the series made from it share a title: asking for one is not the other.
            found = found.filter(kind=request.production_kind)
        return found.first()

    def add_link(self, request, catalogue):
        return f"Add the {self.noun}", _add_production_url(request.title, request)


class EpisodeRequestable(Requestable):
    kind = CatalogueRequest.Kind.EPISODE
    model = Episode
    fields = ("series", "season_number", "episode_number", "title")
    required = ("series", "episode_number")
    # An episode picker is searched by its series' title first.
    search_term_field = "series"

    def subject(self, request):
        number = ""
        if request.season_number and request.episode_number:
            number = f" S{request.season_number}E{request.episode_number}"
        elif request.episode_number:
            number = f" episode {request.episode_number}"
        named = f" “{request.title.strip()}”" if request.title.strip() else ""
        return f"{request.series.strip()}{number}{named}".strip()

    def key(self, request):
        # The episode is its series and numbers; a title typed or not is the same episode.
        series = " ".join(request.series.lower().split())
        return f"{self.kind}:{series} s{request.season_number or 1}e{request.episode_number}"

    def existing(self, request):
        return (
            Episode.objects.select_related("season__production")
            .filter(
                season__production__title__iexact=request.series.strip(),
                season__number=request.season_number or 1,
                number=request.episode_number,
            )
            .first()
        )

    def add_link(self, request, catalogue):
        series = request.series.strip()
        number = request.season_number or 1
        production_id, seasons = catalogue.get(series.lower(), (None, {}))
        if production_id is None:
            # Neither the series nor its season exists yet: the editor adds the series first.
            return f"Add the series “{series}” first", _add_production_url(series)
        if number not in seasons:
            query = urlencode({"production": production_id, "number": number})
            return f"Add season {number} of {series}", (
                reverse("admin:productions_season_add") + "?" + query
            )
        initial = {"season": seasons[number], "number": request.episode_number}
        if request.title:
            initial["title"] = request.title
        return f"Add the {self.noun}", (
            reverse("admin:productions_episode_add") + "?" + urlencode(initial)
        )


def _add_production_url(title, request=None):
    initial = {"title": title, "slug": slugify(title)}
    if request is not None and request.production_kind:
        initial["kind"] = request.production_kind
    elif request is None:
        initial["kind"] = Production.Kind.SERIES
    if request is not None and request.year:
        initial["year"] = request.year
    return reverse("admin:productions_production_add") + "?" + urlencode(initial)


REQUESTABLE = {kind.kind: kind for kind in (ProductionRequestable(), EpisodeRequestable())}
#: Which kind of request a picker of this model offers.
REQUESTABLE_MODELS = {kind.model: kind for kind in REQUESTABLE.values()}


def catalogue_for(requests):
    """{lowercased series title: (production id, {season number: season id})} for the series
    the episode `requests` name: one query however many requests the page lists."""
    wanted = {r.series.strip().lower() for r in requests if r.series}
    if not wanted:
        return {}
    rows = (
        Production.objects.annotate(lowered=Lower("title"))
        .filter(lowered__in=wanted)
        .values_list("lowered", "pk", "seasons__number", "seasons__pk")
    )
    found = {}
    for title, production_id, number, season_id in rows:
        _, seasons = found.setdefault(title, (production_id, {}))
        if number is not None:
            seasons[number] = season_id
    return found


def catalogue_request_problems(request):
    """Why this request cannot be sent, field by field ({} when it can).

    The request form and `catalogue_request_create` both ask here, so they refuse the same."""
    requestable = REQUESTABLE.get(request.kind)
    if requestable is None:
        return {"kind": "Ask for a production or an episode."}
    problems = {}
    for name in requestable.required:
        if not str(getattr(request, name) or "").strip():
            problems[name] = requestable.missing(name)
    if problems:
        return problems
    existing = requestable.existing(request)
    if existing is not None:
        return {
            None: f"“{existing}” is already in the catalogue: type its title in the "
            f"{requestable.noun} picker of your article."
        }
    waiting = (
        CatalogueRequest.objects.open()
        .filter(subject_key__iexact=requestable.key(request))
        .exclude(pk=request.pk)
        .select_related("requested_by")
        .first()
    )
    if waiting is not None:
        return {None: duplicate_sentence(waiting, request.requested_by)}
    return {}


def duplicate_sentence(waiting, user):
    when = timezone.localtime(waiting.created_at)
    asked = f"on {when.day} {when:%B}"
    if waiting.requested_by_id and user is not None and waiting.requested_by_id == user.pk:
        return (
            f"You already asked for “{waiting.subject}” {asked}; it is waiting for an editor "
            "(your dashboard shows where it stands)."
        )
    return (
        f"{_name(waiting.requested_by)} already asked for “{waiting.subject}” {asked}; it is "
        "waiting for an editor, and once added it will be in the picker. The editors see one "
        "request rather than two."
    )


def _name(user):
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def catalogue_request_create(*, user, kind, article=None, **fields):
    """A writer's request lands on the editors' dashboard, unless it is already in the catalogue
    or already asked for (refused with a `ValidationError` saying so, nothing stored)."""
    if not user.has_perm(ADD_PERMISSION):
        raise PermissionDenied("You may not ask for catalogue records.")
    request = CatalogueRequest(kind=kind, article=article, requested_by=user, **fields)
    with transaction.atomic():
        problems = catalogue_request_problems(request)
        if problems:
            raise ValidationError(
                {name or "__all__": [sentence] for name, sentence in problems.items()}
            )
        request.subject_key = REQUESTABLE[kind].key(request)
        request.full_clean(exclude=["subject_key"])
        try:
            # A savepoint: the twin request sent in the same instant meets the constraint.
            with transaction.atomic():
                request.save()
        except IntegrityError:
            waiting = (
                CatalogueRequest.objects.open()
                .filter(subject_key__iexact=request.subject_key)
                .first()
            )
            if waiting is None:
                raise
            raise ValidationError(duplicate_sentence(waiting, user)) from None
    return request


def catalogue_request_answer(*, catalogue_request, user, status, reply=""):
    """An editor marks a request added or declined; its writer is mailed the answer."""
    if not user.has_perm(ANSWER_PERMISSION):
        raise PermissionDenied("Only editors answer catalogue requests.")
    if status not in (CatalogueRequest.Status.DONE, CatalogueRequest.Status.DECLINED):
        raise ValidationError("Mark the request added or declined.")
    with transaction.atomic():
        locked = CatalogueRequest.objects.select_for_update().get(pk=catalogue_request.pk)
        if not locked.is_open:
            raise ValidationError(
                f"“{locked.subject}” was already answered "
                f"({locked.get_status_display().lower()} by {_name(locked.handled_by)})."
            )
        locked.status = status
        locked.reply = reply.strip()
        locked.handled_by = user
        locked.handled_at = timezone.now()
        locked.save(update_fields=["status", "reply", "handled_by", "handled_at"])
        writer = locked.requested_by
        if writer is not None and writer.email:
            subject, body = answer_mail(locked)
            delivery_queue_prepared(kind=ANSWER_MAIL, to=writer.email, subject=subject, body=body)
    return locked


def answer_mail(request):
    """The subject and text of the mail telling a writer what became of their request."""
    requestable = REQUESTABLE[request.kind]
    editor = _name(request.handled_by)
    if request.status == CatalogueRequest.Status.DONE:
        subject = f"Added to the catalogue: {request.subject}"
        lines = [
            f"{editor} added the {requestable.noun} you asked for, “{request.subject}”.",
            f"Type its title in the {requestable.noun} picker of your article to attach it.",
        ]
    else:
        subject = f"Not added to the catalogue: {request.subject}"
        lines = [f"{editor} declined your request for the {requestable.noun} “{request.subject}”."]
    if request.reply:
        lines += ["", f"{editor} wrote:", request.reply]
    if request.article_id:
        link = settings.SITE_URL + reverse(
            "admin:articles_article_change", args=[request.article_id]
        )
        lines += ["", f"Your article, “{request.article.title}”:", link]
    return subject, "\n".join(lines) + "\n"


def register_mail_kinds():
    mail_kinds.register(mail_kinds.MailKind(ANSWER_MAIL, "Catalogue request answered"))
