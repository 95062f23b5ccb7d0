#!/usr/bin/env python
"""Print deploy/nginx/marquee.conf with its MARQUEE_* placeholders filled from the environment.

The same substitution as envsubst or the official nginx image's templates: only the
MARQUEE_* names are replaced, so nginx's own $variables stay as they are.
Usage: MARQUEE_UPSTREAM_SERVERS="server 127.0.0.1:8001;" python deploy/render_nginx.py
With Varnish between nginx and the app (deploy/varnish/, docs/edge-cache.md), the variant
without nginx's micro-cache, its upstream being Varnish:
       MARQUEE_UPSTREAM_SERVERS="server 127.0.0.1:6081;" python deploy/render_nginx.py varnish
"""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "marquee.conf"
# The variants: nginx's own micro-cache in front of the app (the default), or Varnish.
TEMPLATES = {"micro-cache": TEMPLATE, "varnish": TEMPLATE.with_name("marquee-varnish.conf")}
DEFAULTS = {
    "MARQUEE_UPSTREAM_SERVERS": "server 127.0.0.1:8001; server 127.0.0.1:8002;",
    "MARQUEE_LISTEN": "80",
    "MARQUEE_SERVER_NAME": "_",
    "MARQUEE_STATIC_ROOT": "/srv/marquee/staticfiles",
    "MARQUEE_MEDIA_ROOT": "/srv/marquee/media",
    "MARQUEE_CACHE_DIR": "/var/cache/nginx/marquee",
}


def render(values=None, variant="micro-cache"):
    """The configuration with every placeholder filled: `values`, else the environment."""
    values = {
        **DEFAULTS,
        **{k: v for k, v in os.environ.items() if k in DEFAULTS},
        **(values or {}),
    }
    template = TEMPLATES[variant].read_text()
    return re.sub(r"\$\{(MARQUEE_[A-Z_]+)\}", lambda m: values[m.group(1)], template)


def standalone(prefix, values, variant="micro-cache"):
    """A whole nginx.conf around the site, run unprivileged in folder `prefix` (tests, bench)."""
    prefix = Path(prefix)
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    values = {"MARQUEE_CACHE_DIR": str(prefix / "cache"), **values}
    site = render(values, variant)
    # As root, nginx's workers would run as nobody and could not enter a private temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 1;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    {mime}
    default_type application/octet-stream;
    access_log off;
{temp_paths}
{site}
}}
"""


if __name__ == "__main__":
    sys.stdout.write(render(variant=sys.argv[1] if len(sys.argv) > 1 else "micro-cache"))
