"""Readable comparisons between two saved revisions of an article (fields and blocks)."""

import datetime
import difflib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .blocks import registry as block_registry
from .models import Article, ArticleBlock

#: The article fields an editor cares to compare, in the order of the form.
COMPARED_FIELDS = [
    "title",
    "slug",
    "standfirst",
    "kind",
    "status",
    "publish_at",
    "hero_image",
    "hero_alt",
    "hero_credit",
    "verdict",
    "verdict_summary",
    "seo_title",
    "seo_description",
    "review_by",
    "is_featured",
    "allow_comments",
]


def _display(model, name, value):
    model_field = model._meta.get_field(name)
    if model_field.choices and value not in (None, ""):
        return str(dict(model_field.flatchoices).get(value, value))
    if value in (None, ""):
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.is_relation:
        # A picked row (the hero image) by what editors know it as, not its number.
        picked = model_field.related_model._default_manager.filter(pk=value).first()
        return str(picked) if picked is not None else f"#{value} (deleted)"
    # Revisions store times to the millisecond; editors compare them to the minute.
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d %b %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d %b %Y}"
    return str(value)


def block_summary(values):
    """The kind's label and one line of text saying what a block holds, from its stored values."""
    kind = values.get("kind")
    spec = block_registry.get(kind)
    if spec is None:
        # A revision saved before its kind was retired: show what is known.
        return kind, ""
    attnames = {model_field.attname for model_field in ArticleBlock._meta.concrete_fields}
    block = ArticleBlock(**{name: value for name, value in values.items() if name in attnames})
    return spec.label, " ".join(spec.summary(block).split())


@dataclass
class Snapshot:
    """An article's comparable state: field values and its blocks keyed by stable uid."""

    fields: dict
    blocks: dict = field(default_factory=dict)  # uid -> (position, label, text)


def snapshot_of_version(version):
    values = version.field_dict
    fields = {name: _display(Article, name, values.get(name)) for name in COMPARED_FIELDS}
    block_type = ContentType.objects.get_for_model(ArticleBlock)
    blocks = {}
    for block_version in version.revision.version_set.filter(content_type=block_type):
        block_values = block_version.field_dict
        if block_values.get("article_id") != values.get("id"):
            continue
        blocks[str(block_values["uid"])] = (block_values["position"], *block_summary(block_values))
    return Snapshot(fields=fields, blocks=blocks)


def snapshot_of_article(article):
    fields = {
        name: _display(Article, name, getattr(article, Article._meta.get_field(name).attname))
        for name in COMPARED_FIELDS
    }
    blocks = {}
    for block in article.blocks.all():
        values = {f.attname: getattr(block, f.attname) for f in ArticleBlock._meta.concrete_fields}
        blocks[str(block.uid)] = (block.position, *block_summary(values))
    return Snapshot(fields=fields, blocks=blocks)


def word_diff(old, new):
    """HTML marking removed words with <del> and added words with <ins>."""
    old_words, new_words = old.split(), new.split()
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    # Safe: every word went through escape() above.
    return mark_safe(" ".join(out))


@dataclass
class Comparison:
    field_changes: list  # (label, old, new, diff_html)
    block_changes: list  # (change, position, label, diff_html)

    @property
    def has_changes(self):
        return bool(self.field_changes or self.block_changes)


def compare(old, new):
    """What changed from snapshot `old` to snapshot `new`, ready for a template."""
    field_changes = []
    for name in COMPARED_FIELDS:
        before, after = old.fields.get(name, ""), new.fields.get(name, "")
        if before != after:
            label = Article._meta.get_field(name).verbose_name.capitalize()
            field_changes.append((label, before, after, word_diff(before, after)))
    block_changes = []
    for uid, (position, label, text) in new.blocks.items():
        if uid not in old.blocks:
            block_changes.append(("added", position, label, word_diff("", text)))
            continue
        old_position, old_label, old_text = old.blocks[uid]
        if old_text != text or old_label != label:
            block_changes.append(("edited", position, label, word_diff(old_text, text)))
        elif old_position != position:
            block_changes.append(("moved", position, label, escape(text)))
    for uid, (position, label, text) in old.blocks.items():
        if uid not in new.blocks:
            block_changes.append(("removed", position, label, word_diff(text, "")))
    block_changes.sort(key=lambda change: change[1])
    return Comparison(field_changes=field_changes, block_changes=block_changes)


#: What the history says of a save that changed nothing.
NO_CHANGES = "Saved with no changes."


def count_of(number, noun):
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def describe_edit(change_message):
    """An admin save in words, from Django's change message: "Changed title, 2 blocks."

    Only what really changed is named ("" when nothing did): the article's own fields
    by name, its blocks and corrections by number.
    """
    fields, counts = [], {}
    for entry in change_message or []:
        for verb, details in entry.items():
            name = details.get("name")
            if name is None:
                fields += [str(label).lower() for label in details.get("fields", [])]
                continue
            noun = "block" if "block" in name else str(name).split()[-1]
            counts[(verb, noun)] = counts.get((verb, noun), 0) + 1
    changed = fields + [
        count_of(n, noun) for (verb, noun), n in counts.items() if verb == "changed"
    ]
    parts = []
    if changed:
        parts.append("Changed " + ", ".join(changed))
    for verb, word in (("added", "added"), ("deleted", "removed")):
        nouns = [count_of(n, noun) for (v, noun), n in counts.items() if v == verb]
        if nouns:
            parts.append(f"{word} " + ", ".join(nouns))
    if not parts:
        return ""
    sentence = "; ".join(parts)
    return f"{sentence[0].upper()}{sentence[1:]}."
