"""The article admin is a few mixins, each with one job; a Django hook has one owner.

A maintainer reads which mixin owns a behaviour from its name and one-line docstring, and
where several jobs extend the same hook, `ArticleAdmin` itself calls their steps in order.
"""

from adminsortable2.admin import SortableAdminBase
from reversion.admin import VersionAdmin

from articles.admin import ArticleAdmin
from articles.admin.access import WriterAccessMixin
from articles.admin.editing import ArticleEditingMixin
from articles.admin.history import ArticleHistoryMixin
from articles.admin.planning import ArticlePlanningMixin
from articles.admin.publishing import ArticlePublishingMixin
from articles.admin.views import ArticlePagesMixin

JOBS = [
    WriterAccessMixin,
    ArticlePublishingMixin,
    ArticleEditingMixin,
    ArticleHistoryMixin,
    ArticlePagesMixin,
    ArticlePlanningMixin,
]
#: Whose classes may sit under the mixins: Django's admin, admin-sortable2, reversion.
LIBRARIES = {"builtins", "django", "adminsortable2", "reversion"}


def _django_hooks():
    """Every method and attribute the library classes give a ModelAdmin (dunders aside)."""
    return {
        name
        for base in (VersionAdmin, SortableAdminBase)
        for name in dir(base)
        if not name.startswith("__")
    }


def test_article_admin_is_the_named_mixins_over_the_libraries_classes():
    mro = ArticleAdmin.__mro__
    assert list(mro[: len(JOBS) + 1]) == [ArticleAdmin, *JOBS]
    outside = [cls for cls in mro[len(JOBS) + 1 :] if cls.__module__.split(".")[0] not in LIBRARIES]
    assert outside == []


def test_each_mixin_states_its_job_in_one_line():
    for mixin in JOBS:
        doc = (mixin.__doc__ or "").strip()
        assert doc, mixin
        assert "\n" not in doc, mixin


def test_no_django_hook_is_overridden_in_two_places():
    hooks = _django_hooks()
    owners = {}
    for cls in (ArticleAdmin, *JOBS):
        for name in vars(cls):
            if name in hooks:
                owners.setdefault(name, []).append(cls.__name__)
    shared = {name: classes for name, classes in owners.items() if len(classes) > 1}
    assert shared == {}, "extend a shared hook in ArticleAdmin, calling each job's step"


def test_the_hooks_several_jobs_extend_are_ordered_in_article_admin():
    shared = ["get_urls", "get_form", "render_change_form", "save_related"]
    for name in [*shared, "response_add", "response_change"]:
        assert name in vars(ArticleAdmin), name
