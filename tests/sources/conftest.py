"""A local HTTP server for URL and feed imports (tests never reach the internet)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Called instead of answering at once (a slow server); returns nothing.
    before: Callable[[], None] | None = None


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path, Route(status=404, body=b"not found"))
                if route.before is not None:
                    route.before()
                if (
                    route.status == 200
                    and "ETag" in route.headers
                    and self.headers.get("If-None-Match") == route.headers["ETag"]
                ):
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200, **kwargs: Any) -> str:
        self.routes[path] = Route(status=status, body=body.encode() if isinstance(body, str) else body, **kwargs)
        return self.url(path)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def allow_local_fetches(settings: Any) -> None:
    """The explicit allow-list an intranet would set; without it 127.0.0.1 is refused."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.FETCH_TIMEOUT_SECONDS = 2


def article_html(
    *, title: str, body_paragraphs: list[str], author: str = "", published: str = "", site: str = ""
) -> str:
    meta = ""
    if author:
        meta += f'<meta name="author" content="{author}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    if site:
        meta += f'<meta property="og:site_name" content="{site}">'
    paragraphs = "".join(f"<p>{p}</p>" for p in body_paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{paragraphs}</article>"
        f"<footer>Copyright the publisher</footer></body></html>"
    )
