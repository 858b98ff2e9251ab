"""The sections of entries: about and news, positions with their roles and projects,
education, awards, patents, projects, talks, teaching, service, skills, languages, interests,
certificates and references."""

from __future__ import annotations

from collections.abc import Sequence

from cvkit.document import Entry, EntryGroup, Field, NamedLink, NewsItem, Section, richtext
from cvkit.document.authors import is_owner
from cvkit.document.richtext import Italic, LineBreak, Rich
from cvkit.profile.model import profile as m
from cvkit.view.context import Ctx, builds, bullets, listed, named_links, rich


@builds("about")
def _about(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    if not p.about and not p.interests:
        return None
    return Section(key, title, "about", about=rich(p.about), interests=tuple(p.interests))


@builds("news")
def _news(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    items = sorted(p.news, key=lambda n: n.date.sort_key, reverse=True)
    if not items:
        return None
    return Section(key, title, "news", news=tuple(
        NewsItem(ctx.date(n.date), rich(n.text), str(n.date or ""), n) for n in items))


@builds("experience")
def _experience(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = []
    for e in p.experience:
        roles = tuple((r.title, ctx.when(r)) for r in e.roles)
        groups: dict[str, list[Entry]] = {}
        for sp in e.projects:
            fields = (Field(ctx.loc.labels["motivation"], rich(sp.motivation)),) \
                if sp.motivation else ()
            lists = bullets(sp.contributions, ctx.loc.labels["contributions"], True) + \
                bullets(sp.highlights)
            groups.setdefault(sp.group or "", []).append(Entry(
                title=sp.name, date=ctx.when(sp), url=sp.url or "",
                summary=rich(sp.summary), fields=fields, lists=lists,
                links=named_links(sp.links, ctx), origin=sp))
        out.append(Entry(
            title=e.position or (roles[0][0] if roles else ""),
            subtitle=e.organization,
            date=ctx.when(e),
            location=e.location or "",
            url=e.url or "",
            summary=_described(rich(e.description), rich(e.summary)),
            lists=bullets(e.highlights),
            roles=roles,
            groups=tuple(EntryGroup(g, tuple(es)) for g, es in groups.items()),
            origin=e,
        ))
    return listed(key, title, out)


def _described(description: Rich, summary: Rich) -> Rich:
    """What an organisation does (JSON Resume's `description`), in italics above the
    summary of what the person did there."""
    if not description:
        return summary
    return (Italic(description),) + ((LineBreak(),) + summary if summary else ())


@builds("education")
def _education(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    lab = ctx.loc.labels
    out = []
    for e in p.education:
        degree = ", ".join(filter(None, [e.degree, e.field]))
        fields = []
        if e.gpa:
            fields.append(Field(lab["gpa"], richtext.literal(e.gpa)))
        if e.honors:
            fields.append(Field(lab["honors"], richtext.literal(e.honors)))
        if e.thesis:
            fields.append(Field(lab["thesis"], richtext.literal(e.thesis)))
        if e.supervisors:
            joined: list[richtext.Node] = []
            for i, s in enumerate(e.supervisors):
                if i:
                    joined.append(richtext.Text(", "))
                joined.extend(rich(s))
            fields.append(Field(lab["supervisors" if len(e.supervisors) > 1 else "supervisor"],
                                tuple(joined)))
        out.append(Entry(title=degree or e.institution, subtitle=e.institution if degree else "",
                         date=ctx.when(e), location=e.location or "",
                         url=e.url or "", fields=tuple(fields), lists=bullets(e.notes),
                         origin=e))
    return listed(key, title, out)


@builds("awards")
def _awards(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=a.title, subtitle=a.awarder or "", badge=a.rank or "",
                 date=ctx.date(a.date), url=a.url or "", summary=rich(a.note), origin=a)
           for a in p.awards]
    return listed(key, title, out)


@builds("patents")
def _patents(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = []
    for x in p.patents:
        sub = ", ".join(filter(None, [x.office, x.number]))
        fields = (Field("", tuple(_author_rich(x.inventors, ctx))),) if x.inventors else ()
        out.append(Entry(title=x.title, subtitle=sub, badge=x.status or "",
                         date=ctx.date(x.date), url=x.url or "", summary=rich(x.note),
                         fields=fields, origin=x))
    return listed(key, title, out)


def _author_rich(names: Sequence[str], ctx: Ctx) -> list[richtext.Node]:
    nodes: list[richtext.Node] = []
    for i, n in enumerate(names):
        if i:
            nodes.append(richtext.Text(", "))
        nodes.append(richtext.Bold((richtext.Text(n),)) if is_owner(n, ctx.owner.keys)
                     else richtext.Text(n))
    return nodes


@builds("projects")
def _projects(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = []
    for x in p.projects:
        fields = (Field("", richtext.literal(", ".join(x.keywords))),) if x.keywords else ()
        out.append(Entry(title=x.name, subtitle=", ".join(filter(None, [x.role, x.organization])),
                         date=ctx.when(x), location=x.location or "",
                         url=x.url or "", summary=rich(x.summary), fields=fields,
                         lists=bullets(x.highlights), links=named_links(x.links, ctx),
                         origin=x))
    return listed(key, title, out)


@builds("talks")
def _talks(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.title, subtitle=", ".join(filter(None, [t.event, t.location])),
                 date=ctx.date(t.date), url=t.url or "", origin=t)
           for t in p.talks]
    return listed(key, title, out)


@builds("teaching")
def _teaching(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=t.course, subtitle=", ".join(filter(None, [t.role, t.institution])),
                 date=ctx.when(t), summary=rich(t.note), origin=t)
           for t in p.teaching]
    return listed(key, title, out)


@builds("service")
def _service(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=s.role, subtitle=s.organization or "", date=ctx.when(s),
                 summary=rich(s.note), origin=s)
           for s in p.service]
    return listed(key, title, out)


def _named_words(key: str, title: str, pairs: list[tuple[str, str, object]],
                 tags: list[tuple[str, ...]] | None = None) -> Section | None:
    """A short list of names and words (skills, languages, interests): a "skills" section;
    ``tags``: each entry's words as a design may draw them, one tag each."""
    out = [Entry(title=name, summary=richtext.literal(words), origin=source,
                 tags=tags[i] if tags else ())
           for i, (name, words, source) in enumerate(pairs)]
    return listed(key, title, out, kind="skills")


@builds("skills")
def _skills(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    return _named_words(key, title, [(s.category, ", ".join(s.items), s) for s in p.skills],
                        tags=[tuple(s.items) for s in p.skills])


@builds("languages")
def _languages(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    return _named_words(key, title, [(lang.language, lang.fluency or "", lang)
                                     for lang in p.languages])


@builds("hobbies")
def _hobbies(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    return _named_words(key, title, [(h.name, ", ".join(h.keywords), h) for h in p.hobbies])


@builds("certificates")
def _certificates(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = [Entry(title=c.name, subtitle=c.issuer or "", date=ctx.date(c.date), url=c.url or "",
                 origin=c)
           for c in p.certificates]
    return listed(key, title, out)


@builds("references")
def _references(p: m.Profile, ctx: Ctx, key: str, title: str) -> Section | None:
    out = []
    for r in p.references:
        links = []
        if r.email:
            links.append(NamedLink(ctx.loc.labels["email"], f"mailto:{r.email}", "email",
                                   r.email))
        if r.phone:
            links.append(NamedLink(ctx.loc.labels["phone"], "", "phone", r.phone))
        out.append(Entry(title=r.name, subtitle=r.relation or "", summary=rich(r.text),
                         links=tuple(links), origin=r))
    return listed(key, title, out)
