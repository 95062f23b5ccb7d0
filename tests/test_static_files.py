"""collectstatic publishes the editors' scripts but no third-party HTML page."""

import io

from django.core.management import call_command


def test_collectstatic_ships_no_html_from_any_package(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    shipped = {
        path.relative_to(settings.STATIC_ROOT).as_posix()
        for path in settings.STATIC_ROOT.rglob("*")
    }

    assert sorted(path for path in shipped if path.endswith((".html", ".htm"))) == []
    assert not any("/samples/" in path or "/tests/" in path for path in shipped)
    assert "ckeditor/ckeditor/ckeditor.js" in shipped
    assert "ckeditor/ckeditor-init.js" in shipped
    assert "django_prose_editor/editor.js" in shipped
    assert "admin/js/core.js" in shipped
    assert "js/discussion.js" in shipped


def test_a_packages_sample_page_is_not_served_even_from_the_package():
    from django.contrib.staticfiles import finders

    assert finders.find("ckeditor/ckeditor/plugins/preview/preview.html") is None
    assert finders.find("ckeditor/ckeditor/ckeditor.js") is not None
