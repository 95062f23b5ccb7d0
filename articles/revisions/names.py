"""The names an article's revision points at: recorded beside each revision as it is saved
(`RevisionNames`), and looked up as they are now for revisions saved before that record."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from .. import workflow
from ..blocks import registry
from ..models import Article, ArticleBlock, RevisionNames

#: What a model's name reads through, loaded with the rows so naming many costs one query.
NAMED_THROUGH = {
    "productions.episode": ("season__production",),
    "productions.season": ("production",),
    "people.quote": ("speaker",),
}


def many_fields():
    """The article's many-to-many fields (byline, desk access, covers, people, tags, sources)."""
    return list(Article._meta.many_to_many)


def article_picks():
    """The article's own single picks that editors set (the hero image), as model fields."""
    return [
        model_field
        for model_field in Article._meta.concrete_fields
        if model_field.is_relation and model_field.editable
    ]


def block_picks():
    """Every block field some kind picks a row with (quote, image, spoils up to…), in
    registry order."""
    names = dict.fromkeys(name for kind in registry for name in kind.form_fields)
    fields = [ArticleBlock._meta.get_field(name) for name in names]
    return [model_field for model_field in fields if model_field.is_relation]


def name_of(row):
    """What editors call a row: a colleague by the desk's name for them, the rest as shown."""
    if isinstance(row, get_user_model()):
        return workflow.staff_name(row)
    return str(row)


def names_now(wanted):
    """{model: {str(id): name}} for `wanted` ({model: ids}), as the rows are now: one query a
    model. A row deleted since is simply absent."""
    found = {}
    for model, ids in wanted.items():
        ids = {pk for pk in ids if pk not in (None, "")}
        if not ids:
            continue
        rows = model._base_manager.filter(pk__in=ids)
        through = NAMED_THROUGH.get(model._meta.label_lower)
        if through:
            rows = rows.select_related(*through)
        found[model] = {str(row.pk): name_of(row) for row in rows}
    return found


def names_of_article(article):
    """What a revision of `article` saved now records: `relations` ([[id, name], …] per
    many-to-many field) and `picked` ({id: name} per single pick, the blocks' included)."""
    relations = {}
    for model_field in many_fields():
        rows = getattr(article, model_field.name).all()
        through = NAMED_THROUGH.get(model_field.remote_field.model._meta.label_lower)
        if through:
            rows = rows.select_related(*through)
        pairs = sorted(([row.pk, name_of(row)] for row in rows), key=lambda pair: pair[1])
        relations[model_field.name] = pairs
    chosen = {pick: {getattr(article, pick.attname)} for pick in article_picks()}
    attnames = [model_field.attname for model_field in block_picks()]
    blocks = list(ArticleBlock.objects.filter(article=article).values(*attnames))
    for model_field in block_picks():
        chosen[model_field] = {values[model_field.attname] for values in blocks}
    wanted = {}
    for model_field, ids in chosen.items():
        wanted.setdefault(model_field.remote_field.model, set()).update(ids)
    found = names_now(wanted)
    picked = {}
    for model_field, ids in chosen.items():
        named = found.get(model_field.remote_field.model, {})
        picked[model_field.name] = {str(pk): named[str(pk)] for pk in ids if str(pk) in named}
    return {"relations": relations, "picked": picked}


def records_for(revision_ids, article_pk):
    """{revision id: RevisionNames} of one article, in one query."""
    records = RevisionNames.objects.filter(revision_id__in=revision_ids, article_pk=article_pk)
    return {record.revision_id: record for record in records}


def record_revision_names(sender, revision, versions, **kwargs):
    """Keep beside each article in `revision` the names it points at now (reversion's
    `post_revision_commit`): every path that keeps a revision passes through it."""
    article_type = ContentType.objects.get_for_model(Article)
    ids = {int(v.object_id) for v in versions if v.content_type_id == article_type.pk}
    for article in Article.objects.filter(pk__in=ids):
        RevisionNames.objects.create(
            revision=revision, article_pk=article.pk, **names_of_article(article)
        )
