#!/usr/bin/env python
"""Print deploy/varnish/marquee.vcl with its MARQUEE_* placeholders filled from the environment.

The sibling of render_nginx.py, with the same ${MARQUEE_...} placeholders; VCL cannot repeat
a block per server by itself, so three of them are written from lists:

  MARQUEE_VARNISH_SERVERS     the app servers, host:port separated by spaces or commas
                              (one backend each, with the /healthz probe, in a round robin)
  MARQUEE_VARNISH_PURGERS     addresses or networks (10.0.0.0/8) allowed to PURGE and BAN
                              besides localhost: the app servers when they run elsewhere
  MARQUEE_VARNISH_PROBE_HOST  Host header of the health probe, a name in ALLOWED_HOSTS

Usage: MARQUEE_VARNISH_SERVERS="127.0.0.1:8001 127.0.0.1:8002" python deploy/render_varnish.py
"""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "varnish" / "marquee.vcl"
DEFAULTS = {
    "MARQUEE_VARNISH_SERVERS": "127.0.0.1:8001 127.0.0.1:8002",
    "MARQUEE_VARNISH_PURGERS": "",
    "MARQUEE_VARNISH_PROBE_HOST": "localhost",
}


def _items(value):
    return [item for item in re.split(r"[\s,]+", value) if item]


def _backends(servers):
    blocks = []
    for number, server in enumerate(servers, start=1):
        host, _, port = server.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"MARQUEE_VARNISH_SERVERS: {server!r} is not host:port")
        blocks.append(
            f"backend app{number} {{\n"
            f'    .host = "{host.strip("[]")}";\n'
            f'    .port = "{port}";\n'
            "    .probe = marquee_health;\n"
            "    .connect_timeout = 2s;\n"
            "    .first_byte_timeout = 35s;\n"
            "    .between_bytes_timeout = 10s;\n"
            "}"
        )
    return "\n".join(blocks)


def _acl(purgers):
    entries = []
    for purger in purgers:
        address, _, bits = purger.partition("/")
        entries.append(f'"{address}"/{bits};' if bits else f'"{address}";')
    return "\n    ".join(entries)


def render(values=None):
    """The VCL with every placeholder filled: `values`, else the environment, else DEFAULTS."""
    values = {
        **DEFAULTS,
        **{k: v for k, v in os.environ.items() if k in DEFAULTS},
        **(values or {}),
    }
    servers = _items(values["MARQUEE_VARNISH_SERVERS"])
    if not servers:
        raise ValueError("MARQUEE_VARNISH_SERVERS names no app server")
    filled = {
        "MARQUEE_VARNISH_BACKENDS": _backends(servers),
        "MARQUEE_VARNISH_DIRECTOR": "\n    ".join(
            f"marquee.add_backend(app{number});" for number in range(1, len(servers) + 1)
        ),
        "MARQUEE_VARNISH_PURGE_ACL": _acl(_items(values["MARQUEE_VARNISH_PURGERS"])),
        "MARQUEE_VARNISH_PROBE_HOST": values["MARQUEE_VARNISH_PROBE_HOST"],
    }
    return re.sub(r"\$\{(MARQUEE_[A-Z_]+)\}", lambda m: filled[m.group(1)], TEMPLATE.read_text())


if __name__ == "__main__":
    sys.stdout.write(render())
