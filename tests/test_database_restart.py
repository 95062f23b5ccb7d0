"""PostgreSQL stopped and restarted under a running Marquee: readers get a 503, then the page.

The test runs its own throwaway PostgreSQL (initdb into a temporary folder, on a free port)
and a real gunicorn process, so it runs whatever database the rest of the suite uses; the
machine's own PostgreSQL is never touched.
"""

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.private_servers import free_port
from tests.test_settings import PROJECT, clean_env

pytestmark = pytest.mark.servers

POSTGRES_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
#: A page that always needs the database and is never served from the page cache.
SEARCH = "/search/?q=anything"


def postgres_tools():
    """Paths of initdb and pg_ctl, or a reason to skip."""
    for folder in [*POSTGRES_BINS, *os.environ.get("PATH", "").split(os.pathsep)]:
        initdb, pg_ctl = Path(folder, "initdb"), Path(folder, "pg_ctl")
        if initdb.exists() and pg_ctl.exists():
            return str(initdb), str(pg_ctl)
    pytest.skip("initdb and pg_ctl are not installed (looked in /usr/lib/postgresql/*/bin)")


class PrivatePostgres:
    """A PostgreSQL cluster of our own in a temporary folder, started and stopped at will."""

    def __init__(self):
        self.initdb, self.pg_ctl = postgres_tools()
        self.as_owner = []
        owner = None
        if os.geteuid() == 0:
            # initdb refuses to run as root; the cluster belongs to the postgres user.
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.skip("running as root and there is no postgres user to own the cluster")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="marquee-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if owner:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.started = False

    def run(self, *command, timeout=60):
        return subprocess.run(
            [*self.as_owner, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def create(self):
        self.run(self.initdb, "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "UTF8")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "postgres.log")
        self.run(self.pg_ctl, "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        self.started = True

    def stop(self):
        self.run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.started = False

    def remove(self):
        if self.started:
            subprocess.run(
                [*self.as_owner, self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=30,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


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
