"""Papers filled from their DOI: authors (with ORCID iDs), venue, numbers, publisher, dates.

``enrich_publications`` looks each paper's DOI up (Crossref, DataCite for arXiv and
repositories, OpenAlex for the rest; see ``lookup``) and writes into it only what it lacks
(``fill``). A paper with an arXiv id and no DOI is looked up by arXiv's DataCite DOI, and
only its title and authors (and a preprint's date) are taken from there: the arXiv record
describes the preprint, not where the paper was published.

Offline unless told: answers come from the user's cache, and the network is asked only
with ``fetch``; what is not cached is reported as what ``--fetch`` would fill. Nothing here
prints, exits or writes the profile (``cvkit.build.api.enrich`` does).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from cvkit.importers.enrich import fill
from cvkit.importers.enrich.http import Client
from cvkit.importers.enrich.lookup import Lookup, Result, check_base_urls
from cvkit.support.links import bare_arxiv, bare_doi

__all__ = ["FILLABLE", "EnrichOptions", "Filled", "Report", "enrich_publications",
           "check_base_urls", "mailto_of"]

FILLABLE = fill.FILLABLE
# What the arXiv record of a paper known only by its arXiv id may fill.
FROM_ARXIV = ("title", "authors")


@dataclass(frozen=True)
class EnrichOptions:
    fetch: bool = False  # ask the network for what the cache does not hold
    mailto: str | None = None  # the email in the User-Agent (polite pools)
    max_requests: int = 200
    refresh: bool = False  # ask again where the cache has an answer (with fetch)
    only: frozenset[str] = frozenset()  # fill only these fields (FILLABLE names); all if empty
    timeout: float = 20.0
    sleep: Callable[[float], None] = time.sleep


@dataclass
class Filled:
    index: int  # in the profile's publications
    where: str  # publications[3] (10.1145/...)
    fields: list[str]  # the profile fields added
    registry: str


@dataclass
class Report:
    filled: list[Filled] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # not in the cache; --fetch would ask
    skipped: list[str] = field(default_factory=list)  # not asked (the request cap, a pause)
    notes: list[str] = field(default_factory=list)
    looked_up: int = 0
    requests: int = 0
    from_cache: int = 0

    def counts(self) -> dict[str, int]:
        """How many papers got each field."""
        out: dict[str, int] = {}
        for paper in self.filled:
            for name in paper.fields:
                out[name] = out.get(name, 0) + 1
        return out


def mailto_of(document: Any) -> str | None:
    """The profile's contact email, for the User-Agent when no --mailto is given."""
    contact = document.get("contact") if isinstance(document, MutableMapping) else None
    email = contact.get("email") if isinstance(contact, MutableMapping) else None
    return email if isinstance(email, str) and valid_mailto(email) else None


def valid_mailto(value: str) -> bool:
    """An address fit for a header: one @, no spaces or control characters."""
    return bool(re.fullmatch(r"[^\s@<>()\x00-\x1f\x7f]+@[^\s@<>()\x00-\x1f\x7f]+", value))


def _identifier(entry: Any) -> tuple[str, bool] | None:
    """The DOI to look the paper up by, and whether it comes from the arXiv id only."""
    doi = bare_doi(str(entry.get("doi") or "")).strip()
    if doi:
        return doi, False
    arxiv = bare_arxiv(str(entry.get("arxiv") or "")).strip()
    if arxiv:
        return "10.48550/arXiv." + re.sub(r"v\d+$", "", arxiv), True
    return None


def _allowed(entry: Any, via_arxiv: bool, only: frozenset[str]) -> list[str]:
    names = list(FROM_ARXIV) if via_arxiv else list(FILLABLE)
    if via_arxiv and entry.get("kind") == "preprint":
        names.append("date")
    return [n for n in names if not only or n in only]


def _lacks(entry: Any, names: Iterable[str]) -> bool:
    return any(not fill.written(entry, n) for n in names if n in fill.FILLABLE)


def enrich_publications(publications: Any, options: EnrichOptions,
                        select: Callable[[Any], bool] | None = None) -> Report:
    """Fill the publications (a list of mappings, edited in place) from their DOIs."""
    report = Report()
    client = Client(mailto=options.mailto, max_requests=options.max_requests,
                    timeout=options.timeout, sleep=options.sleep)
    lookup = Lookup(fetch=options.fetch, refresh=options.refresh, client=client)
    if options.fetch:
        report.notes += [f"{bad}; nothing asked" for bad in check_base_urls()]
        if report.notes:
            return report
    noted: set[str] = set()
    for i, entry in enumerate(publications if isinstance(publications, list) else []):
        if not isinstance(entry, MutableMapping) or (select and not select(entry)):
            continue
        found = _identifier(entry)
        allowed = _allowed(entry, found[1], options.only) if found else []
        if found is None or not _lacks(entry, allowed):
            continue
        doi, _ = found
        where = f"publications[{i}] ({doi})"
        report.looked_up += 1
        result = lookup.find(doi)
        _record(report, entry, result, allowed, (i, where), noted)
    report.requests, report.from_cache = client.used, lookup.from_cache
    return report


def _record(report: Report, entry: Any, result: Result, allowed: list[str],
            place: tuple[int, str], noted: set[str]) -> None:
    index, where = place
    if result.outcome == "pending":
        report.pending.append(where)
    elif result.outcome == "missing":
        report.notes.append(f"{where}: no registry knows this DOI (Crossref, DataCite, "
                            "OpenAlex); is it written right?")
    elif result.outcome == "skipped":
        report.skipped.append(where)
        if result.note not in noted:
            report.notes.append(f"{where}: {result.note}")
        noted.add(result.note)
    elif result.outcome == "failed":
        report.notes.append(f"{where}: {result.note}")
    else:
        values = fill.planned(entry, result.fields, allowed)
        if values:
            fill.apply(entry, values)
            report.filled.append(Filled(index, where, list(values), result.registry))
