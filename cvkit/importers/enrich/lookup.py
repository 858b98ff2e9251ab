"""Which registry knows a DOI, and its answer: from the user's cache, or asked when allowed.

Crossref registers most papers' DOIs, DataCite arXiv's (``10.48550/arXiv.*``), Zenodo's and
other repositories'; OpenAlex indexes both and the smaller agencies (mEDRA, JaLC ...) as
well. A DOI is asked of its likely registry first and of the next one on a 404. Answers
(and 404s) are kept in the user's cache (``cvkit.support.cache``: private, authenticated) under the
registry and the DOI, so a second run asks nothing; a bad answer is never kept.

Base URLs come from ``CVKIT_CROSSREF_URL``, ``CVKIT_DATACITE_URL`` and ``CVKIT_OPENALEX_URL``
(a mirror, or a test's local server).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from cvkit.importers.enrich import crossref, datacite, openalex
from cvkit.importers.enrich.http import Answer, Client
from cvkit.support import cache

CACHE_KIND = "doi"


@dataclass(frozen=True)
class Registry:
    key: str
    name: str
    env: str
    default: str
    path: str  # the record's path under the base URL; {doi} is filled in, quoted
    read: Callable[[Any], dict[str, Any] | None]  # answer JSON -> fields, None: not a record

    def base(self) -> str:
        return (os.environ.get(self.env) or self.default).rstrip("/")

    def url(self, doi: str) -> str:
        return self.base() + self.path.format(doi=quote(doi, safe="/:"))


REGISTRIES = {
    "crossref": Registry("crossref", "Crossref", "CVKIT_CROSSREF_URL",
                         "https://api.crossref.org", "/works/{doi}", crossref.read),
    "datacite": Registry("datacite", "DataCite", "CVKIT_DATACITE_URL",
                         "https://api.datacite.org", "/dois/{doi}", datacite.read),
    "openalex": Registry("openalex", "OpenAlex", "CVKIT_OPENALEX_URL",
                         "https://api.openalex.org", "/works/https://doi.org/{doi}",
                         openalex.read),
}
# DOI prefixes DataCite registers for sources papers come from: arXiv, Zenodo, figshare,
# Dryad, OSF. Other DOIs are asked of Crossref first.
DATACITE_PREFIXES = ("10.48550/", "10.5281/", "10.6084/", "10.5061/", "10.17605/")


def registries_for(doi: str) -> list[Registry]:
    first = ("datacite", "crossref") if doi.lower().startswith(DATACITE_PREFIXES) else \
        ("crossref", "datacite")
    return [REGISTRIES[k] for k in (*first, "openalex")]


def check_base_urls() -> list[str]:
    """A base URL that is not http(s): one message each (nothing is asked of it)."""
    bad = []
    for registry in REGISTRIES.values():
        parts = urlsplit(registry.base())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad.append(f"{registry.env}={registry.base()!r} is not an http(s) URL")
    return bad


Outcome = Literal["found", "missing", "pending", "failed", "skipped"]


@dataclass
class Result:
    """found: ``fields`` from ``registry``; missing: no registry knows the DOI; pending: not
    in the cache and the network not allowed; failed/skipped: ``note`` says why."""

    outcome: Outcome
    fields: dict[str, Any] = field(default_factory=dict)
    registry: str = ""
    note: str = ""


@dataclass
class Lookup:
    fetch: bool = False
    refresh: bool = False  # ask again even where the cache has an answer
    client: Client = field(default_factory=Client)
    from_cache: int = 0

    def find(self, doi: str) -> Result:
        for registry in registries_for(doi):
            result = self._ask(registry, doi)
            if result.outcome != "missing":
                return result
        return Result("missing")

    def _ask(self, registry: Registry, doi: str) -> Result:
        kept = None if self.refresh else _cached(registry, doi)
        if kept is not None:
            self.from_cache += 1
            answer = kept
        elif not self.fetch:
            return Result("pending")
        else:
            answer = self.client.get(registry.url(doi), registry.name)
        if answer.status == "missing":
            if kept is None:
                _keep(registry, doi, 404, b"")
            return Result("missing")
        if answer.status != "found":
            return Result(answer.status, note=answer.note)
        fields = registry.read(answer.data)
        if fields is None:
            return Result("failed", note=f"{registry.name}'s answer holds no record of {doi}")
        if kept is None:
            _keep(registry, doi, 200, answer.body)
        return Result("found", fields, registry.name)


def _entry(registry: Registry, doi: str) -> str:
    # The server asked is part of the key: a mirror's (or a test server's) answers are never
    # served later as the registry's own.
    key = f"{registry.key}\0{registry.base()}\0{doi.lower()}"
    return hashlib.sha256(key.encode()).hexdigest()[:40] + ".json"


def _cached(registry: Registry, doi: str) -> Answer | None:
    raw = cache.read(CACHE_KIND, _entry(registry, doi))
    if raw is None:
        return None
    status, _, body = raw.partition(b"\n")
    if status == b"404":
        return Answer("missing")
    try:
        return Answer("found", data=json.loads(body), body=body)
    except ValueError:
        return None


def _keep(registry: Registry, doi: str, status: int, body: bytes) -> None:
    cache.write(CACHE_KIND, _entry(registry, doi), str(status).encode() + b"\n" + body)
