"""Servers of a test's own for the edge cache: a private varnishd running deploy/varnish/marquee.vcl
in front of a port the test chooses, and a recording HTTP endpoint standing in for a purge API.

    with private_varnish(backend_port=app_port) as varnish:
        urllib.request.urlopen(varnish.url + "/some/page/")
        varnish.purger().purge(["article:12"])  # core.edge.VarnishPurger at varnish.purge_url

Both skip the test with a reason when varnishd or vmod xkey is not installed
(Debian: `apt-get install varnish varnish-modules`).
"""

import contextlib
import http.client
import http.server
import importlib.util
import json
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.private_servers import free_port

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
VARNISHD = shutil.which("varnishd") or next(
    (path for path in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if Path(path).exists()),
    None,
)
VMOD_FOLDERS = (
    "/usr/lib/x86_64-linux-gnu/varnish/vmods",
    "/usr/lib/aarch64-linux-gnu/varnish/vmods",
    "/usr/lib/varnish/vmods",
    "/usr/local/lib/varnish/vmods",
)


def varnish_missing():
    """Why a private Varnish cannot start here, or None when it can."""
    if VARNISHD is None:
        return "varnishd is not installed (apt-get install varnish)"
    if not any((Path(folder) / "libvmod_xkey.so").exists() for folder in VMOD_FOLDERS):
        return "vmod xkey is not installed (apt-get install varnish-modules)"
    if shutil.which("cc") is None:
        return "varnishd needs a C compiler (cc) to load VCL"
    return None


def render_vcl(**values):
    """deploy/varnish/marquee.vcl filled by deploy/render_varnish.py with `values`."""
    spec = importlib.util.spec_from_file_location("render_varnish", DEPLOY / "render_varnish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render(values)


@dataclass
class PrivateVarnish:
    """A running varnishd: `url` for readers, `purge_url` for PURGE and BAN (the same port)."""

    port: int
    workdir: Path
    process: subprocess.Popen
    url: str = field(init=False)
    purge_url: str = field(init=False)

    def __post_init__(self):
        self.url = self.purge_url = f"http://127.0.0.1:{self.port}"

    def purger(self, timeout=5.0):
        """A core.edge.VarnishPurger aimed at this Varnish."""
        from core.edge import VarnishPurger

        return VarnishPurger([self.purge_url], timeout=timeout)

    def request(self, method, path, headers=None, body=None, source_address=None):
        """(status, headers as a case-insensitive message, body bytes), straight to this Varnish."""
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=source_address
        )
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def admin(self, *command):
        """Run one varnishadm command against this Varnish (`"backend.list"`); its output."""
        varnishadm = shutil.which("varnishadm") or "/usr/bin/varnishadm"
        result = subprocess.run(
            [varnishadm, "-n", str(self.workdir / "instance"), *command],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return result.stdout

    def log(self):
        """What varnishd printed so far (for assertion messages)."""
        path = self.workdir / "varnishd.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _answers(port):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        # A PURGE without keys: answered by the VCL itself, touching no backend and no object.
        connection.request("PURGE", "/", headers={"Host": "localhost"})
        answered = connection.getresponse().status == 400
        connection.close()
        return answered
    except OSError:
        return False


@contextlib.contextmanager
def private_varnish(backend_port=None, *, servers=None, purgers="", probe_host="localhost"):
    """A varnishd of the caller's own on a free port, in front of 127.0.0.1:`backend_port`
    (or of `servers`, "host:port" strings); stopped and removed on exit. Skips without one."""
    reason = varnish_missing()
    if reason:
        pytest.skip(reason)
    servers = servers or [f"127.0.0.1:{backend_port}"]
    workdir = Path(tempfile.mkdtemp(prefix="marquee-varnish-"))
    vcl = workdir / "marquee.vcl"
    vcl.write_text(
        render_vcl(
            MARQUEE_VARNISH_SERVERS=" ".join(servers),
            MARQUEE_VARNISH_PURGERS=purgers,
            MARQUEE_VARNISH_PROBE_HOST=probe_host,
        )
    )
    port = free_port()
    command = [
        VARNISHD,
        "-F",  # in the foreground, so this process owns it
        "-n", str(workdir / "instance"),
        "-a", f"127.0.0.1:{port}",
        "-f", str(vcl),
        "-s", "malloc,64m",
        "-T", "127.0.0.1:0",
        # No jail: as root the default jail switches to the varnish user, which cannot enter
        # a private temporary folder; as anyone else there is nothing to switch to.
        "-j", "none",
        "-p", "http_gzip_support=off",
        "-p", "vcc_allow_inline_c=off",
    ]  # fmt: skip
    with open(workdir / "varnishd.log", "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    varnish = PrivateVarnish(port=port, workdir=workdir, process=process)
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"varnishd did not start:\n{varnish.log()}")
            time.sleep(0.05)
        yield varnish
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Recorded:
    """One request a RecordingServer received."""

    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class RecordingServer:
    """An HTTP endpoint on a free port that records every request and answers `status`
    (after `delay` seconds), standing in for a purge API or a Varnish in unit tests."""

    def __init__(self, status=200, body=b'{"success": true}', delay=0.0):
        self.status, self.body, self.delay = status, body, delay
        self.requests = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one_request(self):
                self.raw_requestline = self.rfile.readline(65537)
                if not self.raw_requestline or not self.parse_request():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                recorder.requests.append(
                    Recorded(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        self.rfile.read(length),
                    )
                )
                time.sleep(recorder.delay)
                self.send_response(recorder.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(recorder.body)))
                self.end_headers()
                self.wfile.write(recorder.body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def recording_server(**kwargs):
    """A RecordingServer for the duration of the block."""
    server = RecordingServer(**kwargs)
    try:
        yield server
    finally:
        server.close()
