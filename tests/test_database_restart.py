"""PostgreSQL stopped and restarted under a running Marquee: readers get a 503, then the page.

The test runs its own throwaway PostgreSQL (initdb into a temporary folder, on a free port)
and a real gunicorn process, so it runs whatever database the rest of the suite uses; the
machine's own PostgreSQL is never touched.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.private_servers import PrivatePostgres, free_port
from tests.test_settings import PROJECT, clean_env

pytestmark = pytest.mark.servers

#: A page that always needs the database and is never served from the page cache.
SEARCH = "/search/?q=anything"


def get(url, headers=None):
    """(status, headers, body text) of a GET, whatever the status; 10 s at most."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for(url, status, seconds):
    """Ask `url` until it answers `status`; the last answer, whatever it was."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            answer = get(url)
        except OSError as error:
            answer = (None, {}, str(error))
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.25)


@pytest.fixture
def postgres():
    server = PrivatePostgres()
    try:
        server.create()
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def marquee(postgres, tmp_path):
    """Base URL of a production-like gunicorn process whose database is `postgres`."""
    env = clean_env(
        DEBUG="false",
        SECRET_KEY="test-only-secret-key-for-the-database-restart-test-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{postgres.port}/postgres",
        DATABASE_CONNECT_TIMEOUT="2",
        # Connections kept between requests: the restart must also retire a dead one.
        DATABASE_CONN_MAX_AGE="60",
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="CRITICAL",
    )
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}"]
        + ["-w", "1", "--timeout", "30"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status, _, _ = wait_for(f"{base}/healthz", 200, 30)
        assert status == 200, (tmp_path / "gunicorn.log").read_text()
        yield base
    finally:
        app.terminate()
        try:
            app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        log.close()


def test_stopping_postgresql_gives_readers_a_quick_503_and_restarting_it_brings_pages_back(
    postgres, marquee
):
    status, _, html = get(marquee + SEARCH)
    assert status == 200, html
    assert get(marquee + "/readyz")[0] == 200

    postgres.stop()

    started = time.monotonic()
    status, headers, html = get(marquee + SEARCH)
    elapsed = time.monotonic() - started
    assert status == 503
    assert elapsed < 5
    assert headers["Retry-After"] == "30"
    assert "We are back in a moment" in html
    assert "cannot reach its archive" in html
    # A reader with a session skips the page cache, so the database is asked: 503 as well.
    status, _, html = get(marquee + "/", headers={"Cookie": "sessionid=x"})
    assert status == 503
    assert "We are back in a moment" in html
    status, _, ready = get(marquee + "/readyz")
    assert status == 503
    assert '"failed": ["database"]' in ready
    assert get(marquee + "/healthz")[:1] == (200,)

    postgres.start()

    status, _, html = wait_for(marquee + SEARCH, 200, 5)
    assert status == 200, html
    assert "We are back in a moment" not in html
    assert get(marquee + "/readyz")[0] == 200
