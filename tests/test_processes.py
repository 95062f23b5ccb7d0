"""Several app processes see one page cache, or the site refuses to start that way."""

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

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
