"""The production front in deploy/: nginx's configuration is valid and caches only what it may."""

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)


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


def test_nginx_in_front_of_varnish_keeps_no_cache_and_refuses_purges():
    conf = load("render_nginx").render(
        {"MARQUEE_UPSTREAM_SERVERS": "server 127.0.0.1:6081;"}, "varnish"
    )

    assert "${MARQUEE_" not in conf
    assert "server 127.0.0.1:6081;" in conf
    assert "proxy_cache" not in conf
    assert "if ($request_method ~ ^(PURGE|BAN)$)" in conf


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
def test_nginx_accepts_the_varnish_variant(tmp_path):
    values = {
        "MARQUEE_LISTEN": "127.0.0.1:65083",
        "MARQUEE_UPSTREAM_SERVERS": "server 127.0.0.1:65084;",
        "MARQUEE_STATIC_ROOT": str(tmp_path / "static"),
        "MARQUEE_MEDIA_ROOT": str(tmp_path / "media"),
    }
    conf = tmp_path / "nginx.conf"
    conf.write_text(load("render_nginx").standalone(tmp_path, values, "varnish"))

    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert result.returncode == 0, result.stderr


def test_varnish_template_fills_every_placeholder():
    vcl = load("render_varnish").render(
        {
            "MARQUEE_VARNISH_SERVERS": "10.0.0.5:8000, app2:8000",
            "MARQUEE_VARNISH_PURGERS": "10.0.0.0/8 192.0.2.7",
            "MARQUEE_VARNISH_PROBE_HOST": "marquee.example",
        }
    )

    assert "${MARQUEE_" not in vcl
    assert '.host = "10.0.0.5";' in vcl and '.host = "app2";' in vcl
    assert "marquee.add_backend(app1);" in vcl and "marquee.add_backend(app2);" in vcl
    assert '"10.0.0.0"/8;' in vcl and '"192.0.2.7";' in vcl
    assert '"Host: marquee.example"' in vcl


def test_varnish_template_refuses_a_server_without_a_port():
    with pytest.raises(ValueError, match="host:port"):
        load("render_varnish").render({"MARQUEE_VARNISH_SERVERS": "app1"})


@pytest.mark.skipif(VARNISHD is None, reason="varnishd is not installed")
def test_varnish_compiles_the_configuration(tmp_path):
    vcl = tmp_path / "marquee.vcl"
    vcl.write_text(load("render_varnish").render())

    result = subprocess.run(
        [VARNISHD, "-C", "-j", "none", "-n", str(tmp_path / "instance"), "-f", str(vcl)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    if "Could not find VMOD xkey" in result.stderr:
        pytest.skip("vmod xkey is not installed (varnish-modules)")
    assert result.returncode == 0, result.stderr


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


def test_each_gunicorn_instance_on_a_host_gets_its_own_control_socket(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.delenv("GUNICORN_CONTROL_SOCKET", raising=False)
    sockets = []
    for bind in ("127.0.0.1:8001", "127.0.0.1:8002", "unix:/run/marquee/app.sock"):
        monkeypatch.setenv("GUNICORN_BIND", bind)
        config = load("gunicorn.conf")
        assert config.control_socket_disable is False
        sockets.append(config.control_socket)

    assert sockets == [
        str(tmp_path / "gunicorn-127.0.0.1-8001.ctl"),
        str(tmp_path / "gunicorn-127.0.0.1-8002.ctl"),
        str(tmp_path / "gunicorn-unix-run-marquee-app.sock.ctl"),
    ]


def test_the_control_socket_can_be_named_or_turned_off(monkeypatch):
    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "/run/marquee-8001/gunicorn.ctl")
    assert load("gunicorn.conf").control_socket == "/run/marquee-8001/gunicorn.ctl"

    monkeypatch.setenv("GUNICORN_CONTROL_SOCKET", "off")
    config = load("gunicorn.conf")

    assert config.control_socket_disable is True
    assert not hasattr(config, "control_socket")


def test_systemd_and_compose_give_each_app_server_a_writable_control_socket_of_its_own():
    unit = (DEPLOY / "systemd" / "marquee@.service").read_text()
    compose = (DEPLOY / "compose.yaml").read_text()

    # ProtectSystem=strict and ProtectHome leave gunicorn's default folder read-only.
    assert "RuntimeDirectory=marquee-%i\n" in unit
    assert "Environment=GUNICORN_CONTROL_SOCKET=%t/marquee-%i/gunicorn.ctl\n" in unit
    # Each container has its own /tmp; the image's home folder belongs to root.
    assert "    GUNICORN_CONTROL_SOCKET: /tmp/gunicorn.ctl\n" in compose
