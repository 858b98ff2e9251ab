"""A long generated profile whose entries differ in length, for page-break tests.

Deterministic (no random draws): lengths cycle through co-prime periods, so titles, author
lists and bullet counts vary the way a real list does and land at every position on a page.
Every entry carries unique words, so its pieces can be found in each page's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvkit.document import KEEP_WHOLE_LINES, LINE_CHARS

WORDS = ("scalable adaptive sparse distributed robust efficient hierarchical federated "
         "probabilistic incremental streaming secure verified elastic").split()
NOUNS = ("training inference compilation scheduling retrieval storage networks graphs "
         "kernels accelerators caches languages").split()
PEOPLE = ["Bo Chen", "Chen Li", "Dana Ortiz", "Eve Park", "Farid Haddad", "Greta Lind",
          "Hiro Sato", "Ines Duarte", "Jun Wang", "Kofi Mensah", "Lena Vogel", "Mia Rossi"]


@dataclass(frozen=True)
class Piece:
    """One entry, and the texts that must be found together on one page."""

    kind: str
    together: tuple[str, ...]


def _phrase(i: int, n: int) -> str:
    return " ".join(f"{WORDS[(i * 7 + k * 3) % len(WORDS)]} {NOUNS[(i + k * 5) % len(NOUNS)]}"
                    for k in range(n))


def long_profile(papers: int = 120, positions: int = 30, schools: int = 8,
                 awards: int = 20) -> tuple[str, list[Piece]]:
    lines = ["name: Ada Q. Researcher", "contact: {email: ada@example.org}", "publications:"]
    pieces: list[Piece] = []
    for i in range(papers):
        title = f"Paper{i}x {_phrase(i, 1 + i % 7)}"
        authors = ["Ada Q. Researcher", *[PEOPLE[(i + k) % len(PEOPLE)] for k in range(i % 11)]]
        last = f"Zed{i}y Author"
        authors.append(last)
        lines += [f"  - title: '{title}'", f"    authors: [{', '.join(authors)}]",
                  f"    venue: Venue{i}v on {_phrase(i + 3, 1 + i % 3)}",
                  f"    kind: {'journal' if i % 4 == 0 else 'conference'}",
                  f"    date: {2026 - i // 12}-{1 + i % 12:02d}"]
        if i % 5 == 0:
            lines.append(f"    note: 'Note{i}n {_phrase(i + 1, 2 + i % 4)}'")
        pieces.append(Piece("paper", (title, last, f"Venue{i}v")
                            + ((f"Note{i}n",) if i % 5 == 0 else ())))
    lines.append("experience:")
    for i in range(positions):
        bullets = [f"Did{i}b{k} {_phrase(i + k, 1 + (i + k) % 5)}" for k in range(1 + i % 8)]
        lines += [f"  - organization: Org{i}o Institute", f"    position: Role{i}r Scientist",
                  f"    start: {2025 - i}-01", f"    end: {2026 - i}-01",
                  "    location: Zürich, Switzerland", "    highlights:"]
        lines += [f"      - '{b}'" for b in bullets]
        # A long entry keeps its heading with its first lines; a short one stays whole.
        printed = sum(-(-len(b) // LINE_CHARS) for b in bullets)
        short = printed <= KEEP_WHOLE_LINES
        kept = bullets if short else bullets[:1]
        pieces.append(Piece("position", (f"Org{i}o", f"Role{i}r", *(b.split()[0] for b in kept))))
    lines.append("education:")
    for i in range(schools):
        lines += [f"  - institution: School{i}s University", "    degree: Ph.D.",
                  f"    field: Field{i}f of Study", f"    start: {2010 - i * 4}-09",
                  f"    end: {2014 - i * 4}-06", f"    thesis: 'Thesis{i}t {_phrase(i, 3)}'",
                  f"    supervisors: ['Prof. Sup{i}v Adviser']", "    gpa: 3.9 / 4.0"]
        pieces.append(Piece("education", (f"School{i}s", f"Thesis{i}t", f"Sup{i}v")))
    lines.append("awards:")
    for i in range(awards):
        lines += [f"  - title: 'Award{i}a for {_phrase(i, 1 + i % 4)}'",
                  f"    rank: Rank{i}k Prize", f"    date: {2026 - i}"]
        pieces.append(Piece("award", (f"Award{i}a", f"Rank{i}k")))
    return "\n".join(lines) + "\n", pieces
