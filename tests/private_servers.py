"""Servers of a test's own: a free port, a private redis-server or PostgreSQL, a socket that
never answers.

Fault tests never stop or block the machine's shared PostgreSQL and Redis (the rest of the
suite needs them): they start their own, or point the settings somewhere that fails.
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts connections and never answers: a Redis hung mid-request."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.accepted.append(connection)

    def close(self):
        self.listener.close()
        for connection in self.accepted:
            connection.close()


@contextlib.contextmanager
def private_redis_server():
    """A redis-server of the caller's own on a free port: (process, port); skips without one."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process, port
    finally:
        process.kill()
        process.wait()


def redis_caches(url):
    """CACHES with the production options (config/settings.py), on the Redis at `url`."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "core.cache.CircuitBreakerClient",
                "CIRCUIT_BREAKER_SECONDS": 5,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


class RedisProcess:
    """A private redis-server that can be stopped, frozen, thawed and started again on the
    same port with the data it saved (a restart, a snapshot restored, a hung process)."""

    def __init__(self, folder):
        if shutil.which("redis-server") is None:
            pytest.skip("redis-server is not installed")
        self.folder, self.port, self.process = str(folder), free_port(), None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--dir", self.folder, "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the private redis-server did not start")

    def kill(self):
        """Stop at once, as a crash: what was not saved is lost."""
        self.process.kill()
        self.process.wait()

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.kill()


POSTGRES_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)


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
