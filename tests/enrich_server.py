"""A local stand-in for Crossref, DataCite and OpenAlex, serving recorded real answers.

One ``http.server`` on 127.0.0.1 (a free port) answers ``/crossref/works/{doi}``,
``/datacite/dois/{doi}`` and ``/openalex/works/https://doi.org/{doi}`` from
``tests/fixtures/enrich/<registry>/<doi with / as _>.json`` (404 with Crossref's own recorded
"Resource not found." otherwise), records every request (path and headers), and can be told
to answer a path otherwise first (``script``: a 429 with Retry-After, a web page, JSON cut
short). ``env()`` gives the three base-URL variables pointing at it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "enrich"
NOT_FOUND = (FIXTURES / "crossref" / "404-notarealdoi.txt").read_bytes()
ROUTES = {"crossref": "/works/", "datacite": "/dois/", "openalex": "/works/https://doi.org/"}

Reply = tuple[int, dict[str, str], bytes]


@dataclass
class Recorded:
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    script: dict[str, list[Reply]] = field(default_factory=dict)  # path -> replies, in turn
    port: int = 0

    def env(self) -> dict[str, str]:
        base = f"http://127.0.0.1:{self.port}"
        return {"CVKIT_CROSSREF_URL": f"{base}/crossref", "CVKIT_DATACITE_URL":
                f"{base}/datacite", "CVKIT_OPENALEX_URL": f"{base}/openalex",
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}

    @property
    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def fixture_reply(path: str) -> Reply:
    registry, _, rest = path.lstrip("/").partition("/")
    route = ROUTES.get(registry, "\0")
    if ("/" + rest).startswith(route):
        doi = ("/" + rest)[len(route):].lower()
        recorded = FIXTURES / registry / (doi.replace("/", "_") + ".json")
        if recorded.is_file():
            return 200, {"Content-Type": "application/json"}, recorded.read_bytes()
    return 404, {"Content-Type": "text/plain"}, NOT_FOUND


@contextmanager
def registries() -> Iterator[Recorded]:
    recorded = Recorded()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = unquote(self.path.split("?")[0])
            with lock:
                recorded.requests.append((path, dict(self.headers)))
                queued = recorded.script.get(path)
                reply = queued.pop(0) if queued else fixture_reply(path)
            status, headers, body = reply
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorded.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorded
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
