"""Dependencies point one way, through a small layered graph:

    plumbing      core, images, outbox
        ↑
    catalogue     productions, people (people may import productions)
        ↑
    editorial     articles
        ↑
    engagement    discussion, members (members may import discussion)
        ↑
    edges         reader, api, desk, exchange (siblings: never one another)
        ↑
    config

A module may import its own app and the apps `MAY_IMPORT` lists for it, nothing else: not
at the top of the file, not inside a function, not by a string (`import_module`, a lazy
"app.Model" relation), and not by reflection through the ORM. Plumbing apps import only
`core`. config/urls.py only includes the apps' URLs and the admin.
"""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import URLResolver

import pytest

ROOT = Path(__file__).resolve().parent.parent

PLUMBING = {"core", "images", "outbox"}
CATALOGUE = {"productions", "people"}
EDITORIAL = {"articles", "pages"}
ENGAGEMENT = {"discussion", "members"}
EDGES = {"reader", "api", "desk", "exchange"}
BELOW_EDGES = PLUMBING | CATALOGUE | EDITORIAL | ENGAGEMENT

#: Which project apps each app may import (besides itself). Read a row as "X may use …".
MAY_IMPORT = {
    # plumbing: what every app shares and none owns
    "core": set(),
    "images": {"core"},
    "outbox": {"core"},
    # catalogue: what explainers are about
    "productions": PLUMBING,
    "people": PLUMBING | {"productions"},
    # editorial: standing pages sit beside explainers and may use them (slugs, corrections)
    "articles": PLUMBING | CATALOGUE,
    "pages": PLUMBING | CATALOGUE | {"articles"},
    # engagement: readers taking part
    "discussion": PLUMBING | CATALOGUE | EDITORIAL,
    "members": PLUMBING | CATALOGUE | EDITORIAL | {"discussion"},
    # edges: siblings that never import each other
    "reader": BELOW_EDGES,
    "api": BELOW_EDGES,
    "desk": BELOW_EDGES,
    "exchange": BELOW_EDGES,
    # the project's configuration sees every app
    "config": BELOW_EDGES | EDGES,
}
APPS = list(MAY_IMPORT)
#: Project code never imports the test suite.
PROJECT_PACKAGES = set(APPS) | {"tests"}

#: Edge → edge imports in files another change is rewriting: each entry goes with that change.
#: Delete an entry once its import is gone; add none (an edge needs something from a sibling:
#: move it down a layer).
RELATION_FIELDS = {"ForeignKey", "ManyToManyField", "OneToOneField"}


def project_modules():
    """(dotted module name, path) of every Python file in the apps, migrations left out."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def _name(node):
    """The last name of a call's target: `import_module` for `importlib.import_module(...)`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def _first_string(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def imported_modules(module, source, *, is_package=False):
    """(line, dotted name) of everything `source` imports, wherever in the file it does it."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield node.lineno, target
        elif isinstance(node, ast.Call):
            name, text = _name(node.func), _first_string(node)
            if text is None:
                continue
            if name in {"import_module", "__import__"}:
                yield node.lineno, text
            elif name in RELATION_FIELDS and text.count(".") == 1:
                # A lazy relation, "people.Person", reaches the app as surely as an import.
                yield node.lineno, text.split(".")[0]


def reflection(source):
    """Lines that reach a model without importing it: get_field(...).related_model, get_model."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        if (
            node.attr == "related_model"
            and isinstance(node.value, ast.Call)
            and _name(node.value.func) == "get_field"
        ):
            yield node.lineno, "_meta.get_field(...).related_model"
        if node.attr == "get_model" and _name(node.value) == "apps":
            yield node.lineno, "apps.get_model"


def violations(module, source, *, is_package=False):
    """Every import in `source` of a project app that `module`'s app may not import."""
    app = module.split(".")[0]
    found = []
    for line, target in imported_modules(module, source, is_package=is_package):
        other = target.split(".")[0]
        if other in PROJECT_PACKAGES and other != app and other not in MAY_IMPORT[app]:
            found.append(f"{module}:{line} imports {target}")
    return found


def test_the_project_modules_are_found():
    modules = dict(project_modules())

    assert {"articles.models", "discussion.http", "reader.views.articles", "config.urls"} <= set(
        modules
    )
    assert not any(".migrations" in module for module in modules)


def test_every_app_in_the_graph_is_installed_and_every_installed_app_is_in_the_graph():
    installed = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    project = {path.parent.name for path in ROOT.glob("*/apps.py")}

    assert project <= set(APPS)
    assert set(APPS) - {"config"} <= installed


def test_no_app_imports_an_app_it_may_not():
    found = []
    for module, path in project_modules():
        source = path.read_text()
        found += violations(module, source, is_package=path.name == "__init__.py")

    assert not found, found


def test_no_app_reaches_another_app_by_reflection():
    found = [
        f"{module}:{line} uses {what}"
        for module, path in project_modules()
        for line, what in reflection(path.read_text())
    ]

    assert not found


def test_an_import_inside_a_function_climbing_up_is_caught():
    source = "def page():\n    from reader.views import HomeView\n    return HomeView\n"

    assert violations("articles.services", source) == ["articles.services:2 imports reader.views"]


def test_two_edges_importing_each_other_are_caught():
    reader_source = "from exchange.models import LegacyURL\n"
    exchange_source = "def redirect():\n    from reader.views import HomeView\n"

    assert violations("reader.middleware", reader_source) == [
        "reader.middleware:1 imports exchange.models"
    ]
    assert violations("exchange.services", exchange_source) == [
        "exchange.services:2 imports reader.views"
    ]


def test_a_lower_layer_reaching_up_and_a_sibling_in_a_layer_are_caught():
    assert violations("core.http", "from discussion import http\n") == [
        "core.http:1 imports discussion"
    ]
    assert violations("outbox.services", "import discussion.models\n") == [
        "outbox.services:1 imports discussion.models"
    ]
    assert violations("discussion.limits", "from members.limits import rate\n") == [
        "discussion.limits:1 imports members.limits"
    ]
    assert violations("productions.models", "from people.models import Person\n") == [
        "productions.models:1 imports people.models"
    ]
    assert violations("members.limits", "from discussion.models import Comment\n") == []


def test_a_relative_import_and_a_lazy_relation_are_resolved_to_their_app():
    source = (
        "from ..forms import CommentForm\n"
        "from django.db import models\n"
        "x = models.ForeignKey('discussion.Comment', on_delete=models.CASCADE)\n"
    )

    assert violations("discussion.views.comments", source) == []
    assert violations("people.models", source) == ["people.models:3 imports discussion"]


def test_reflection_through_the_orm_is_caught():
    source = (
        "model = Quote._meta.get_field('blocks').related_model\n"
        "other = apps.get_model('articles', 'Article')\n"
    )

    assert [what for _line, what in reflection(source)] == [
        "_meta.get_field(...).related_model",
        "apps.get_model",
    ]


def test_config_urls_imports_no_app_and_only_includes_and_admin():
    from config import urls

    source = (ROOT / "config" / "urls.py").read_text()
    imported = {target.split(".")[0] for _line, target in imported_modules("config.urls", source)}
    assert not imported & set(PROJECT_PACKAGES), (
        "config/urls.py reaches the apps only through include()"
    )

    for entry in urls.urlpatterns:
        if isinstance(entry, URLResolver):
            continue
        # The one view config keeps: uploaded media, when the app serves it.
        assert settings.SERVE_MEDIA
        assert entry.callback is urls.serve_media, entry


@pytest.mark.parametrize("name", ["discussion.urls", "reader.urls"])
def test_config_urls_includes_each_app_url_module(name):
    from config import urls

    included = {
        getattr(entry.urlconf_module, "__name__", "")
        for entry in urls.urlpatterns
        if isinstance(entry, URLResolver)
    }

    assert name in included


#: Python files allowed past the size limit: data, not logic.
LONG_FILES_ALLOWED = ("migrations", "demo")
MAX_LINES = 400


def test_no_python_file_grows_past_400_lines():
    """A module that outgrows one screenful of concerns becomes a package with the same name."""
    too_long = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0].startswith(".") or any(part in LONG_FILES_ALLOWED for part in parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, too_long
