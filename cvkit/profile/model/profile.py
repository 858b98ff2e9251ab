"""What a person writes: the profile, one small class per kind of entry."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from cvkit.profile.model.kinds import PublicationKind, PublicationStatus
from cvkit.profile.model.layout import Layout, Variant
from cvkit.profile.model.types import (
    ArxivId,
    Doi,
    Email,
    LocalImage,
    Markdown,
    Model,
    Numbering,
    Orcid,
    PartialDate,
    Text,
    Title,
    Url,
    end_before_start,
)


class Entry(Model):
    """Every entry can be tagged (for tailored variants) and hidden (kept but not shown)."""

    tags: list[Text] = Field(default_factory=list, description="Free labels used by variants.")
    hidden: bool = Field(False, description="Keep in the profile but leave out of every export.")


class Dated(Entry):
    start: PartialDate | None = None
    end: PartialDate | None = Field(
        None, description="A date, or 'present' (also 'now', 'current', '至今'). A start with "
        "no end is ongoing (… – Present).")
    date: PartialDate | None = Field(
        None, description="One date instead of start and end: a hackathon, a one-day event.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Dated:
        if self.date is not None and (self.start is not None or self.end is not None):
            raise PydanticCustomError(
                "date_or_range", "write either date (one date) or start and end (a period), "
                "not both")
        end_before_start(self.start, self.end)
        return self


# -- identity ---------------------------------------------------------------------------------


class Contact(Model):
    email: Email | None = None
    phone: Text | None = None
    website: Url | None = None
    location: Text | None = None


class NamedLink(Model):
    label: Text
    url: Url


class Links(Model):
    """Profiles elsewhere. A bare handle or id is enough; cvkit builds the URL."""

    github: Text | None = None
    scholar: Text | None = Field(None, description="Google Scholar URL or user id.")
    orcid: Text | None = None
    linkedin: Text | None = None
    dblp: Text | None = None
    twitter: Text | None = Field(None, description="X/Twitter handle or URL.")
    semantic_scholar: Url | None = None
    researchgate: Url | None = None
    other: list[NamedLink] = Field(default_factory=list)


# -- entries ----------------------------------------------------------------------------------


class NewsItem(Entry):
    date: PartialDate
    text: Markdown




class Person(Model):
    """An author or editor with an identifier, written beside plain names:
    ``{name: Weilin Cai*, orcid: 0000-0002-1825-0097}``."""

    name: Text = Field(min_length=1, description="The name as printed, marks (* †) after it.")
    orcid: Orcid | None = Field(
        None, description="The person's ORCID iD: the profile's owner when it is the "
        "profile's own (links.orcid), however the name is spelled.")


Named = Text | Person
"""A person in an author or editor list: a name, or a name with an identifier."""


def name_of(person: str | Person) -> str:
    """The name as written (marks included) of a plain or identified person."""
    return person.name if isinstance(person, Person) else person


class Publication(Entry):
    title: Title
    authors: list[Named] = Field(
        default_factory=list,
        description="Names as printed; trailing marks such as * or † refer to layout.author_marks."
        " A last author 'others' or 'et al.' prints as et al.; a paper may list none. A name "
        "may carry its ORCID iD: {name: Ada Park, orcid: 0000-0002-1825-0097}.",
    )
    editors: list[Named] = Field(
        default_factory=list, description="Editors of the book or proceedings, as authors.")
    venue: Text | None = Field(None, description="Full venue name: the journal, the "
                               "conference, the book a chapter is in.")
    venue_tag: Text | None = Field(None, description="Short tag such as MLSys '26.")
    kind: PublicationKind = "conference"
    status: PublicationStatus = Field(
        "published", description="Where the paper stands; a citation style prints it where "
        "it has a place for it (APA: (in press), (under review) ...).")
    date: PartialDate | None = None
    original_date: PartialDate | None = Field(
        None, description="When the work first appeared (a reprint, a translation, a new "
        "edition): APA's (Original work published 1923).")
    volume: Numbering | None = None
    issue: Numbering | None = None
    pages: Numbering | None = None
    article_number: Numbering | None = Field(
        None, description="The article's number where the journal gives one instead of "
        "pages (e-locator: e0270533, 102882): APA's 'Article 102882', IEEE's 'Art. no.'.")
    book_title: Text | None = Field(
        None, description="The book or proceedings volume the paper or chapter appears in, "
        "where its title differs from the venue (Proceedings of the 41st International "
        "Conference on Machine Learning).")
    edition: Numbering | None = Field(None, description="2, or 2nd rev.")
    series: Text | None = Field(None, description="The series a book or proceedings is "
                                "in: Lecture Notes in Computer Science.")
    number: Numbering | None = Field(
        None, description="A report's, patent's or standard's number: TR-2024-01, "
                          "US 11,234,567 B2.")
    publisher: Text | None = None
    publisher_place: Text | None = Field(None, description="Where the publisher is: "
                                         "Cambridge, MA.")
    institution: Text | None = Field(
        None, description="The university of a thesis, the institution of a report (where "
        "not given as the venue).")
    thesis_type: Text | None = Field(
        None, description="PhD thesis, Master's thesis, Doctoral dissertation (a thesis "
        "is a doctoral one unless this says otherwise).")
    isbn: Text | None = None
    issn: Text | None = None
    language: Text | None = Field(None, description="The work's language when it is not "
                                  "the CV's: en, de, zh ...")
    doi: Doi | None = None
    arxiv: ArxivId | None = None
    url: Url | None = None
    links: dict[Text, Url] = Field(
        default_factory=dict, description="Named links: pdf, code, slides, video, project, ..."
    )
    award: Text | None = Field(None, description="Award or badge, e.g. Best Paper Award.")
    note: Markdown | None = Field(None, description="E.g. 'Impact: adopted in ...'.")
    highlights: list[Markdown] = Field(default_factory=list)
    abstract: Markdown | None = None
    bibtex: Text | None = Field(
        None, description="BibTeX to offer for copying; generated if absent.")
    selected: bool = False
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                                           max_length=80)] | None = Field(
        None, description="The paper's address on the homepage (publications/<slug>/) and "
        "its anchor; by default made from the title. Set it to keep a page where it is "
        "(indexed by Google Scholar) when the title changes.")

    @property
    def author_names(self) -> list[str]:
        """The authors as written (marks included), identified or not."""
        return [name_of(a) for a in self.authors]

    @property
    def editor_names(self) -> list[str]:
        return [name_of(a) for a in self.editors]


class Bullet(Model):
    """A highlight with one level of sub-items."""

    text: Markdown
    items: list[Markdown] = Field(default_factory=list)


Highlight = Markdown | Bullet


class SubProject(Dated):
    name: Text
    url: Url | None = None
    links: dict[Text, Url] = Field(default_factory=dict)
    group: Text | None = Field(None, description="Heading that groups projects within a role.")
    summary: Markdown | None = None
    motivation: Markdown | None = None
    contributions: list[Markdown] = Field(default_factory=list)
    highlights: list[Highlight] = Field(default_factory=list)


class Role(Dated):
    title: Text


class Position(Dated):
    organization: Text
    position: Text | None = Field(None, description="Job title; use `roles` for several.")
    roles: list[Role] = Field(default_factory=list, description="Several titles at one place.")
    location: Text | None = None
    url: Url | None = None
    description: Markdown | None = Field(
        None, description="What the organisation does, printed under its name.")
    summary: Markdown | None = None
    highlights: list[Highlight] = Field(default_factory=list)
    projects: list[SubProject] = Field(default_factory=list)


class Education(Dated):
    institution: Text
    degree: Text | None = None
    field: Text | None = None
    location: Text | None = None
    url: Url | None = None
    gpa: Text | None = None
    honors: Text | None = None
    supervisors: list[Markdown] = Field(default_factory=list)
    thesis: Text | None = None
    notes: list[Markdown] = Field(default_factory=list)


class Award(Entry):
    title: Text
    awarder: Text | None = None
    rank: Text | None = Field(None, description="Rank or prize, e.g. National Champion.")
    date: PartialDate | None = None
    url: Url | None = None
    note: Markdown | None = None


class Patent(Entry):
    title: Text
    inventors: list[Text] = Field(default_factory=list)
    number: Text | None = None
    office: Text | None = None
    status: Text | None = Field(None, description="Granted, Filed, Pending, ...")
    date: PartialDate | None = None
    url: Url | None = None
    note: Markdown | None = None


class Project(Dated):
    name: Text
    role: Text | None = None
    organization: Text | None = None
    location: Text | None = None
    url: Url | None = None
    links: dict[Text, Url] = Field(default_factory=dict)
    summary: Markdown | None = None
    highlights: list[Highlight] = Field(default_factory=list)
    keywords: list[Text] = Field(default_factory=list)


class Talk(Entry):
    title: Text
    event: Text | None = None
    location: Text | None = None
    date: PartialDate | None = None
    url: Url | None = None


class Teaching(Dated):
    course: Text
    role: Text | None = None
    institution: Text | None = None
    note: Markdown | None = None


class Service(Dated):
    role: Text
    organization: Text | None = None
    note: Markdown | None = None


class SkillGroup(Entry):
    category: Text
    items: list[Text] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _json_resume_form(cls, value: Any) -> Any:
        """JSON Resume's {name, keywords} is the same group: accept it as written."""
        if isinstance(value, dict) and "category" not in value and "items" not in value \
                and "name" in value and "keywords" in value:
            value = {("category" if k == "name" else "items" if k == "keywords" else k): v
                     for k, v in value.items()}
        return value


class Language(Entry):
    language: Text
    fluency: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        """`languages: [Spanish, English]`: a name alone is a language."""
        if isinstance(value, str):
            return {"language": value}
        return value


class Interest(Entry):
    """A personal interest (JSON Resume's `interests`): chess, alpine climbing ..."""

    name: Text
    keywords: list[Text] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Certificate(Entry):
    name: Text
    issuer: Text | None = None
    date: PartialDate | None = None
    url: Url | None = None


class Reference(Entry):
    name: Text
    relation: Text | None = Field(None, description="E.g. PhD supervisor, HKUST (Guangzhou).")
    email: Email | None = None
    phone: Text | None = None
    text: Markdown | None = Field(None, description="A quote from the reference.")


# -- the profile ------------------------------------------------------------------------------


class Profile(Model):
    """One person's CV data. Every exporter reads it through the view (cvkit.view)."""

    name: Text = Field(min_length=1)
    aliases: list[Text] = Field(default_factory=list,
                                description="Other spellings used in author lists (W. Cai).")
    headline: Text | None = None
    photo: LocalImage | None = Field(None, description="Image path relative to the profile file.")
    contact: Contact = Field(default_factory=Contact)
    links: Links = Field(default_factory=Links)
    about: Markdown | None = None
    interests: list[Text] = Field(default_factory=list)
    news: list[NewsItem] = Field(default_factory=list)
    publications: list[Publication] = Field(default_factory=list)
    experience: list[Position] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    awards: list[Award] = Field(default_factory=list)
    patents: list[Patent] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    talks: list[Talk] = Field(default_factory=list)
    teaching: list[Teaching] = Field(default_factory=list)
    service: list[Service] = Field(default_factory=list)
    skills: list[SkillGroup] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    hobbies: list[Interest] = Field(
        default_factory=list, description="Personal interests, printed as 'Interests' "
        "(research interests go in `interests`).")
    certificates: list[Certificate] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    layout: Layout = Field(default_factory=Layout)
    variants: dict[Text, Variant] = Field(
        default_factory=dict, description="Named selections for `cvkit export --variant`.")
    extra: dict[str, Any] = Field(
        default_factory=dict,
        description="Data kept from an import that cvkit has no field for (never printed); "
                    "exporting back to that format restores it.")
