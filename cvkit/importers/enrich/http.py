"""Asking a metadata registry over HTTP: politely, within limits, never with a traceback.

One GET at a time with the standard library's urllib (cvkit has no HTTP client dependency,
and a few dozen sequential GETs need none): a User-Agent naming cvkit and the user's email
(Crossref's and OpenAlex's "polite pool"), a timeout, retries with exponential backoff on
timeouts, 5xx and 429 (``Retry-After`` honoured up to ``max_wait``), a cap on the requests of
a run and on the bytes of an answer. Every way an answer can be wrong (HTML, JSON cut short,
an unknown DOI, a registry asking to wait an hour) becomes an ``Answer`` with a note.
``sleep`` is injectable so tests never sleep.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from cvkit.support.limits import MiB, size
from cvkit.support.version import __version__

# A Crossref work lists its references: a review with a thousand of them is ~1 MB of JSON.
MAX_ANSWER_BYTES = 8 * MiB
RETRIED = {429, 500, 502, 503, 504}

Status = Literal["found", "missing", "failed", "skipped"]


@dataclass
class Answer:
    """found: ``data`` is the parsed JSON and ``body`` its bytes; missing: the registry does
    not know the DOI (404/410); failed: a bad answer (``note`` says what); skipped: not asked
    (the run's request cap, or the registry asked to wait longer than we do)."""

    status: Status
    data: Any = None
    body: bytes = b""
    note: str = ""


@dataclass
class Client:
    mailto: str | None = None
    max_requests: int = 200
    timeout: float = 20.0
    retries: int = 3
    max_wait: float = 30.0  # the longest Retry-After (or backoff) waited for, in seconds
    backoff: float = 1.0  # first wait after a failed attempt; doubled each time
    sleep: Callable[[float], None] = time.sleep
    used: int = 0
    paused: dict[str, str] = field(default_factory=dict)  # host -> why it is not asked again

    def user_agent(self) -> str:
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"cvkit/{__version__} (cvkit enrich{contact})"

    def get(self, url: str, registry: str) -> Answer:
        """The JSON at ``url``; ``registry`` names the service in notes."""
        host = urlsplit(url).netloc
        if host in self.paused:
            return Answer("skipped", note=self.paused[host])
        wait = self.backoff
        for attempt in range(self.retries + 1):
            if self.used >= self.max_requests:
                return Answer("skipped", note=f"not asked: this run's cap of "
                              f"{self.max_requests} requests was reached (--max-requests)")
            self.used += 1
            code, headers, body, problem = self._once(url)
            if code in RETRIED or (code is None and problem.startswith("no answer")):
                asked = _retry_after(headers)
                pause = asked if asked is not None else wait
                if pause > self.max_wait or attempt == self.retries:
                    why = (f"{registry} asked to wait {pause:.0f} s (HTTP {code})"
                           if asked is not None else
                           f"{registry} did not answer after {attempt + 1} tries ("
                           + (f"HTTP {code}" if code else problem) + ")")
                    self.paused[host] = f"not asked: {why} earlier in this run"
                    return Answer("failed", note=f"{why}; try again later")
                self.sleep(pause)
                wait *= 2
                continue
            return _answer(code, headers, body, problem, registry)
        raise AssertionError("unreachable")  # pragma: no cover - the loop always returns

    def _once(self, url: str) -> tuple[int | None, Mapping[str, str], bytes, str]:
        """One request: (status, headers, body up to the cap + 1 byte, problem)."""
        request = urllib.request.Request(url, headers={
            "Accept": "application/json", "User-Agent": self.user_agent()})
        try:
            with _opener().open(request, timeout=self.timeout) as response:
                headers, body = _lowered(response.headers), _read(response)
        except urllib.error.HTTPError as exc:
            try:
                body = _read(exc)
            except OSError:
                body = b""
            return exc.code, _lowered(exc.headers), body, ""
        except (urllib.error.URLError, TimeoutError, OSError, ValueError,
                http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            return None, {}, b"", f"no answer: {reason}"
        promised = headers.get("content-length", "")
        if promised.isdigit() and len(body) < min(int(promised), MAX_ANSWER_BYTES + 1):
            return None, {}, b"", f"no answer: cut off after {len(body)} of {promised} bytes"
        return response.status, headers, body, ""


def _lowered(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers.items() if headers else [])}


def _read(response: Any) -> bytes:
    data: bytes = response.read(MAX_ANSWER_BYTES + 1)
    return data


def _answer(code: int | None, headers: Mapping[str, str], body: bytes, problem: str,
            registry: str) -> Answer:
    if code is None:
        return Answer("failed", note=f"{registry}: {problem}")
    if code in (404, 410):
        return Answer("missing")
    if code != 200:
        return Answer("failed", note=f"{registry} answered HTTP {code}")
    if len(body) > MAX_ANSWER_BYTES:
        return Answer("failed", note=f"{registry}'s answer is larger than "
                      f"{size(MAX_ANSWER_BYTES)}; not read")
    if body.lstrip()[:1] == b"<":
        return Answer("failed", note=f"{registry} answered with a web page, not JSON (a proxy"
                      " or a login page in the way?)")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        where = f" at byte {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        return Answer("failed", note=f"{registry}'s answer is not whole JSON{where} (cut "
                      "short?)")
    return Answer("found", data=data, body=body)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds, or an HTTP date read against
    the answer's own ``Date``), or None."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        until = email.utils.parsedate_to_datetime(value)
        now = email.utils.parsedate_to_datetime(headers.get("date") or "")
    except (TypeError, ValueError):
        return None
    return max(0.0, (until - now).total_seconds())


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Redirects are followed to http(s) only."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> Any:
        if urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_HttpOnly())
