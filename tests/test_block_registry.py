"""Every registered block kind works end to end, and no code outside the registry names one.

Nothing here names a kind: samples are built from each kind's declared fields and the
model's field types, so a new kind is tested the moment it is registered.
"""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, models, transaction

import pytest

from articles.blocks import registry
from articles.models import Article, ArticleBlock
from articles.revisions import snapshot_of_article
from images.models import Image
from people.models import Quote, Source
from productions.models import Episode, Production
from tests.factories import (
    ArticleFactory,
    EpisodeFactory,
    ProductionFactory,
    QuoteFactory,
    SourceFactory,
    library_image,
    png_file,
)
from tests.workflow_forms import ADD_URL

pytestmark = pytest.mark.django_db

KIND_NAMES = registry.names
ROOT = Path(settings.BASE_DIR)


def sample_value(name):
    """A plausible value for payload field `name`, chosen by the model field's type."""
    model_field = ArticleBlock._meta.get_field(name)
    if model_field.choices:
        return model_field.choices[0][0]
    if isinstance(model_field, models.DateField):
        return datetime.date(2026, 1, 1)
    if isinstance(model_field, models.FileField):
        return png_file(f"{name}.png")
    if model_field.is_relation:
        if model_field.related_model is Quote:
            return QuoteFactory()
        if model_field.related_model is Article:
            return ArticleFactory(published=True)
        if model_field.related_model is Source:
            return SourceFactory()
        if model_field.related_model is Episode:
            return EpisodeFactory()
        if model_field.related_model is Image:
            return library_image(f"{name}.png")
        if model_field.related_model is Production:
            return ProductionFactory()
        raise AssertionError(f"No sample for a relation to {model_field.related_model}.")
    return f"Sample words for the {name.replace('_', ' ')} field"


def stored_value(name):
    """What the database column holds for a filled field (a file is stored as its name)."""
    if isinstance(ArticleBlock._meta.get_field(name), models.FileField):
        return f"articles/blocks/{name}.png"
    return sample_value(name)


def empty_value(name):
    return None if ArticleBlock._meta.get_field(name).is_relation else ""


def is_text(name):
    model_field = ArticleBlock._meta.get_field(name)
    return isinstance(model_field, models.CharField | models.TextField) and not model_field.choices


def make_block(kind_name, **extra):
    """A well-formed block of `kind_name` on a new published article, every field filled."""
    spec = registry[kind_name]
    values = {name: sample_value(name) for name in spec.form_fields}
    article = extra.pop("article", None) or ArticleFactory(published=True)
    return ArticleBlock.objects.create(article=article, kind=spec.name, **values, **extra)


@pytest.fixture(params=KIND_NAMES)
def kind_name(request):
    return request.param


def test_every_kind_renders_on_the_article_page_with_its_own_template(client, kind_name):
    block = make_block(kind_name)

    response = client.get(block.article.get_absolute_url())

    assert response.status_code == 200
    assert registry[kind_name].template in [template.name for template in response.templates]
    assert f'id="block-{block.uid}"' in response.content.decode()


def test_every_kind_counts_the_words_of_its_text_fields(kind_name):
    block = make_block(kind_name)
    text_fields = [name for name in registry[kind_name].form_fields if is_text(name)]

    if text_fields:
        assert block.plain_text.strip()
        assert block.word_count == len(block.plain_text.split()) > 0
    else:
        assert block.word_count == len(block.plain_text.split())


def test_every_kind_is_named_by_its_label_in_revision_comparisons(kind_name):
    block = make_block(kind_name)

    state = snapshot_of_article(block.article).blocks[str(block.uid)]

    assert state.label == registry[kind_name].label
    assert list(state.values) == list(registry[kind_name].form_fields)


@pytest.mark.parametrize("kind_name", [kind.name for kind in registry if kind.required])
def test_database_refuses_a_block_missing_what_its_kind_requires(kind_name):
    spec = registry[kind_name]
    block = make_block(kind_name)

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleBlock.objects.filter(pk=block.pk).update(
            **{spec.required[0]: empty_value(spec.required[0])}
        )


def test_database_refuses_a_block_holding_another_kinds_field(kind_name):
    spec = registry[kind_name]
    foreign = [name for name in registry.payload_fields() if name not in spec.fields]
    block = make_block(kind_name)

    for name in foreign:
        value = stored_value(name)
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleBlock.objects.filter(pk=block.pk).update(**{name: value})


def test_every_kind_is_offered_in_the_admin_with_its_fields(client, editor, kind_name):
    client.force_login(editor)

    html = client.get(ADD_URL).content.decode()

    assert f'<option value="{kind_name}">' in html
    if registry[kind_name].form_fields:
        assert re.search(rf'<fieldset class="[^"]*\bmq-for-{kind_name}\b', html)


def test_relation_fields_of_the_registry_match_the_model():
    from articles.blocks.base import RELATION_FIELDS

    fields = {name for kind in registry for name in kind.form_fields}
    relations = {name for name in fields if ArticleBlock._meta.get_field(name).is_relation}

    assert relations <= RELATION_FIELDS
    assert not (fields - relations) & RELATION_FIELDS


def test_kind_choices_follow_the_registry_order():
    assert [value for value, _label in ArticleBlock.Kind.choices] == KIND_NAMES
    assert [label for _value, label in ArticleBlock.Kind.choices] == [k.label for k in registry]


def test_blocks_folder_holds_exactly_one_template_per_kind():
    folder = ROOT / "templates" / "blocks"

    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"{name}.html" for name in KIND_NAMES
    )


# --- No code outside articles/blocks/ knows the kinds by name -----------------------------

#: Kind names that are also field names ("quote", "image"…) are only caught when compared
#: with a kind; the others are caught as any quoted string.
_FIELD_NAMES = {model_field.name for model_field in ArticleBlock._meta.get_fields()}
_ALL = "|".join(map(re.escape, KIND_NAMES))
_ONLY_KINDS = "|".join(map(re.escape, [name for name in KIND_NAMES if name not in _FIELD_NAMES]))
OFFENCES = [
    re.compile(rf"\bkind\s*(?:==|!=|=|\bin\b)\s*[\[({{]?\s*[\"']({_ALL})[\"']"),
    re.compile(rf"[\"']({_ALL})[\"']\s*(?:==|!=)\s*[\w.]*kind\b"),
    re.compile(r"\bblock\w*\.kind\s*(?:==|!=)"),
    re.compile(r"\.kind\s*(?:==|!=)\s*ArticleBlock\.Kind\."),
    re.compile(r"\bgroup\.kind\s*(?:==|!=)"),
    re.compile(rf"\bmq-for-({_ALL})\b"),
]
if _ONLY_KINDS:
    OFFENCES.append(re.compile(rf"(?<![\w-])[\"']({_ONLY_KINDS})[\"']"))

_SKIPPED_DIRS = {"tests", "migrations", "templates", "static", "media", "docs", "node_modules"}


def _project_files():
    """Project .py files outside tests/, migrations and articles/blocks/; templates outside
    templates/blocks/; the hand-written JavaScript."""
    for path in sorted(ROOT.glob("*.py")):
        yield path
    for top in sorted(ROOT.iterdir()):
        if not top.is_dir() or top.name.startswith(".") or top.name in _SKIPPED_DIRS:
            continue
        for path in sorted(top.rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" in parts or parts[:2] == ("articles", "blocks"):
                continue
            yield path
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if path.relative_to(ROOT).parts[:2] != ("templates", "blocks"):
            yield path
    for folder in (ROOT / "static" / "js", ROOT / "static" / "admin"):
        yield from sorted(folder.rglob("*.js"))


def test_no_code_outside_the_registry_names_or_compares_a_block_kind():
    offenders = []
    for path in _project_files():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if any(pattern.search(line) for pattern in OFFENCES):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")

    assert not offenders, "Block kinds named outside articles/blocks/:\n" + "\n".join(offenders)


def test_the_scan_catches_a_kind_named_in_a_comparison():
    name = KIND_NAMES[0]

    assert any(pattern.search(f'if block.kind == "{name}":') for pattern in OFFENCES)
    assert any(pattern.search(f"{{% if block.kind == '{name}' %}}") for pattern in OFFENCES)
    assert any(pattern.search(f'ArticleBlock(kind="{name}")') for pattern in OFFENCES)
