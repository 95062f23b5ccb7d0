"""Gunicorn as Marquee runs in production: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed by an environment variable, like config/settings.py.
"""

import gc
import multiprocessing
import os
import re


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each page is CPU (templates) plus a few short queries, so 2 per core.
workers = _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _env_int("GUNICORN_THREADS", 1)
# Import Django once in the master: workers fork ready, and a broken deploy fails at start.
preload_app = True
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never grows without bound. Not too often: a
# worker serving cached pages answers thousands a second, and each new one starts cold (its
# copy of the process's memory, its own cache connections), so at 2,000 a worker through a
# spike spent a fifth of its time being replaced.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 50_000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 5_000)
# Only the local nginx may say which scheme and client the request came from.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "-")
accesslog = None if _access_log.lower() in {"", "off", "none"} else _access_log
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client (as nginx saw it), request, status, bytes, milliseconds, referrer, user agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'


def _control_socket(bind):
    """Where this instance's control socket (for `gunicornc`) listens: one path per instance.

    gunicorn (25.1 on) gives every instance the same path, $XDG_RUNTIME_DIR/gunicorn.ctl or
    ~/.gunicorn/gunicorn.ctl: a second app server on the host took it over (unlinking the
    first's), and did again at each worker it started, and the first to stop deleted the
    other's. So by default the path is gunicorn's folder and a name made from the bind address
    (`gunicorn-127.0.0.1-8001.ctl`); GUNICORN_CONTROL_SOCKET names it instead, or `off`.
    """
    chosen = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
    if chosen:
        return chosen
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if runtime and os.path.isdir(runtime) else os.path.expanduser("~/.gunicorn")
    return os.path.join(folder, "gunicorn-" + re.sub(r"[^A-Za-z0-9.]+", "-", bind) + ".ctl")


_control = _control_socket(bind)
control_socket_disable = _control.lower() in {"off", "none"}
if not control_socket_disable:
    control_socket = _control


def when_ready(server):
    """Before the first fork: what the master loaded (Django, the app) is left out of the
    garbage collector's passes, so workers do not copy those pages just to scan them."""
    gc.freeze()


def on_starting(server):
    """Refuse several workers without a cache they all see: each would keep its own page
    cache, rate limits and purges, so a change handled by one worker would leave the others
    serving the old page."""
    shared = os.environ.get("REDIS_URL", "").strip()
    page_cache = os.environ.get("PAGE_CACHE_TIMEOUT", "").strip() != "0"
    if server.cfg.workers > 1 and page_cache and not shared:
        raise SystemExit(
            f"Marquee: {server.cfg.workers} gunicorn workers but no REDIS_URL. Each worker "
            "would keep its own page cache in its own memory, and a change handled by one "
            "would leave the others serving the old page for up to PAGE_CACHE_TIMEOUT. Set "
            "REDIS_URL to a Redis every worker shares, or run GUNICORN_WORKERS=1 (with "
            "GUNICORN_THREADS for concurrency), or turn the page cache off (PAGE_CACHE_TIMEOUT=0)."
        )
