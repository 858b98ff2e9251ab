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


def arxiv_url(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


def bare_doi(value: str) -> str:
    """A DOI as stored: '10.1145/…', whatever resolver URL or 'doi:' it came with."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
