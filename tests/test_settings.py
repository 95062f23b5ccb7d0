"""Settings come from the environment; production mode refuses to start half-configured."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789-abcdef",
    "ALLOWED_HOSTS": "marquee.example",
    "CSRF_TRUSTED_ORIGINS": "https://marquee.example",
}
REPORT = """
import json, django
django.setup()
from django.conf import settings as s
cache = s.CACHES["default"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "IS_POSTGRES": s.IS_POSTGRES,
    "CACHE": cache["BACKEND"],
    "CACHE_OPTIONS": cache.get("OPTIONS", {}),
    "LOCATION": cache.get("LOCATION"),
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "EMAIL_HOST": s.EMAIL_HOST,
    "EMAIL_PORT": getattr(s, "EMAIL_PORT", None),
    "TASKS": s.TASKS["default"]["BACKEND"],
    "MEDIA_ROOT": str(s.MEDIA_ROOT),
    "EDITOR": s.MARQUEE_RICH_TEXT_EDITOR,
}))
"""


def clean_env(**variables):
    """Only what a fresh shell would have: no test defaults leak into the child."""
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.update(variables)
    return env


def run_python(code, **variables):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_for(**variables):
    result = run_python(REPORT, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_mode_without_a_secret_key_stops_with_a_clear_message():
    result = run_python("import django; django.setup()", DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=true" in result.stderr


def test_debug_is_off_unless_asked_for():
    result = run_python("import django; django.setup()")

    assert "SECRET_KEY is not set" in result.stderr


def test_development_mode_runs_with_no_variables_on_sqlite_and_local_memory():
    found = settings_for(DEBUG="true")

    assert found["DEBUG"] is True
    assert found["ENGINE"] == "django.db.backends.sqlite3"
    assert found["NAME"] == str(PROJECT / "db.sqlite3")
    assert found["IS_POSTGRES"] is False
    assert found["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["TASKS"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert found["SECURE_SSL_REDIRECT"] is False
    assert found["SESSION_COOKIE_SECURE"] is False
    assert found["SECURE_HSTS_SECONDS"] == 0
    assert found["EDITOR"] == "ckeditor"


def test_database_url_selects_postgresql():
    found = settings_for(
        DEBUG="true", DATABASE_URL="postgres://marquee:pw@db.internal:5432/marquee"
    )

    assert found["ENGINE"] == "django.db.backends.postgresql"
    assert found["NAME"] == "marquee"
    assert found["IS_POSTGRES"] is True


def test_redis_url_selects_a_shared_cache_that_never_turns_an_outage_into_errors():
    found = settings_for(DEBUG="true", REDIS_URL="redis://cache.internal:6379/3")

    assert found["CACHE"] == "django_redis.cache.RedisCache"
    assert found["LOCATION"] == "redis://cache.internal:6379/3"
    options = found["CACHE_OPTIONS"]
    assert options["IGNORE_EXCEPTIONS"] is True
    assert 0 < options["SOCKET_CONNECT_TIMEOUT"] <= 1
    assert 0 < options["SOCKET_TIMEOUT"] <= 1


def test_production_mode_switches_the_secure_settings_on():
    found = settings_for(**PRODUCTION)

    assert found["DEBUG"] is False
    assert found["ALLOWED_HOSTS"] == ["marquee.example"]
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://marquee.example"]
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SESSION_COOKIE_SECURE"] is True
    assert found["CSRF_COOKIE_SECURE"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 365
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert found["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_smtp_tasks_media_and_editor_follow_their_variables(tmp_path):
    found = settings_for(
        DEBUG="true",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="2525",
        TASKS_BACKEND="database",
        MEDIA_ROOT=str(tmp_path / "uploads"),
        MARQUEE_RICH_TEXT_EDITOR="prose",
    )

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"]) == ("smtp.example.com", 2525)
    assert found["TASKS"] == "django_tasks_db.DatabaseBackend"
    assert found["MEDIA_ROOT"] == str(tmp_path / "uploads")
    assert found["EDITOR"] == "prose"


def test_an_unknown_editor_is_refused_by_name():
    result = run_python(
        "import django; django.setup()", DEBUG="true", MARQUEE_RICH_TEXT_EDITOR="tinymce"
    )

    assert result.returncode != 0
    assert "MARQUEE_RICH_TEXT_EDITOR must be 'ckeditor' or 'prose'" in result.stderr


@pytest.mark.parametrize("debug", ["1", "true", "TRUE", "yes", "on"])
def test_debug_accepts_the_usual_ways_of_saying_yes(debug):
    assert settings_for(DEBUG=debug)["DEBUG"] is True


def test_check_deploy_warns_only_about_the_hsts_preload_opt_in(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT,
        env=clean_env(**PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr

    assert result.returncode == 0, output
    assert set(re.findall(r"\(([a-z_]+\.[A-Z]\d{3})\)", output)) <= {"security.W021"}


def variables_read_by_settings():
    source = "".join(
        (PROJECT / "config" / name).read_text() for name in ("settings.py", "security_settings.py")
    )
    names = set(re.findall(r"""env_(?:bool|list|int)\(\s*["']([A-Z_]+)["']""", source))
    names |= set(re.findall(r"""environ\.get\(\s*["']([A-Z_]+)["']""", source))
    if "dj_database_url.config(" in source:
        names.add("DATABASE_URL")
    return names


def test_every_variable_the_settings_read_is_documented_in_the_readme_and_env_example():
    readme = (PROJECT / "README.md").read_text()
    example = (PROJECT / ".env.example").read_text()
    names = variables_read_by_settings()

    assert {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"} <= names
    assert sorted(name for name in names if f"| `{name}` |" not in readme) == []
    assert sorted(name for name in names if f"#{name}=" not in example) == []
