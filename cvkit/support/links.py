"""URLs cvkit builds: profile pages from handles, DOI and arXiv links, how a URL is shown."""

from __future__ import annotations

import re

SITE_NAMES = {
    "github": "GitHub", "scholar": "Google Scholar", "orcid": "ORCID", "linkedin": "LinkedIn",
    "dblp": "DBLP", "twitter": "X", "semantic_scholar": "Semantic Scholar",
    "researchgate": "ResearchGate",
}
PROFILE_URLS = {
    "github": "https://github.com/{}",
    "scholar": "https://scholar.google.com/citations?user={}",
    "orcid": "https://orcid.org/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "dblp": "https://dblp.org/pid/{}",
    "twitter": "https://x.com/{}",
}


def shown_url(url: str) -> str:
    """'https://www.example.org/' -> 'example.org': a URL as printed."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


# A new-style (2508.18376) or old-style (hep-th/9901001) arXiv id, with its version or not.
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def bare_arxiv(value: str) -> str:
    """An arXiv id as stored: '2508.18376', whatever URL or 'arXiv:' it came with."""
    value = re.sub(r"^(https?://arxiv\.org/(abs|pdf)/|arxiv:)", "", value.strip(), flags=re.I)
    return value.removesuffix(".pdf")


def arxiv_url(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


ORCID_ID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def bare_orcid(value: str) -> str:
    """An ORCID iD as stored: '0000-0002-1825-0097', whatever URL it came with."""
    return re.sub(r"^(https?://)?(www\.)?orcid\.org/", "", value.strip(), flags=re.I).rstrip("/")


def orcid_checks(orcid: str) -> bool:
    """The iD's last character is its check digit (ISO 7064 MOD 11-2)."""
    total = 0
    for digit in orcid.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return orcid[-1] == ("X" if check == 10 else str(check))


def bare_doi(value: str) -> str:
    """A DOI as stored: '10.1145/…', whatever resolver URL or 'doi:' it came with."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
