"""The production front in deploy/: nginx's configuration is valid and caches only what it may."""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def load(name):
    spec = importlib.util.spec_from_file_location(name, DEPLOY / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_nginx_template_fills_every_placeholder():
    conf = load("render_nginx").render({"MARQUEE_UPSTREAM_SERVERS": "server 10.0.0.5:8000;"})

    assert "${MARQUEE_" not in conf
    assert "server 10.0.0.5:8000;" in conf
    assert "$upstream_cache_status" in conf  # nginx's own variables are left alone


def test_nginx_micro_cache_skips_cookies_and_posts():
    conf = load("render_nginx").render()

    assert "proxy_cache_bypass $marquee_has_cookie $marquee_not_get;" in conf
    assert "proxy_no_cache $marquee_has_cookie $marquee_not_get;" in conf
    assert "(sessionid|csrftoken)=" in conf
    assert "proxy_cache_lock on;" in conf
    assert "proxy_cache_background_update on;" in conf
    assert "public, max-age=31536000, immutable" in conf


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    values = {
        "MARQUEE_LISTEN": "127.0.0.1:65080",
        "MARQUEE_UPSTREAM_SERVERS": "server 127.0.0.1:65081; server 127.0.0.1:65082;",
        "MARQUEE_STATIC_ROOT": str(tmp_path / "static"),
        "MARQUEE_MEDIA_ROOT": str(tmp_path / "media"),
    }
    conf = tmp_path / "nginx.conf"
    conf.write_text(load("render_nginx").standalone(tmp_path, values))

    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_gunicorn_config_reads_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "off")
    config = load("gunicorn.conf")

    assert config.workers == 2
    assert config.bind == "127.0.0.1:9001"
    assert config.accesslog is None
    assert config.preload_app is True
    assert config.forwarded_allow_ips == "127.0.0.1"
