"""What every section builder shares: the locale, the owner, the legend, and small helpers
turning profile text into rich text. A builder is registered by its section key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cvkit.document import Entry, Item, ItemList, NamedLink, Section, SectionKind, richtext
from cvkit.document.authors import Owner
from cvkit.document.richtext import Rich
from cvkit.profile.locale import Locale
from cvkit.profile.model import profile as m
from cvkit.profile.model.types import PartialDate
from cvkit.support.links import PROFILE_URLS, SITE_NAMES, is_web_url, shown_url

Builder = Callable[[m.Profile, "Ctx", str, str], Section | None]
BUILDERS: dict[str, Builder] = {}


def builds(key: str) -> Callable[[Builder], Builder]:
    """Register the builder of one section kind: ``@builds("awards")``."""
    def register(fn: Builder) -> Builder:
        BUILDERS[key] = fn
        return fn
    return register


@dataclass
class Ctx:
    style: str
    loc: Locale
    owner: Owner
    legend: dict[str, str]
    grouped_by_kind: bool = True
    citation_style: Path | None = None
    citation_order: str = "style"
    max_authors: int | None = None  # author lists cut around the owner to this many names

    def date(self, d: PartialDate | None) -> str:
        return self.loc.date(d, self.style)

    def when(self, entry: m.Dated) -> str:
        """One date, a period, or an ongoing period: a start with no end runs to Present."""
        if entry.date is not None:
            return self.date(entry.date)
        end = entry.end
        if entry.start is not None and end is None:
            end = PartialDate.parse("present")
        return self.loc.period(entry.start, end, self.style)


def rich(text: str | None) -> Rich:
    return richtext.parse(text) if text else ()


def items(highlights: Sequence[str | m.Bullet]) -> tuple[Item, ...]:
    out = []
    for h in highlights:
        if isinstance(h, m.Bullet):
            out.append(Item(rich(h.text), tuple(rich(i) for i in h.items)))
        else:
            out.append(Item(rich(h)))
    return tuple(out)


def bullets(highlights: Sequence[str | m.Bullet], label: str = "",
             ordered: bool = False) -> tuple[ItemList, ...]:
    return (ItemList(label, ordered, items(highlights)),) if highlights else ()


def named_links(links: dict[str, str], ctx: Ctx) -> tuple[NamedLink, ...]:
    return tuple(NamedLink(ctx.loc.links.get(k.lower(), k), v, k.lower()) for k, v in
                 links.items())


def listed(key: str, title: str, entries: list[Entry],
           kind: SectionKind = "entries") -> Section | None:
    """A section of these entries, or none when there are none to show."""
    return Section(key, title, kind, entries=tuple(entries)) if entries else None


def profile_links(links: m.Links) -> tuple[NamedLink, ...]:
    """A profile's links elsewhere, in the order every format prints them."""
    return (*(profile_link(k, getattr(links, k)) for k in SITE_NAMES if getattr(links, k)),
            *(NamedLink(o.label, o.url, "other", shown_url(o.url)) for o in links.other))


def profile_link(kind: str, value: str) -> NamedLink:
    """A profile link from a full URL or a handle ('@ada' on GitHub)."""
    if is_web_url(value):
        return NamedLink(SITE_NAMES.get(kind, kind.title()), value, kind, shown_url(value))
    handle = value.lstrip("@")
    url = PROFILE_URLS[kind].format(handle) if kind in PROFILE_URLS else value
    return NamedLink(SITE_NAMES.get(kind, kind.title()), url, kind, handle)
