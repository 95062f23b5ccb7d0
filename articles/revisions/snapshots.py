"""An article's state in words, as a revision kept it or as it is stored now: its fields, its
relations and each block's fields, with names rather than ids."""

import datetime
import html
import json
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags

from reversion.models import Version

from ..blocks import registry as block_registry
from ..models import Article, ArticleBlock, Correction
from ..richtext import RichTextField
from . import names as revision_names

#: The article's own fields an editor compares: every one the form edits, in model order.
COMPARED_FIELDS = [
    model_field
    for model_field in Article._meta.concrete_fields
    if model_field.editable and not model_field.primary_key
]
#: A public correction's fields an editor compares (its article aside).
CORRECTION_FIELDS = [
    model_field
    for model_field in Correction._meta.concrete_fields
    if model_field.editable and not model_field.primary_key and model_field.name != "article"
]
#: Where a model field's own name is not what the form calls it.
FIELD_LABELS = {
    "hero_alt": "hero alt text",
    "hero_credit": "hero credit",
    "publish_at": "publish time",
    "seo_title": "SEO title",
    "review_scale": "review scale",
    "review_score": "review score",
    "review_verdict": "review verdict",
    "reviewed_production": "reviews the production",
    "reviewed_season": "reviews the season",
    "reviewed_episode": "reviews the episode",
    "seo_description": "SEO description",
}


@dataclass(frozen=True)
class Relation:
    """One line of a comparison gathering many-to-many fields: "Covers: + Missing You S1E5"."""

    label: str
    fields: tuple


#: Every many-to-many field of an article, each in exactly one line (a test keeps it so).
RELATIONS = (
    Relation("Byline", ("contributors",)),
    Relation("Desk access", ("authors",)),
    Relation("Covers", ("productions", "episodes")),
    Relation("People", ("people",)),
    Relation("Tags", ("tags",)),
    Relation("Verdict sources", ("verdict_sources",)),
)

#: Closing tags after which rich text reads as a new sentence, not a glued-on word.
_BLOCK_END = re.compile(r"(</(?:p|li|h3|h4|td|th|blockquote|pre|tr)>|<br\s*/?>)", re.IGNORECASE)
_LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL)


def readable_text(markup):
    """Rich text as the words an editor compares, links with their address: "Netflix (https://…)"."""
    markup = _LINK.sub(lambda match: f"{match[2]} ({match[1]})", markup or "")
    return " ".join(html.unescape(strip_tags(_BLOCK_END.sub(r"\1 ", markup))).split())


class _Names:
    """Names of picked rows for one revision: as recorded with it, else as they are now."""

    def __init__(self, recorded, now):
        self.recorded, self.now = recorded or {}, now

    def pick(self, model_field, pk):
        if pk in (None, ""):
            return ""
        name = self.recorded.get(model_field.name, {}).get(str(pk))
        if name is None:
            name = self.now.get(model_field.remote_field.model, {}).get(str(pk))
        return name if name is not None else f"#{pk} (deleted since)"


def is_prose(model_field):
    """Whether editors read a change to it word by word (a title, a text), rather than as one
    value replaced by another (a pick, a choice, a date)."""
    plain = not (model_field.is_relation or model_field.choices)
    return plain and isinstance(model_field, models.CharField | models.TextField)


def _display(model_field, values, names):
    """A stored value in words; None when this revision did not keep the field."""
    if model_field.attname not in values:
        return None
    value = values[model_field.attname]
    if model_field.is_relation:
        return names.pick(model_field, value)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    # Revisions store times to the millisecond; editors compare them to the minute.
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d %b %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d %b %Y}"
    if isinstance(model_field, RichTextField):
        return readable_text(value)
    return " ".join(str(value).split()) if "\n" in str(value) else str(value)


@dataclass
class BlockState:
    """One block as a revision kept it: where it stood, its kind, and its fields in words."""

    position: int
    kind: str
    label: str
    values: dict  # field name -> words, or None when not recorded
    picked: dict = field(default_factory=dict)  # field name -> id of the row it picks
    number: int = 0  # its place as editors count: 1 for the first block

    @property
    def spec(self):
        return block_registry.get(self.kind)

    @property
    def headline(self):
        """What it holds, in a few words, to tell it from its neighbours: the fields its kind
        names its admin title bar by first (a heading's text), then any filled one."""
        named = self.spec.title_fields if self.spec else ()
        for words in [*(self.values.get(name) for name in named), *self.values.values()]:
            if words:
                return words if len(words) <= 80 else f"{words[:79]}…"
        return ""


def _block_state(values, names):
    spec = block_registry.get(values.get("kind"))
    if spec is None:
        # A revision saved before its kind was retired: its kind's name is all that is known.
        return BlockState(values.get("position", 0), values.get("kind"), values.get("kind"), {})
    model_fields = [ArticleBlock._meta.get_field(name) for name in spec.form_fields]
    words = {f.name: _display(f, values, names) for f in model_fields}
    position = values.get("position", 0)
    return BlockState(position, spec.name, spec.label, words, _picked(model_fields, values))


def _picked(model_fields, values):
    """The ids behind the names: a pick is the same row even when its name changed since."""
    return {
        f.name: values[f.attname] for f in model_fields if f.is_relation and f.attname in values
    }


@dataclass
class Snapshot:
    """An article's comparable state: its fields, its relations and its blocks, in words."""

    fields: dict  # field name -> words, or None when not recorded
    picked: dict  # field name -> id, for the fields that pick a row (the hero image)
    relations: dict  # relation label -> {key: name}, or None when not recorded
    blocks: dict = field(default_factory=dict)  # uid -> BlockState
    corrections: dict = field(default_factory=dict)  # id -> {field name: words}


def _snapshot(values, block_values, record, now, correction_values=()):
    names = _Names(record and record["picked"], now)
    fields = {f.name: _display(f, values, names) for f in COMPARED_FIELDS}
    relations = {}
    for relation in RELATIONS:
        items = {}
        for name in relation.fields:
            pairs = (record or {}).get("relations", {}).get(name)
            if pairs is None:
                if not isinstance(values.get(name), list | tuple):
                    # Never kept (tags: taggit's field is not serialised) or kept as something
                    # that is not a list of ids.
                    items = None
                    break
                model = Article._meta.get_field(name).remote_field.model
                known = now.get(model, {})
                pairs = [(pk, known.get(str(pk), f"#{pk} (deleted since)")) for pk in values[name]]
            items.update({f"{name}:{pk}": label for pk, label in pairs})
        relations[relation.label] = items
    blocks = {str(v["uid"]): _block_state(v, names) for v in block_values}
    # Stored positions step by 10 (room to insert); editors count blocks 1, 2, 3.
    for number, state in enumerate(sorted(blocks.values(), key=lambda b: b.position), start=1):
        state.number = number
    corrections = {
        str(v["id"]): {f.name: _display(f, v, names) for f in CORRECTION_FIELDS}
        for v in correction_values
    }
    picked = _picked(COMPARED_FIELDS, values)
    return Snapshot(fields, picked, relations, blocks, corrections)


def _wanted_now(values, block_values, record):
    """The ids a revision without recorded names points at, by model, to look up as now."""
    wanted = {}
    if record is not None:
        return wanted
    for model_field in revision_names.many_fields():
        ids = values.get(model_field.name)
        ids = ids if isinstance(ids, list | tuple) else ()
        wanted.setdefault(model_field.remote_field.model, set()).update(ids)
    for pick in revision_names.article_picks():
        wanted.setdefault(pick.remote_field.model, set()).add(values.get(pick.attname))
    for model_field in revision_names.block_picks():
        ids = {block.get(model_field.attname) for block in block_values}
        wanted.setdefault(model_field.remote_field.model, set()).update(ids)
    return wanted


def _kept_values(version):
    """A version's values, without the fields it never stored: reversion fills those with the
    model's defaults, which would read as an edit ("SEO title: − Old title")."""
    values = dict(version.field_dict)
    if version.format != "json":
        return values
    stored = json.loads(version.serialized_data)[0]["fields"]
    model = ContentType.objects.get_for_id(version.content_type_id).model_class()
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if model_field.name not in stored and not model_field.primary_key:
            values.pop(model_field.attname, None)
    return values


def snapshots_of_versions(versions):
    """Snapshots of revisions of one article, in order, in a number of queries that does not
    grow with their blocks or relations."""
    block_type = ContentType.objects.get_for_model(ArticleBlock)
    correction_type = ContentType.objects.get_for_model(Correction)
    records = revision_names.records_for(
        [version.revision_id for version in versions], versions[0].object_id if versions else 0
    )
    parts, wanted = [], {}
    for version in versions:
        values = _kept_values(version)
        children = {block_type.pk: [], correction_type.pk: []}
        for child in Version.objects.filter(
            revision_id=version.revision_id, content_type__in=list(children)
        ):
            kept = _kept_values(child)
            if kept.get("article_id") == values.get("id"):
                children[child.content_type_id].append(kept)
        block_values = children[block_type.pk]
        record = records.get(version.revision_id)
        record = record and {"relations": record.relations, "picked": record.picked}
        for model, ids in _wanted_now(values, block_values, record).items():
            wanted.setdefault(model, set()).update(ids)
        parts.append((values, block_values, record, children[correction_type.pk]))
    now = revision_names.names_now(wanted)
    return [_snapshot(*part[:3], now, part[3]) for part in parts]


def snapshot_of_version(version):
    return snapshots_of_versions([version])[0]


def snapshot_of_article(article):
    """The article as it is stored now, named as a revision saved now would name it."""
    article = Article.objects.get(pk=article.pk)
    record = revision_names.names_of_article(article)
    values = {f.attname: getattr(article, f.attname) for f in COMPARED_FIELDS}
    attnames = [f.attname for f in ArticleBlock._meta.concrete_fields]
    block_values = list(ArticleBlock.objects.filter(article=article).values(*attnames))
    corrections = Correction.objects.filter(article=article)
    correction_values = list(corrections.values("id", *(f.attname for f in CORRECTION_FIELDS)))
    return _snapshot(values, block_values, record, {}, correction_values)


def field_label(model_field):
    """What editors call an article field: "SEO title", "Publish time", "Standfirst"."""
    label = FIELD_LABELS.get(model_field.name, str(model_field.verbose_name))
    return label[:1].upper() + label[1:]
