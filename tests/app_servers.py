"""Marquee served for real by a test: a copy of the project, its own SQLite site, gunicorn.

For the tests that need what only separate processes show (a release, several workers, an
edge cache in front). The copy is the project's files as a deploy lays them out; the test
may change them (a template) and restart the servers as a release does.
"""

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.private_servers import free_port

PROJECT = Path(__file__).resolve().parent.parent
_LEFT_OUT = shutil.ignore_patterns(
    ".venv", ".git", ".bench", "media", "staticfiles", "db.sqlite3", "__pycache__", ".env"
)


class Site:
    """A copy of the project with a database of its own, ready to serve."""

    def __init__(self, root, environ):
        self.root, self.environ = root, environ

    def manage(self, *args):
        """Run a manage.py command in the site; returns what it printed."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=self.root,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            pytest.fail(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code):
        """Run Python `code` in the site, as a service call from a task or a shell would."""
        return self.manage("shell", "-c", code)

    def path(self, relative):
        return self.root / relative


@contextlib.contextmanager
def demo_site(tmp_path, **settings):
    """The project copied to `tmp_path`, migrated, with the demo explainer loaded; `settings`
    are extra environment variables (REDIS_URL=…, EDGE_CACHE=…)."""
    if shutil.which("redis-server") is None and "REDIS_URL" in settings:
        pytest.skip("redis-server is not installed")
    root = tmp_path / "site"
    shutil.copytree(PROJECT, root, ignore=_LEFT_OUT)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environ.pop("REDIS_URL", None)
    environ.pop("DATABASE_URL", None)
    environ.update(
        DEBUG="false",
        SECRET_KEY="tests-only-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="ERROR",
        **settings,
    )
    site = Site(root, environ)
    site.manage("migrate", "--noinput")
    site.manage("load_demo")
    yield site


@contextlib.contextmanager
def gunicorn(site, *, workers=2, port=None):
    """gunicorn with deploy/gunicorn.conf.py serving `site`; yields its base URL."""
    port = port or free_port()
    environ = {
        **site.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "off",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=site.root,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"

    def answers():
        try:
            urllib.request.urlopen(f"{base}/robots.txt", timeout=2).read()
            return True
        except (OSError, urllib.error.URLError):
            return False

    with serving(process, answers, lambda: process.stderr.read().decode()[-2000:]):
        yield base


@contextlib.contextmanager
def serving(process, answers, output):
    """Wait (60 s at most) until the gunicorn `process` `answers()`, then yield; stop it after
    (SIGTERM, SIGKILL 20 s later). A process that exits first fails the test with `output()`."""
    try:
        deadline = time.monotonic() + 60
        while not answers():
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {output()}")
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(url, headers=None):
    """(status, headers, body) of a GET, without following redirects' errors."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
