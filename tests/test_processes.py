"""Several app processes see one page cache, or the site refuses to start that way; several
app servers on one host each keep their own control socket."""

import contextlib
import importlib.util
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.ctl.client import ControlClient

from tests.app_servers import serving
from tests.private_servers import free_port
from tests.test_settings import PROJECT, clean_env

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", GUNICORN_CONF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def server(workers):
    return SimpleNamespace(cfg=SimpleNamespace(workers=workers))


def test_several_workers_without_a_shared_cache_refuse_to_start_and_say_why(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PAGE_CACHE_TIMEOUT", raising=False)

    with pytest.raises(SystemExit) as refused:
        gunicorn_conf().on_starting(server(workers=3))

    message = str(refused.value)
    assert "3 gunicorn workers but no REDIS_URL" in message
    assert "GUNICORN_WORKERS=1" in message


@pytest.mark.parametrize(
    ("workers", "environment"),
    [
        (1, {}),
        (4, {"REDIS_URL": "redis://127.0.0.1:6379/0"}),
        (4, {"PAGE_CACHE_TIMEOUT": "0"}),
    ],
)
def test_one_worker_a_shared_redis_or_no_page_cache_starts(monkeypatch, workers, environment):
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.delenv("PAGE_CACHE_TIMEOUT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert gunicorn_conf().on_starting(server(workers=workers)) is None


@pytest.mark.servers
def test_two_app_servers_on_one_host_serve_and_keep_their_own_control_socket(tmp_path):
    """Each control socket answers for its own server, and stays when the other one stops
    (with gunicorn's one path per host, the second took it over and the first deleted it)."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    first, second = free_port(), free_port()
    first_socket = runtime / f"gunicorn-127.0.0.1-{first}.ctl"
    second_socket = runtime / f"gunicorn-127.0.0.1-{second}.ctl"

    with app_server(second, runtime, tmp_path):
        with app_server(first, runtime, tmp_path):
            assert sorted(runtime.iterdir()) == sorted([first_socket, second_socket])
            assert listening(first_socket) == [f"http://127.0.0.1:{first}"]
            assert listening(second_socket) == [f"http://127.0.0.1:{second}"]

        assert not first_socket.exists()
        assert listening(second_socket) == [f"http://127.0.0.1:{second}"]
        assert healthz(second) == 200


def listening(socket_path):
    """The addresses the gunicorn behind `socket_path` says it is bound to (gunicornc)."""
    with ControlClient(str(socket_path), timeout=10) as control:
        answer = control.send_command("show", ["listeners"])
    return [listener["address"] for listener in answer["listeners"]]


@contextlib.contextmanager
def app_server(port, runtime, tmp_path):
    """gunicorn with deploy/gunicorn.conf.py on `port`, its runtime folder `runtime`."""
    env = clean_env(
        DEBUG="false",
        SECRET_KEY="test-only-secret-key-for-two-app-servers-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_MANIFEST="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG="off",
        XDG_RUNTIME_DIR=str(runtime),
    )
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=PROJECT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    output = (tmp_path / f"gunicorn-{port}.log").read_text
    with log, serving(process, lambda: healthz(port) == 200, output):
        yield process


def healthz(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return answer.status
    except OSError:
        return None
