"""Real local servers for end-to-end tests: a webhook that records what arrives, and a feed
server whose behaviour (status, hang, Retry-After) can be changed while a daemon polls it."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Webhook:
    """A JSON webhook on 127.0.0.1: records every body; can answer 503, or stall on the n-th request."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received: list[dict[str, Any]] = []
        self.failing = False
        self.stall_on: int | None = None
        self.stalled, self.release = threading.Event(), threading.Event()
        self.server: ThreadingHTTPServer | None = None

    def url(self, path: str = "/hook", query: str = "rto=3&cto=1", user: str = "") -> str:
        return f"json://{user}127.0.0.1:{self.port}{path}?{query}"

    def start(self) -> Webhook:
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __enter__(self) -> Webhook:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self.server is not None:
            self.release.set()
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                if not hook.failing:
                    hook.received.append(body)
                if hook.stall_on == len(hook.received) and not hook.failing:
                    hook.stalled.set()
                    hook.release.wait(60)
                self.send_response(503 if hook.failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler


class FlakyFeed:
    """A feed endpoint whose answer the test changes: 'ok', 'error' (500) or 'hang'."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.mode = "ok"
        self.hits: list[tuple[float, str]] = []
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def __enter__(self) -> FlakyFeed:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.hits.append((time.monotonic(), feed.mode))
                if feed.mode == "hang":
                    feed.release.wait(60)
                    return
                status = 500 if feed.mode == "error" else 200
                body = b"oops" if status == 500 else feed.body
                self.send_response(status)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
