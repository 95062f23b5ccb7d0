"""Servers of a test's own for the edge cache: a recording HTTP endpoint standing in for a
purge API or a Varnish."""

import contextlib
import http.server
import json
import threading
import time
from dataclasses import dataclass


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
