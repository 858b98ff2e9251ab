"""The names a profile's structure is made of: its section kinds (in their default order)
and the kinds and states of a publication."""

from __future__ import annotations

import typing
from typing import Literal

SectionKey = Literal[
    "about", "news", "education", "experience", "publications", "patents", "projects",
    "awards", "talks", "teaching", "service", "skills", "languages", "hobbies",
    "certificates", "references",
]
# The default order is the order above: a new section kind is added in one place.
DEFAULT_SECTION_ORDER: tuple[SectionKey, ...] = typing.get_args(SectionKey)
# Lists inside each entry of a section that max_entries can limit too, as SECTION.FIELD
# (at most N in every entry): a position's sub-projects, the highlights of a position or of
# a project.
NestedKey = Literal["experience.projects", "experience.highlights", "projects.highlights"]
NESTED_KEYS: tuple[NestedKey, ...] = typing.get_args(NestedKey)
LimitKey = Literal[SectionKey, NestedKey]

PublicationKind = Literal[
    "conference", "journal", "workshop", "preprint", "thesis", "book", "chapter", "patent",
    "report", "other",
]
PUBLICATION_KINDS: tuple[PublicationKind, ...] = typing.get_args(PublicationKind)
PublicationStatus = Literal["published", "in press", "to appear", "accepted", "under review",
                            "submitted", "in preparation", "preprint"]
PUBLICATION_STATUSES: tuple[PublicationStatus, ...] = typing.get_args(PublicationStatus)
