"""Pickers of catalogue records a user may not add say who can, and offer to ask for one.

Django drops the "+" beside a picker whose model the user may not add, and select2 then says
only "No results found". Here each such picker gets a line under it (so it reads without
JavaScript): "Editors add productions. Ask for a production to be added", the link opening
the request form in a new tab so nothing typed in the article is lost. The same words ride on
the select as data attributes for `static/admin/marquee/pickers.js`, which puts them in place
of select2's "No results found" and carries the typed title over to the request link.
"""

import copy
from urllib.parse import urlencode

from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..catalogue_requests import ADD_PERMISSION, REQUESTABLE_MODELS
from ..models import CatalogueRequest
from ..roles import ROLE_NAMES

#: Apps whose records a writer picks but may be refused to add: the catalogue.
GUIDED_APPS = {"productions", "people"}


def guide_pickers(form_class, *, user, article=None):
    """Add the "who can add it, and how to ask" line to every picker `user` cannot add to.

    `form_class` is one request's own class (the admin builds it anew for every request), so
    changing its fields changes nothing for anyone else."""
    refused = {}
    for name, field in form_class.base_fields.items():
        widget = field.widget
        if not isinstance(widget, RelatedFieldWidgetWrapper):
            continue
        model = field.queryset.model
        opts = model._meta
        if opts.app_label in GUIDED_APPS and not user.has_perm(
            f"{opts.app_label}.add_{opts.model_name}"
        ):
            refused[name] = model
    if not refused:
        return form_class
    adders = _roles_adding(refused.values())
    may_ask = user.has_perm(ADD_PERMISSION)
    asked = _asked_for(user, article) if may_ask else {}
    for name, model in refused.items():
        if name in getattr(form_class, "declared_fields", {}):
            # A field declared on the form class is shared by every request: change a copy.
            form_class.base_fields[name] = copy.deepcopy(form_class.base_fields[name])
        field = form_class.base_fields[name]
        who = _who_adds(model, adders.get(model._meta.model_name, []))
        requestable = REQUESTABLE_MODELS.get(model) if may_ask else None
        ask_url = ask_label = ""
        if requestable is not None:
            query = {"kind": requestable.kind}
            if article is not None and article.pk:
                query["article"] = article.pk
            ask_url = reverse("admin:articles_cataloguerequest_add") + "?" + urlencode(query)
            ask_label = f"Ask for {with_article(requestable.noun)} to be added"
            line = format_html(
                '<span class="mq-picker-guide">{} <a href="{}" class="mq-ask" target="_blank" '
                'data-term-field="{}">{}</a> (opens in a new tab){}</span>',
                who,
                ask_url,
                requestable.search_term_field,
                ask_label,
                format_html_join(
                    "",
                    ' <span class="mq-picker-asked mq-request--{}">{}</span>',
                    (
                        (request.status, _asked_sentence(request))
                        for request in asked.get(requestable.kind, [])
                    ),
                ),
            )
        else:
            line = format_html('<span class="mq-picker-guide">{}</span>', who)
        field.help_text = format_html("{} {}", field.help_text, line) if field.help_text else line
        field.widget.widget.attrs.update(
            {
                "data-mq-who": who,
                "data-mq-noun": str(model._meta.verbose_name),
                "data-mq-ask": ask_label,
            }
        )
    return form_class


def _asked_for(user, article):
    """{kind: [requests]} this user sent for this article, newest first: one query."""
    if article is None or not article.pk:
        return {}
    asked = {}
    for request in CatalogueRequest.objects.filter(article=article, requested_by=user).order_by(
        "-created_at", "-pk"
    ):
        asked.setdefault(request.kind, []).append(request)
    return asked


#: What the writer reads under the picker about a request they sent for this article.
ASKED_WORDS = {
    CatalogueRequest.Status.OPEN: "You asked for “{}”: waiting for an editor.",
    CatalogueRequest.Status.DONE: "“{}” was added: pick it here.",
    CatalogueRequest.Status.DECLINED: "Your request for “{}” was declined (see your mail).",
}


def _asked_sentence(request):
    return ASKED_WORDS[request.status].format(request.subject)


def with_article(noun):
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _roles_adding(models):
    """{model name: [role names]} of the editorial roles that may add each model: one query."""
    codenames = {f"add_{model._meta.model_name}": model._meta.model_name for model in models}
    rows = Permission.objects.filter(
        codename__in=codenames,
        content_type__app_label__in={model._meta.app_label for model in models},
        group__name__in=ROLE_NAMES,
    ).values_list("codename", "group__name")
    roles = {}
    for codename, role in rows:
        roles.setdefault(codenames[codename], []).append(role)
    return {name: sorted(set(found)) for name, found in roles.items()}


def _who_adds(model, roles):
    plural = str(model._meta.verbose_name_plural)
    if not roles:
        return f"Only an administrator adds {plural}."
    return f"{' and '.join(f'{role}s' for role in roles)} add {plural}."
